import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

describe('bin/bulwark.ts', () => {
  it('is executable as built, so `npx bulwark` runs it where the package is installed', () => {
    expect(statSync(join(root, 'dist', 'bin', 'bulwark.js')).mode & 0o111).toBe(0o111);
  });

  it("runs the README's Quick start command on a checkout, without a build: the bundled strict profile passes", () => {
    const quickStart = /```sh\n(npm ci && [^\n#]+?)\s+#/.exec(readFileSync(join(root, 'README.md'), 'utf8'))?.[1];
    expect(quickStart).toBe('npm ci && npm run bulwark -- doctor examples/profiles/strict.yaml');
    const [, ...args] = quickStart!.replace('npm ci && ', '').split(' ');
    const result = spawnSync('npm', args, { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/example-strict \(production\): 0 blocking, 0 warnings: PASSED/);
  }, 60_000);
});
