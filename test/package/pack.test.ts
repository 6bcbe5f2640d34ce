import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strictZoneOutput } from '../support/strict-zone-output';

const root = join(__dirname, '..', '..');
const modules = join(root, 'node_modules');
/** The libraries a doctor-only or CLI-only user does not install. */
const CLOUD_LIBRARIES = ['aws-cdk-lib', 'aws-cdk', 'cdk-nag', 'constructs', 'cdktf', 'cdktf-cli', '@cdktf'];

let work: string;
/** The files of the `bulwark` tarball. */
let files: string[];
/** The files of the `bulwark-cloudflare` tarball. */
let cloudflareFiles: string[];

/** The packages this repository packs: the jsii package and the cdktf constructs (a workspace). */
const PACKAGES = ['bulwark', 'bulwark-cloudflare'] as const;

/**
 * A project outside the repository with the packed packages unpacked as its dependencies
 * (node_modules/bulwark and node_modules/bulwark-cloudflare, real directories, so each resolves
 * its own dependencies from there as it would when installed) and the repository's installed
 * packages, except `without`.
 */
function consumer(name: string, without: readonly string[] = []): string {
  const dir = join(work, name);
  for (const pkg of PACKAGES) {
    mkdirSync(join(dir, 'node_modules', pkg), { recursive: true });
    execFileSync('tar', ['-xzf', join(work, `${pkg}.tgz`), '-C', join(dir, 'node_modules', pkg), '--strip-components=1']);
  }
  for (const entry of readdirSync(modules)) {
    if (entry === '.bin' || entry === '.cache' || without.includes(entry) || (PACKAGES as readonly string[]).includes(entry)) continue;
    symlinkSync(join(modules, entry), join(dir, 'node_modules', entry));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }));
  return dir;
}

function run(cwd: string, command: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(command, args, { cwd, encoding: 'utf8' });
}

const TS6 = join(modules, 'typescript', 'bin', 'tsc');
const TS7 = join(modules, 'typescript-7', 'bin', 'tsc');

/** Type-checks `code` in the project with the compiler options given; returns tsc's output (empty when clean). */
function typeCheck(dir: string, compiler: string, code: string, compilerOptions: Record<string, unknown>): string {
  writeFileSync(join(dir, 'main.ts'), code);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: ['node'], ...compilerOptions }, files: ['main.ts'] }),
  );
  const result = run(dir, process.execPath, [compiler, '-p', 'tsconfig.json']);
  return `${result.stdout}${result.stderr}`;
}

const EVERY_ENTRY_POINT = [
  "import { App, Stack } from 'aws-cdk-lib';",
  "import { App as TerraformApp, TerraformStack } from 'cdktf';",
  "import { BulwarkChecks, HardenedWebAcl, Profile } from 'bulwark';",
  "import { profileData, runDoctor } from 'bulwark/tooling';",
  "import { compileWafRules } from 'bulwark/aws';",
  "import { parseExpression } from 'bulwark/cloudflare';",
  "import { CloudflareZoneHardening } from 'bulwark-cloudflare';",
  "const profile: Profile = Profile.fromFile('node_modules/bulwark/examples/profiles/strict.yaml');",
  'const blocking: number = runDoctor(profileData(profile)).blocking;',
  "const acl: HardenedWebAcl = new HardenedWebAcl(new Stack(new App(), 'Edge'), 'Waf', { profile });",
  'const checks = new BulwarkChecks(undefined, { profile });',
  "new CloudflareZoneHardening(new TerraformStack(new TerraformApp(), 'edge'), 'zone', { zoneId: 'z', profile });",
  'parseExpression(\'http.host eq "example.com"\');',
  'export { acl, blocking, checks, compileWafRules };',
].join('\n');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bulwark-pack-'));
  const pack = (...args: string[]) => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work, ...args], { cwd: root, encoding: 'utf8' }),
    ) as {
      name: string;
      filename: string;
      files: { path: string }[];
    }[];
    execFileSync('mv', [join(work, packed.filename), join(work, `${packed.name}.tgz`)]);
    return packed.files.map((file) => file.path);
  };
  files = pack();
  cloudflareFiles = pack('--workspace', 'packages/cloudflare');
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('packs compiled JS, types, the rotation handler, the JSON Schema and the bundled profiles, and no sources or tests', () => {
    for (const expected of [
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/tooling/index.js',
      'dist/lib/tooling/index.d.ts',
      'dist/lib/aws/index.js',
      'dist/lib/aws/index.d.ts',
      'dist/lib/cloudflare/index.js',
      'dist/lib/cloudflare/index.d.ts',
      'dist/lib/aws/secrets/rotation-handler/index.js',
      'dist/lib/aws/secrets/rotation-handler/rotate.js',
      'dist/bin/bulwark.js',
      'schema/profile.schema.json',
      'examples/profiles/strict.yaml',
      '.jsii',
    ]) {
      expect(files, expected).toContain(expected);
    }
    expect(
      files.filter((file) => /^(lib|test|bench|scripts)\//.test(file) || file.startsWith('dist/bin/aws-app') || file.startsWith('dist/bin/cloudflare-app')),
    ).toEqual([]);
  });

  it('packs no compiled module whose source is gone (the build starts from an empty dist/)', () => {
    const stale = files
      .filter((file) => file.startsWith('dist/lib/') && file.endsWith('.js'))
      .filter((file) => !existsSync(join(root, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
    expect(stale).toEqual([]);
  });

  it('has no install-time scripts: it builds before packing (prepack), never when installed', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const installTime = ['preinstall', 'install', 'postinstall', 'prepare'].filter((script) => script in manifest.scripts);
    expect(installTime).toEqual([]);
    expect(manifest.scripts.prepack).toBe('npm run build && npm run jsii');
  });

  it('bundles its runtime dependencies, as jsii requires of a dependency that is not a jsii library', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; bundledDependencies: string[] };
    expect([...manifest.bundledDependencies].sort()).toEqual(Object.keys(manifest.dependencies).sort());
    for (const dependency of manifest.bundledDependencies) expect(files, dependency).toContain(`node_modules/${dependency}/package.json`);
  });

  it('leaves the cdktf constructs to bulwark-cloudflare, which packs only its compiled JS and types', () => {
    expect(files.filter((file) => file.startsWith('dist/') && /cloudflare-(zone|zones|account)-/.test(file))).toEqual([]);
    expect(cloudflareFiles).toContain('dist/index.js');
    expect(cloudflareFiles).toContain('dist/cloudflare-zone-hardening.d.ts');
    expect(cloudflareFiles.filter((file) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(file))).toEqual([]);
    expect(cloudflareFiles).toContain('LICENSE');
  });

  it('has bulwark-cloudflare require the bulwark it is released with, and build before it is packed', () => {
    const read = (path: string) =>
      JSON.parse(readFileSync(join(root, path), 'utf8')) as { version: string; peerDependencies: Record<string, string>; scripts: Record<string, string> };
    const [bulwark, cloudflare] = [read('package.json'), read('packages/cloudflare/package.json')];
    expect(cloudflare.peerDependencies.bulwark).toBe(bulwark.version);
    expect(cloudflare.version).toBe(bulwark.version);
    expect(cloudflare.scripts.prepack).toBe('npm --prefix ../.. run build');
  });

  it('ships source maps that carry their sources, so none points at a file the package lacks', () => {
    const dir = consumer('maps');
    const maps = files.filter((file) => file.startsWith('dist/') && file.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(100);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(dir, 'node_modules', 'bulwark', map), 'utf8')) as {
        sources: string[];
        sourcesContent?: string[];
      };
      expect(sourcesContent?.length, map).toBe(sources.length);
    }
  });

  it('works when imported into a fresh CDK app: a Web ACL from the bundled strict preset synthesizes', () => {
    const app = consumer('cdk-app');
    writeFileSync(
      join(app, 'main.js'),
      [
        "const { App, Stack } = require('aws-cdk-lib');",
        "const { HardenedWebAcl, Preset, Profile } = require('bulwark');",
        "const app = new App({ outdir: 'cdk.out' });",
        "new HardenedWebAcl(new Stack(app, 'Existing'), 'Waf', { profile: Profile.fromPreset(Preset.STRICT, 'existing') });",
        'app.synth();',
      ].join('\n'),
    );
    const result = run(app, process.execPath, ['main.js']);
    expect(result.status, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(app, 'cdk.out', 'Existing.template.json'), 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).map((r) => r.Type)).toContain('AWS::WAFv2::WebACL');
  });

  it('loads each entry point from CommonJS and from ES modules', () => {
    const app = consumer('runtime');
    // Node adds `default`, `module.exports` and `__esModule` to an ES module's view of CommonJS.
    const script = [
      "const names = (m) => Object.keys(m).filter((k) => !['default', 'module.exports', '__esModule'].includes(k)).sort();",
      "const ids = ['bulwark', 'bulwark/tooling', 'bulwark/aws', 'bulwark/cloudflare', 'bulwark-cloudflare'];",
      'const cjs = ids.map((id) => names(require(id)));',
      'Promise.all(ids.map((id) => import(id))).then((esm) => console.log(JSON.stringify({ cjs, esm: esm.map(names) })));',
    ].join('\n');
    const result = run(app, process.execPath, ['-e', script]);
    expect(result.status, result.stderr).toBe(0);
    const { cjs, esm } = JSON.parse(result.stdout) as { cjs: string[][]; esm: string[][] };
    const expected = ['HardenedWebAcl', 'loadProfile', 'compileWafRules', 'parseExpression', 'CloudflareZoneHardening'];
    expect(cjs.map((names, index) => names.includes(expected[index]))).toEqual(expected.map(() => true));
    expect(esm).toEqual(cjs);
  });
});

describe('the entry points type-check in a consumer project', () => {
  it('under module commonjs / moduleResolution node (node10), as the cdktf TypeScript template sets them', () => {
    const dir = consumer('node10');
    // TypeScript 6 deprecates node10 resolution (7 removes it); projects still on it silence the deprecation.
    expect(
      typeCheck(dir, TS6, EVERY_ENTRY_POINT, { target: 'es2018', module: 'commonjs', moduleResolution: 'node', ignoreDeprecations: '6.0', skipLibCheck: true }),
    ).toBe('');
  }, 120_000);

  it('under module node16 and nodenext', () => {
    const dir = consumer('node16');
    expect(typeCheck(dir, TS7, EVERY_ENTRY_POINT, { target: 'es2022', module: 'node16', moduleResolution: 'node16', skipLibCheck: true })).toBe('');
    expect(typeCheck(dir, TS7, EVERY_ENTRY_POINT, { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: true })).toBe('');
  }, 120_000);

  it('under moduleResolution bundler', () => {
    const dir = consumer('bundler');
    expect(typeCheck(dir, TS7, EVERY_ENTRY_POINT, { target: 'es2022', module: 'preserve', moduleResolution: 'bundler', skipLibCheck: true })).toBe('');
  }, 120_000);

  it('refuses an entry point the package does not have', () => {
    const dir = consumer('unknown-entry');
    expect(
      typeCheck(dir, TS7, "import { HardenedWebAcl } from 'bulwark/lib/aws';\nexport { HardenedWebAcl };", { module: 'node16', skipLibCheck: true }),
    ).toMatch(/TS2307|TS2305|TS2724/);
  }, 60_000);
});

describe('without the AWS CDK or cdktf installed', () => {
  let dir: string;
  beforeAll(() => {
    dir = consumer('no-cloud-libraries', CLOUD_LIBRARIES);
  });

  it('the `bulwark/tooling` entry point loads and runs the doctor', () => {
    const script =
      "const { loadProfile, runDoctor } = require('bulwark/tooling'); const report = runDoctor(loadProfile('node_modules/bulwark/examples/profiles/strict.yaml')); console.log(report.blocking);";
    const result = run(dir, process.execPath, ['-e', script]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('0');
  });

  it('its type declarations name no AWS CDK, cdk-nag or cdktf type (checked with skipLibCheck off)', () => {
    const code =
      "import { loadProfile, runDoctor, toSarif, CHECK_PACKS } from 'bulwark/tooling';\nexport const ids = [runDoctor(loadProfile('p.yaml')).blocking, toSarif, CHECK_PACKS.aws.definitions.length];";
    expect(typeCheck(dir, TS7, code, { module: 'node16', skipLibCheck: false })).toBe('');
  }, 120_000);

  it('the CLI runs `doctor` and checks a synthesized Cloudflare output', () => {
    const cli = join(dir, 'node_modules', 'bulwark', 'dist', 'bin', 'bulwark.js');
    const doctor = run(dir, process.execPath, [cli, 'doctor', 'node_modules/bulwark/examples/profiles/strict.yaml']);
    expect(doctor.status, doctor.stderr).toBe(0);
    const check = run(dir, process.execPath, [
      cli,
      'check',
      '--cdktf-out',
      strictZoneOutput('bulwark-pack-cdktf-'),
      '--profile',
      'node_modules/bulwark/examples/profiles/strict.yaml',
      '--format',
      'sarif',
    ]);
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toHaveProperty('version', '2.1.0');
  });

  it('`bulwark` (the constructs) says which library is missing', () => {
    const result = run(dir, process.execPath, ['-e', "require('bulwark')"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot find module '(aws-cdk-lib|constructs|cdk-nag)[^']*'/);
  });
});
