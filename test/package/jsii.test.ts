import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const ASSEMBLY = join(root, '.jsii');

interface Assembly {
  readonly name: string;
  readonly types: Record<string, { readonly kind: string; readonly methods?: readonly { readonly name: string; readonly static?: boolean }[] }>;
}

/** The names `lib/index.ts` (the jsii entry) exports, types included, as TypeScript sees them. */
function entryExports(): string[] {
  const entry = join(root, 'lib', 'index.ts');
  const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error('lib/index.ts has no module symbol');
  return checker.getExportsOfModule(symbol).map((exported) => exported.name);
}

/** A Python 3 that can build a wheel offline (Debian's python3-setuptools and python3-wheel), if this machine has one. */
function wheelPython(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', 'import setuptools, wheel'], { encoding: 'utf8' }).status === 0);
}

let assembly: Assembly;
let out: string;

beforeAll(() => {
  expect(existsSync(ASSEMBLY), '.jsii is missing: `npm test` writes it with `npm run jsii` before the tests').toBe(true);
  assembly = JSON.parse(readFileSync(ASSEMBLY, 'utf8')) as Assembly;
  out = mkdtempSync(join(tmpdir(), 'bulwark-pacmak-'));
  // Code only: building needs pip, Maven, dotnet and Go modules from registries this machine cannot reach.
  // pacmak packs the package with `npm pack`; the build has run, so its prepack need not run again.
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'),
      '--code-only',
      '--no-fingerprint',
      '--no-npmignore',
      '--outdir',
      out,
      '--targets',
      'python',
      'java',
      'dotnet',
      'go',
    ],
    { cwd: root, env: { ...process.env, npm_config_ignore_scripts: 'true', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' }, stdio: 'pipe' },
  );
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the jsii assembly', () => {
  it('holds every export of the `bulwark` entry: jsii dropped none (free functions, constants and type aliases would be)', () => {
    const exported = entryExports();
    expect(exported.length).toBeGreaterThan(40);
    expect(exported.filter((name) => !(`${assembly.name}.${name}` in assembly.types))).toEqual([]);
  });

  it('has Profile with its factories, and the constructs as classes', () => {
    const profile = assembly.types['bulwark.Profile'];
    expect(profile.kind).toBe('class');
    expect((profile.methods ?? []).map((method) => method.name).sort()).toEqual(['fromFile', 'fromObject', 'fromPreset', 'toJson']);
    for (const construct of ['HardenedWebAcl', 'SecurityHeaders', 'HardenedSecrets', 'BulwarkChecks', 'Harden'])
      expect(assembly.types[`bulwark.${construct}`]?.kind).toBe('class');
    expect(assembly.types['bulwark.Preset'].kind).toBe('enum');
  });
});

describe('jsii-pacmak', () => {
  const python = () => join(out, 'python');

  it('generates a Python module that compiles, with snake_case names', () => {
    const module = join(python(), 'src', 'bulwark', '__init__.py');
    const compiled = spawnSync('python3', ['-m', 'py_compile', module], { encoding: 'utf8' });
    expect(compiled.status, compiled.stderr).toBe(0);
    const code = readFileSync(module, 'utf8');
    for (const name of ['def from_file(', 'def from_preset(', 'def to_json(', 'class HardenedWebAcl(', 'class HardenedWebAclProps(', 'web_acl_scope']) {
      expect(code, name).toContain(name);
    }
  });

  it("requires the AWS CDK's libraries in Python, never cdktf", () => {
    const setup = readFileSync(join(python(), 'setup.py'), 'utf8');
    const requires = /"install_requires":\s*\[([^\]]*)\]/.exec(setup)?.[1] ?? '';
    expect(requires).toMatch(/aws-cdk-lib>=2\.276\.0/);
    expect(requires).toMatch(/cdk-nag>=3\.0\.2/);
    expect(requires).toMatch(/constructs>=10/);
    expect(requires).not.toMatch(/cdktf/);
  });

  it.skipIf(wheelPython() === undefined)(
    'builds a Python wheel offline that carries the module and the npm package',
    () => {
      const wheels = join(out, 'wheels');
      execFileSync(wheelPython() as string, ['-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '--no-index', '--quiet', '-w', wheels, python()], {
        stdio: 'pipe',
      });
      const [wheel] = readdirSync(wheels).filter((file) => file.endsWith('.whl'));
      expect(wheel).toMatch(/^bulwark-0\.1\.0-py3-none-any\.whl$/);
      const listing = execFileSync('python3', ['-m', 'zipfile', '-l', join(wheels, wheel)], { encoding: 'utf8' });
      expect(listing).toContain('bulwark/__init__.py');
      expect(listing).toMatch(/bulwark\/_jsii\/bulwark@0\.1\.0\.jsii\.tgz/);
    },
    120_000,
  );

  it('generates Java, C# and Go sources for the constructs', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [entry.name]));
    expect(files(join(out, 'java'))).toContain('HardenedWebAcl.java');
    expect(files(join(out, 'dotnet'))).toContain('HardenedWebAcl.cs');
    expect(files(join(out, 'go')).some((file) => /^HardenedWebAcl.*\.go$/.test(file))).toBe(true);
  });
});
