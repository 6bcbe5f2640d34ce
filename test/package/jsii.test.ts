import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentationFiles } from '../../scripts/readme-sections';

const root = join(__dirname, '..', '..');
const ASSEMBLY = join(root, '.jsii');

interface Assembly {
  readonly name: string;
  readonly types: Record<
    string,
    { readonly kind: string; readonly abstract?: boolean; readonly methods?: readonly { readonly name: string; readonly static?: boolean }[] }
  >;
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

/**
 * Checks Python examples against the generated module with `ast`, without the jsii runtime (PyPI only):
 * argv[1] the module, argv[2] a JSON list of { name, code }; prints { problems: { name: [...] }, used: { name: [classes] } }.
 * A name imported from bulwark must be a class of the module; a keyword argument to a bulwark class (a construct or a
 * props struct) or to a method called on it or on a variable bound to one, a parameter of it; an attribute of a bulwark
 * class or of such a variable, a member of it (or of its bases in the module; a member inherited from aws-cdk-lib or
 * enum passes when spelled in snake_case).
 */
const PYTHON_API_CHECK = String.raw`
import ast, json, re, sys

module = ast.parse(open(sys.argv[1], encoding="utf8").read())
snippets = json.load(open(sys.argv[2], encoding="utf8"))
classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef) and not node.name.startswith("_")}


def module_bases(name):
    return [base.id for base in classes[name].bases if isinstance(base, ast.Name) and base.id in classes]


def closed(name):
    """Whether every base of the class is in the module, so its members are all known here."""
    node = classes[name]
    return all(isinstance(base, ast.Name) and base.id in classes for base in node.bases) and all(closed(base) for base in module_bases(name))


def members(name):
    found = {}
    for statement in classes[name].body:
        if isinstance(statement, ast.FunctionDef):
            found.setdefault(statement.name, statement)
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, None)
    for base in module_bases(name):
        for key, value in members(base).items():
            found.setdefault(key, value)
    return found


def parameters(function):
    arguments = function.args
    names = {argument.arg for argument in arguments.posonlyargs + arguments.args + arguments.kwonlyargs} - {"self", "cls"}
    return names, arguments.kwarg is not None


def returned_class(function):
    annotation = function.returns if function is not None else None
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str) and annotation.value in classes:
        return annotation.value
    if isinstance(annotation, ast.Name) and annotation.id in classes:
        return annotation.id
    return None


def check(code):
    problems, used = [], set()
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        return [f"does not parse: {error.msg} (line {error.lineno})"], used
    aliases = {}  # local name -> bulwark class
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "bulwark":
            if node.module != "bulwark":
                problems.append(f"line {node.lineno}: no module {node.module} (import from bulwark)")
                continue
            for alias in node.names:
                if alias.name in classes:
                    aliases[alias.asname or alias.name] = alias.name
                else:
                    problems.append(f"line {node.lineno}: bulwark has no class {alias.name}")
        elif isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "bulwark" for alias in node.names):
            problems.append(f"line {node.lineno}: import the classes (from bulwark import ...), as the documentation does")

    def class_of(expression):
        """The bulwark class an expression names (a name imported from bulwark)."""
        return aliases.get(expression.id) if isinstance(expression, ast.Name) else None

    # Variables bound to an instance of a bulwark class: x = Class(...) or x = Class.factory(...).
    instances, conflicting = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value, kind = node.targets[0].id, node.value, None
            if isinstance(value, ast.Call):
                kind = class_of(value.func)
                if kind is None and isinstance(value.func, ast.Attribute) and class_of(value.func.value):
                    kind = returned_class(members(class_of(value.func.value)).get(value.func.attr))
            if target in instances and instances[target] != kind or kind is None and target in instances:
                conflicting.add(target)
            if kind is not None:
                instances[target] = kind
            elif target in aliases:
                conflicting.add(target)
    for name in conflicting:
        instances.pop(name, None)

    def member(kind, attribute, line, on):
        found = members(kind)
        if attribute in found:
            return found[attribute]
        # A member a base outside the module has (aws-cdk-lib's node, enum's value) passes, unless it is not Python's spelling.
        if closed(kind) or on == "class" or re.search(r"[A-Z]", attribute) and not attribute.isupper():
            problems.append(f"line {line}: {kind} has no {attribute}" + (" (on an instance)" if on == "instance" else ""))
        return None

    def keywords(call, function, what):
        if function is None:
            return
        names, open_ended = parameters(function)
        for keyword in call.keywords:
            if keyword.arg is not None and keyword.arg not in names and not open_ended:
                problems.append(f"line {call.lineno}: {what} takes no keyword argument {keyword.arg}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in aliases and isinstance(node.ctx, ast.Load):
            used.add(aliases[node.id])
        if isinstance(node, ast.Call) and class_of(node.func):
            kind = class_of(node.func)
            initializer = members(kind).get("__init__")
            if initializer is None and closed(kind):
                problems.append(f"line {node.lineno}: {kind} has no constructor")
            keywords(node, initializer, kind)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if class_of(owner):
                keywords(node, members(class_of(owner)).get(node.func.attr), f"{class_of(owner)}.{node.func.attr}")
            elif isinstance(owner, ast.Name) and owner.id in instances:
                keywords(node, members(instances[owner.id]).get(node.func.attr), f"{instances[owner.id]}.{node.func.attr}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if class_of(node.value):
                member(class_of(node.value), node.attr, node.lineno, "class")
            elif node.value.id in instances:
                member(instances[node.value.id], node.attr, node.lineno, "instance")
    return problems, used


report = {"problems": {}, "used": {}}
for snippet in snippets:
    problems, used = check(snippet["code"])
    if problems:
        report["problems"][snippet["name"]] = problems
    report["used"][snippet["name"]] = sorted(used)
print(json.dumps(report))
`;

/** Every ```python block of README.md and docs/*.md, and the Python example app. */
function pythonExamples(): { name: string; code: string }[] {
  const blocks = documentationFiles(root).flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/```python\n([\s\S]*?)```/g)].map((match, index) => ({
      name: `${file} python example ${index + 1}`,
      code: match[1],
    })),
  );
  return [...blocks, { name: 'examples/python/app.py', code: readFileSync(join(root, 'examples', 'python', 'app.py'), 'utf8') }];
}

interface PythonApiReport {
  readonly problems: Record<string, string[]>;
  readonly used: Record<string, string[]>;
}

/** Runs PYTHON_API_CHECK over `examples` against the module pacmak generated. */
function checkPython(examples: readonly { name: string; code: string }[]): PythonApiReport {
  const input = join(out, `python-examples-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(input, JSON.stringify(examples));
  const run = spawnSync('python3', ['-c', PYTHON_API_CHECK, join(out, 'python', 'src', 'bulwark', '__init__.py'), input], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as PythonApiReport;
}

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

describe('the Python examples (README.md, docs/*.md, examples/python/app.py)', () => {
  it('use the generated API: they parse, and every class, attribute and keyword argument they take from bulwark exists', () => {
    const examples = pythonExamples();
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(checkPython(examples).problems).toEqual({});
  });

  it('show every class of the assembly (each construct, Harden, BulwarkChecks, Profile) at least once', () => {
    const shown = new Set(Object.values(checkPython(pythonExamples()).used).flat());
    const classes = Object.entries(assembly.types)
      .filter(([, type]) => type.kind === 'class' && type.abstract !== true)
      .map(([fqn]) => fqn.slice(`${assembly.name}.`.length));
    expect(classes.length).toBeGreaterThanOrEqual(18);
    expect(classes.filter((name) => !shown.has(name))).toEqual([]);
  });

  it('finds a wrong name, attribute or keyword argument (the check is not vacuous)', () => {
    const wrong = (code: string) => Object.values(checkPython([{ name: 'wrong', code }]).problems).flat();
    expect(wrong('from bulwark import (\n')).toEqual([expect.stringMatching(/^does not parse/)]);
    expect(wrong('from bulwark import HardenedWebAcls')).toEqual(['line 1: bulwark has no class HardenedWebAcls']);
    expect(wrong('from bulwark import HardenedWebAcl\nHardenedWebAcl(None, "Waf", webAclScope=None)')).toEqual([
      'line 2: HardenedWebAcl takes no keyword argument webAclScope',
    ]);
    expect(wrong('from bulwark import SecurityHeadersProps\nSecurityHeadersProps(policy_name="x")')).toEqual([
      'line 2: SecurityHeadersProps takes no keyword argument policy_name',
    ]);
    expect(wrong('from bulwark import Profile\nProfile.fromFile("p.yaml")')).toEqual(['line 2: Profile has no fromFile']);
    expect(wrong('from bulwark import Preset\nPreset.Strict')).toEqual(['line 2: Preset has no Strict']);
    expect(wrong('from bulwark import Profile\np = Profile.from_file("p.yaml")\np.toJson()')).toEqual(['line 3: Profile has no toJson (on an instance)']);
    expect(wrong('from bulwark import HardenedWebAcl\nwaf = HardenedWebAcl(None, "Waf")\nwaf.associateLoadBalancer(None)\nwaf.node')).toEqual([
      'line 3: HardenedWebAcl has no associateLoadBalancer (on an instance)',
    ]);
    expect(wrong('from bulwark import Harden\nHarden()')).toEqual(['line 2: Harden has no constructor']);
  });
});
