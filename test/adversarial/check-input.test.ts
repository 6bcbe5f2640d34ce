import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Testing } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { MAX_ASSEMBLY_NESTING } from '../../lib/checks/report/read-cloud-assembly';
import { MAX_INPUT_FILE_BYTES } from '../../lib/checks/report/read-input-file';
import { EXIT, Profile } from '../../lib/tooling';
import { BulwarkChecks } from '../../lib';
import { CHECK_RUN_FILE } from '../../lib/checks/report/check-run-record';
import { runCliCaptured } from '../support/run-cli';

const root = join(__dirname, '..', '..');
/** A value that stands for a secret: no message may quote it. */
const SECRET = 'hunter2-CANARY-7d1e';

type JsonObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let pristineAssembly: string;
let pristineCdktf: string;

beforeAll(() => {
  pristineAssembly = mkdtempSync(join(tmpdir(), 'bulwark-adv-cdk-'));
  const app = new App({ outdir: pristineAssembly, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  new secretsmanager.Secret(new Stack(new Stage(app, 'Prod'), 'Api'), 'Staged');
  const top = new Stack(app, 'Top');
  new secretsmanager.Secret(new NestedStack(top, 'Inner'), 'Nested');
  Validations.of(top).acknowledge({ id: 'Bulwark-SEC2', reason: 'Shared with a partner account that cannot use our key.' });
  Validations.of(app).addPlugins(new BulwarkChecks(app));
  app.synth();

  pristineCdktf = mkdtempSync(join(tmpdir(), 'bulwark-adv-cdktf-'));
  mkdirSync(join(pristineCdktf, 'stacks', 'edge'), { recursive: true });
  writeFileSync(
    join(pristineCdktf, 'stacks', 'edge', 'cdk.tf.json'),
    Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', profile: Profile.fromFile(join(root, 'examples', 'profiles', 'strict.yaml')) });
    }),
  );
});

/** A fresh copy of a pristine output, with one of its JSON files edited. */
function copyOf(pristine: string, file?: string, edit?: (document: JsonObject) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-adv-'));
  cpSync(pristine, dir, { recursive: true });
  if (file !== undefined && edit !== undefined) {
    const document = JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonObject;
    edit(document);
    writeFileSync(join(dir, file), JSON.stringify(document));
  }
  return dir;
}

/** A file outside every output directory, holding a secret (and not valid JSON, so a careless reader would quote it). */
function secretOutside(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bulwark-adv-secret-')), 'credentials');
  writeFileSync(file, `password = ${SECRET}\n`);
  return file;
}

/** bulwark check exits 2 naming the file and the field, with no internal error, stack trace or secret. */
async function expectRefused(args: readonly string[], file: string, ...mentions: (string | RegExp)[]): Promise<string> {
  const { code, stderr, stdout } = await runCliCaptured('check', ...args);
  expect(code, stderr).toBe(EXIT.badInput);
  expect(stdout).toBe('');
  expect(stderr).toContain(file);
  for (const mention of mentions) expect(stderr).toMatch(typeof mention === 'string' ? new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : mention);
  expect(stderr).not.toContain('internal error');
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain(SECRET);
  return stderr;
}

const topArtifact = (manifest: JsonObject) => manifest.artifacts.Top as JsonObject;

describe('bulwark check refuses a cloud assembly of the wrong shape (exit 2, file and field named)', () => {
  it('artifacts null', async () => {
    const dir = copyOf(pristineAssembly, 'manifest.json', (m) => {
      m.artifacts = null;
    });
    await expectRefused(['--cdk-out', dir], join(dir, 'manifest.json'), 'artifacts is null, not an object');
  });

  it('metadata that is an array, and metadata entries that are not arrays', async () => {
    const dir = copyOf(pristineAssembly, 'Top.metadata.json', (m) => {
      m['/Top/Inner'] = { type: SECRET };
    });
    await expectRefused(['--cdk-out', dir], join(dir, 'Top.metadata.json'), '/Top/Inner"] is an object, not an array');
    const array = copyOf(pristineAssembly, 'manifest.json', (m) => {
      topArtifact(m).metadata = [SECRET];
    });
    await expectRefused(['--cdk-out', array], join(array, 'manifest.json'), 'artifacts.Top.metadata is an array, not an object');
  });

  it('a logical ID that is not a string, and acknowledgements that are not reasons', async () => {
    const dir = copyOf(pristineAssembly, 'Top.metadata.json', (m) => {
      for (const entries of Object.values(m) as JsonObject[][])
        for (const entry of entries) if (entry.type === 'aws:cdk:logicalId') entry.data = { value: SECRET };
    });
    await expectRefused(['--cdk-out', dir], join(dir, 'Top.metadata.json'), /\]\.data is an object, not a string \(a logical ID\)/);
    const acknowledged = copyOf(pristineAssembly, 'Top.metadata.json', (m) => {
      for (const entries of Object.values(m) as JsonObject[][])
        for (const entry of entries) if (entry.type === 'aws:cdk:acknowledged-rules') entry.data = SECRET;
    });
    await expectRefused(['--cdk-out', acknowledged], join(acknowledged, 'Top.metadata.json'), /\["\/Top"\]\[\d+\]\.data is a string, not an object/);
  });

  it('a validation report of the wrong shape: plugin reports not a list, a description not a string, violations an object', async () => {
    for (const [edit, field] of [
      [
        (r: JsonObject) => {
          r.pluginReports = SECRET;
        },
        'pluginReports is a string, not an array',
      ],
      [
        (r: JsonObject) => {
          r.pluginReports[0].violations[0].description = 42;
        },
        'pluginReports[0].violations[0].description is a number, not a string',
      ],
      [
        (r: JsonObject) => {
          r.pluginReports[0].violations = { secret: SECRET };
        },
        'pluginReports[0].violations is an object, not an array',
      ],
      [
        (r: JsonObject) => {
          r.pluginReports[0].violations[0].violatingConstructs = [null];
        },
        'pluginReports[0].violations[0].violatingConstructs[0] is null, not an object',
      ],
    ] as const) {
      const dir = copyOf(pristineAssembly, 'validation-report.json', edit);
      await expectRefused(['--cdk-out', dir], join(dir, 'validation-report.json'), field);
    }
  });

  it('a template whose Resources is not an object, or holds null', async () => {
    const dir = copyOf(pristineAssembly, 'Top.template.json', (t) => {
      t.Resources = [SECRET];
    });
    await expectRefused(['--cdk-out', dir], join(dir, 'Top.template.json'), 'Resources is an array, not an object');
    const nullResource = copyOf(pristineAssembly, 'Top.template.json', (t) => {
      t.Resources[Object.keys(t.Resources)[0]] = null;
    });
    await expectRefused(['--cdk-out', nullResource], join(nullResource, 'Top.template.json'), /Resources\.\w+ is null, not an object/);
  });

  it('a stack or a nested assembly that names no file', async () => {
    const dir = copyOf(pristineAssembly, 'manifest.json', (m) => {
      topArtifact(m).properties.templateFile = 7;
    });
    await expectRefused(['--cdk-out', dir], join(dir, 'manifest.json'), 'artifacts.Top.properties.templateFile is a number, not a string');
    const nested = copyOf(pristineAssembly, 'manifest.json', (m) => {
      m.artifacts['assembly-Prod'].properties.directoryName = 'no-such-stage';
    });
    await expectRefused(
      ['--cdk-out', nested],
      join(nested, 'manifest.json'),
      'artifacts.assembly-Prod.properties.directoryName names no directory of the cloud assembly that holds a manifest.json',
    );
  });

  it('a key named __proto__, and nesting deeper than any synthesizer writes', async () => {
    const dir = copyOf(pristineAssembly);
    writeFileSync(
      join(dir, 'manifest.json'),
      readFileSync(join(dir, 'manifest.json'), 'utf8').replace('"artifacts": {', `"artifacts": {"__proto__": {"type": "${SECRET}"},`),
    );
    await expectRefused(['--cdk-out', dir], join(dir, 'manifest.json'), 'artifacts.__proto__ is a key named __proto__');
    const deep = copyOf(pristineAssembly);
    writeFileSync(
      join(deep, 'Top.template.json'),
      `{"Resources": {"A": {"Type": "x", "Properties": {"TemplateURL": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}}`,
    );
    await expectRefused(['--cdk-out', deep], join(deep, 'Top.template.json'), 'nests arrays and objects more than 512 deep (at line 1, column');
  });

  it('a report whose descriptions and construct paths would write to the terminal is printed escaped', async () => {
    const dir = copyOf(pristineAssembly, 'validation-report.json', (r) => {
      r.pluginReports[0].violations[0].description = 'Rotate it.\u001b[2J\u001b]0;owned\u0007';
      r.pluginReports[0].violations[0].violatingConstructs[0].constructPath = 'Api/\u009b31mSecret\u202e';
    });
    const { code, stdout } = await runCliCaptured('check', '--cdk-out', dir);
    expect(code).toBe(EXIT.findings);
    expect(stdout).toContain('\\u001b[2J');
    expect(stdout).toContain('\\u009b31m');
    expect(stdout).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
  });

  it('JSON that does not parse is placed by line and column, its text never quoted', async () => {
    const dir = copyOf(pristineAssembly);
    writeFileSync(join(dir, 'Top.template.json'), `{"Resources": {"Db": {"Properties": {"Password": ${SECRET}}}}}`);
    await expectRefused(['--cdk-out', dir], join(dir, 'Top.template.json'), 'is not valid JSON (a syntax error');
    writeFileSync(join(dir, 'Top.template.json'), `{\n  "Password": "${SECRET}",\n}`);
    await expectRefused(['--cdk-out', dir], join(dir, 'Top.template.json'), 'is not valid JSON (a syntax error at line 3, column 1)');
  });
});

describe('bulwark check reads nothing outside the cloud assembly', () => {
  it('refuses a template, metadata file or asset manifest named by an absolute path or with ..', async () => {
    const outside = secretOutside();
    for (const [edit, field] of [
      [
        (m: JsonObject) => {
          topArtifact(m).properties.templateFile = outside;
        },
        'artifacts.Top.properties.templateFile is an absolute path',
      ],
      [
        (m: JsonObject) => {
          topArtifact(m).properties.templateFile = `../../${outside}`;
        },
        'artifacts.Top.properties.templateFile climbs out of the output directory (..)',
      ],
      [
        (m: JsonObject) => {
          topArtifact(m).additionalMetadataFile = '../credentials';
        },
        'artifacts.Top.additionalMetadataFile climbs out of the output directory',
      ],
      [
        (m: JsonObject) => {
          m.artifacts['Top.assets'].properties.file = outside;
        },
        '["Top.assets"].properties.file is an absolute path',
      ],
    ] as const) {
      const dir = copyOf(pristineAssembly, 'manifest.json', edit);
      await expectRefused(['--cdk-out', dir], join(dir, 'manifest.json'), field, 'only a path inside the output directory is read');
    }
  });

  it('refuses a file that is a symbolic link out of the assembly, or one that points nowhere', async () => {
    const outside = secretOutside();
    const dir = copyOf(pristineAssembly);
    rmSync(join(dir, 'Top.template.json'));
    symlinkSync(outside, join(dir, 'Top.template.json'));
    await expectRefused(
      ['--cdk-out', dir],
      join(dir, 'manifest.json'),
      'artifacts.Top.properties.templateFile leads out of the output directory through a symbolic link',
    );
    const report = copyOf(pristineAssembly);
    rmSync(join(report, 'validation-report.json'));
    symlinkSync(outside, join(report, 'validation-report.json'));
    await expectRefused(['--cdk-out', report], join(report, 'validation-report.json'), 'leads out of the output directory through a symbolic link');
    const dangling = copyOf(pristineAssembly);
    rmSync(join(dangling, 'Top.metadata.json'));
    symlinkSync(join(dangling, 'no-such-file'), join(dangling, 'Top.metadata.json'));
    await expectRefused(
      ['--cdk-out', dangling],
      join(dangling, 'manifest.json'),
      'artifacts.Top.additionalMetadataFile is a symbolic link that points nowhere',
    );
  });

  it('refuses a nested assembly that is the assembly itself, its parent, or reached again through a link', async () => {
    const self = copyOf(pristineAssembly, 'manifest.json', (m) => {
      m.artifacts['assembly-Prod'].properties.directoryName = '.';
    });
    await expectRefused(
      ['--cdk-out', self],
      join(self, 'manifest.json'),
      'artifacts.assembly-Prod.properties.directoryName names an assembly directory already read (a cycle',
    );
    const parent = copyOf(pristineAssembly, join('assembly-Prod', 'manifest.json'), (m) => {
      m.artifacts.Back = { type: 'cdk:cloud-assembly', properties: { directoryName: '..' } };
    });
    await expectRefused(
      ['--cdk-out', parent],
      join(parent, 'assembly-Prod', 'manifest.json'),
      'artifacts.Back.properties.directoryName names an assembly directory already read (a cycle',
    );
    const linked = copyOf(pristineAssembly, join('assembly-Prod', 'manifest.json'), (m) => {
      m.artifacts.Loop = { type: 'cdk:cloud-assembly', properties: { directoryName: 'loop' } };
    });
    symlinkSync('..', join(linked, 'assembly-Prod', 'loop'));
    await expectRefused(
      ['--cdk-out', linked],
      join(linked, 'assembly-Prod', 'manifest.json'),
      'artifacts.Loop.properties.directoryName names an assembly directory already read (a cycle',
    );
  });
});

describe('bulwark check bounds how deep nested assemblies go', () => {
  it(`refuses assemblies nested past MAX_ASSEMBLY_NESTING (${MAX_ASSEMBLY_NESTING}), and reads them up to it`, async () => {
    const chain = (levels: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'bulwark-adv-deep-'));
      writeFileSync(join(dir, 'validation-report.json'), JSON.stringify({ pluginReports: [] }));
      writeFileSync(join(dir, CHECK_RUN_FILE), JSON.stringify({ templates: {}, applied: {} }));
      let here = dir;
      for (let level = 0; level <= levels; level++) {
        mkdirSync(here, { recursive: true });
        writeFileSync(
          join(here, 'manifest.json'),
          JSON.stringify({ artifacts: level < levels ? { Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'stage' } } } : {} }),
        );
        here = join(here, 'stage');
      }
      return dir;
    };
    expect((await runCliCaptured('check', '--cdk-out', chain(MAX_ASSEMBLY_NESTING))).code).toBe(EXIT.ok);
    const deep = chain(MAX_ASSEMBLY_NESTING + 1);
    await expectRefused(
      ['--cdk-out', deep],
      join(deep, ...Array.from({ length: MAX_ASSEMBLY_NESTING }, () => 'stage'), 'manifest.json'),
      `artifacts.Stage.properties.directoryName nests assemblies more than ${MAX_ASSEMBLY_NESTING} deep`,
    );
  });
});

describe('bulwark check reads only regular files of bounded size, and never hangs', () => {
  it('refuses a manifest that is a FIFO, and a template that is a directory', async () => {
    const dir = copyOf(pristineAssembly);
    rmSync(join(dir, 'manifest.json'));
    expect(spawnSync('mkfifo', [join(dir, 'manifest.json')]).status).toBe(0);
    await expectRefused(['--cdk-out', dir], join(dir, 'manifest.json'), 'is a pipe (FIFO), not a regular file');
    const directory = copyOf(pristineAssembly);
    rmSync(join(directory, 'Top.template.json'));
    mkdirSync(join(directory, 'Top.template.json'));
    await expectRefused(['--cdk-out', directory], join(directory, 'Top.template.json'), 'is a directory, not a regular file');
  });

  it(`refuses a template larger than MAX_INPUT_FILE_BYTES (${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB) without reading it`, async () => {
    const dir = copyOf(pristineAssembly);
    truncateSync(join(dir, 'Top.template.json'), MAX_INPUT_FILE_BYTES + 1);
    await expectRefused(['--cdk-out', dir], join(dir, 'Top.template.json'), 'is larger than 50 MiB', 'MAX_INPUT_FILE_BYTES');
  });
});

describe('bulwark check refuses a cdk.tf.json of the wrong shape (exit 2, file and field named)', () => {
  const stackFile = (dir: string) => join(dir, 'stacks', 'edge', 'cdk.tf.json');
  const edit = (change: (document: JsonObject) => void) => copyOf(pristineCdktf, join('stacks', 'edge', 'cdk.tf.json'), change);
  const firstRuleset = (document: JsonObject) => Object.values(document.resource.cloudflare_ruleset as JsonObject)[0] as JsonObject;

  it('resource blocks that are null, arrays or strings', async () => {
    for (const [change, field] of [
      [
        (d: JsonObject) => {
          d.resource = null;
        },
        'resource is null, not an object',
      ],
      [
        (d: JsonObject) => {
          d.resource.cloudflare_ruleset = [SECRET];
        },
        'resource.cloudflare_ruleset is an array, not an object',
      ],
      [
        (d: JsonObject) => {
          d.resource.cloudflare_zone_setting = SECRET;
        },
        'resource.cloudflare_zone_setting is a string, not an object',
      ],
      [
        (d: JsonObject) => {
          d.resource.cloudflare_ruleset[Object.keys(d.resource.cloudflare_ruleset)[0]] = null;
        },
        /resource\.cloudflare_ruleset\.\w+ is null, not an object/,
      ],
    ] as const) {
      const dir = edit(change);
      await expectRefused(['--cdktf-out', dir], stackFile(dir), field);
    }
  });

  it('rules with an expression, an action or rate-limit characteristics of the wrong type', async () => {
    for (const [change, field] of [
      [
        (d: JsonObject) => {
          firstRuleset(d).rules[0].expression = { secret: SECRET };
        },
        /\.rules\[0\]\.expression is an object, not a string/,
      ],
      [
        (d: JsonObject) => {
          firstRuleset(d).rules[0].action = 1;
        },
        /\.rules\[0\]\.action is a number, not a string/,
      ],
      [
        (d: JsonObject) => {
          firstRuleset(d).rules = [SECRET];
        },
        /\.rules\[0\] is a string, not an object/,
      ],
      [
        (d: JsonObject) => {
          firstRuleset(d).rules = 5;
        },
        /\.rules is a number, not an array of rule objects \(or a Terraform expression string\)/,
      ],
      [
        (d: JsonObject) => {
          firstRuleset(d).rules[0].ratelimit = { characteristics: 5 };
        },
        /\.rules\[0\]\.ratelimit\.characteristics is a number, not an array of strings/,
      ],
    ] as const) {
      const dir = edit(change);
      await expectRefused(['--cdktf-out', dir], stackFile(dir), field);
    }
  });

  it("an expression past Cloudflare's length limit, or with parentheses nested past MAX_EXPRESSION_NESTING, unparsed", async () => {
    for (const [expression, field] of [
      [
        `(${SECRET}) or ${'x'.repeat(5000)}`,
        /\.rules\[0\]\.expression is a string, not an expression of at most 4096 characters, all Cloudflare accepts in a rule/,
      ],
      [
        `${'('.repeat(65)}http.host eq "${SECRET}"${')'.repeat(65)}`,
        /\.rules\[0\]\.expression is a string, not an expression whose parentheses nest at most 64 deep \(MAX_EXPRESSION_NESTING\)/,
      ],
      [`${'('.repeat(2000)}ssl${')'.repeat(2000)}`, /nest at most 64 deep/],
    ] as const) {
      const dir = edit((d) => {
        firstRuleset(d).rules[0].expression = expression;
      });
      await expectRefused(['--cdktf-out', dir], stackFile(dir), field);
    }
    const within = edit((d) => {
      firstRuleset(d).rules[0].expression = `${'('.repeat(64)}http.host eq "a(b"${')'.repeat(64)}`;
      firstRuleset(d).rules[1].expression = `${'!'.repeat(4000)}ssl`;
    });
    expect([EXIT.ok, EXIT.findings]).toContain((await runCliCaptured('check', '--cdktf-out', within)).code);
  });

  it('a stack directory whose name would write to the terminal is printed escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-adv-escape-'));
    const stack = join(dir, 'stacks', 'edge\u001b[2J\u001b]0;owned\u0007');
    mkdirSync(stack, { recursive: true });
    writeFileSync(join(stack, 'cdk.tf.json'), JSON.stringify({ resource: null }));
    const stderr = await expectRefused(['--cdktf-out', dir], 'edge\\u001b[2J\\u001b]0;owned\\u0007', 'resource is null, not an object');
    expect(stderr).not.toContain('\u001b');
    expect(stderr).not.toContain('\u0007');
  });

  it('a phase or a zone setting named like a property of every JavaScript object', async () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const phase = edit((d) => {
        firstRuleset(d).phase = name;
      });
      await expectRefused(['--cdktf-out', phase], stackFile(phase), /\.phase is a name JavaScript objects reserve, not a Cloudflare phase/);
      const setting = edit((d) => {
        (Object.values(d.resource.cloudflare_zone_setting as JsonObject)[0] as JsonObject).setting_id = name;
      });
      await expectRefused(['--cdktf-out', setting], stackFile(setting), /\.setting_id is a name JavaScript objects reserve, not a Cloudflare zone setting/);
    }
  });

  it('accepts Terraform expressions where Terraform allows them, and null as unset', async () => {
    const dir = edit((d) => {
      firstRuleset(d).rules[0].action_parameters = '${var.parameters}';
      firstRuleset(d).rules[0].ratelimit = null;
    });
    expect([EXIT.ok, EXIT.findings]).toContain((await runCliCaptured('check', '--cdktf-out', dir)).code);
  });

  it('refuses a cdk.tf.json that is a symbolic link out of the output, and a stacks/ that is a file', async () => {
    const dir = copyOf(pristineCdktf);
    rmSync(stackFile(dir));
    symlinkSync(secretOutside(), stackFile(dir));
    await expectRefused(['--cdktf-out', dir], stackFile(dir), 'leads out of the output directory through a symbolic link');
    const file = mkdtempSync(join(tmpdir(), 'bulwark-adv-stacks-'));
    writeFileSync(join(file, 'stacks'), SECRET);
    await expectRefused(['--cdktf-out', file], file, 'holds no synthesized cdktf stack');
  });
});

describe('bulwark check refuses an app config of the wrong shape', () => {
  it('exits 2 on a cdk.json whose context is not an object, without running the app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-adv-config-'));
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: `node -e "require('fs').writeFileSync('ran', '')"`, context: [SECRET] }));
    const previous = process.cwd();
    process.chdir(dir);
    try {
      await expectRefused([], join(dir, 'cdk.json'), 'context is an array, not an object');
    } finally {
      process.chdir(previous);
    }
  });
});

describe('the bulwark executable on adversarial input', () => {
  const bin = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'bulwark.ts'), ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });

  it('exits 2 without a stack trace, promptly, on a FIFO manifest and on null artifacts', () => {
    const fifo = copyOf(pristineAssembly);
    rmSync(join(fifo, 'manifest.json'));
    expect(spawnSync('mkfifo', [join(fifo, 'manifest.json')]).status).toBe(0);
    const nullArtifacts = copyOf(pristineAssembly, 'manifest.json', (m) => {
      m.artifacts = null;
    });
    for (const [dir, text] of [
      [fifo, 'not a regular file'],
      [nullArtifacts, 'artifacts is null'],
    ]) {
      const result = bin('check', '--cdk-out', dir);
      expect(result.error).toBeUndefined();
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain(text);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
