import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

describe('the npm package', () => {
  it('packs compiled JS, types, the rotation handler and the JSON Schema, and works when imported into a fresh CDK app', () => {
    const work = mkdtempSync(join(tmpdir(), 'bulwark-pack-'));
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' })) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed.files.map((file) => file.path);
    for (const expected of [
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/aws/secrets/rotation-handler/index.js',
      'dist/lib/aws/secrets/rotation-handler/rotate.js',
      'schema/profile.schema.json',
      'dist/bin/bulwark.js',
      'dist/lib/cloudflare/index.js',
    ]) {
      expect(files, expected).toContain(expected);
    }
    expect(files.some((file) => file.startsWith('lib/') || file.startsWith('test/'))).toBe(false);

    // A fresh app outside the repository: the package unpacked as a dependency, its peers from the registry copy here.
    const app = join(work, 'app');
    mkdirSync(join(app, 'node_modules', 'bulwark'), { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', join(app, 'node_modules', 'bulwark'), '--strip-components=1']);
    writeFileSync(
      join(app, 'main.js'),
      [
        "const { App, Stack } = require('aws-cdk-lib');",
        "const { HardenedWebAcl, extendPreset } = require('bulwark');",
        "const app = new App({ outdir: 'cdk.out' });",
        "new HardenedWebAcl(new Stack(app, 'Existing'), 'Waf', { profile: extendPreset('strict', { name: 'existing' }) });",
        'app.synth();',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8', env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
    expect(result.status, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(app, 'cdk.out', 'Existing.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).map((r) => r.Type)).toContain('AWS::WAFv2::WebACL');
  });
});
