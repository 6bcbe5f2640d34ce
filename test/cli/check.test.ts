import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { Testing } from 'cdktf';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { buildPolicy, EXIT, parseProfile, Profile } from '../../lib/tooling';
import { BulwarkChecks } from '../../lib';
import { runCliCaptured } from '../support/run-cli';

const root = join(__dirname, '..', '..');

/** A synthesized app with BulwarkChecks registered and reporting (not failing) its findings. */
function synthesizedApp(weak: boolean, acknowledge = false): string {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-check-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new Stack(app, 'Api');
  new logs.LogGroup(stack, 'Logs', { retention: weak ? logs.RetentionDays.ONE_WEEK : logs.RetentionDays.ONE_YEAR });
  if (weak) new secretsmanager.Secret(stack, 'Secret');
  if (acknowledge) {
    Validations.of(stack).acknowledge(
      { id: 'Bulwark-SEC1[no-rotation]', reason: 'Rotated by the vendor portal every 30 days.' },
      { id: 'Bulwark-SEC2', reason: 'Shared with a partner account that cannot use our key.' },
    );
  }
  Validations.of(app).addPlugins(new BulwarkChecks(app));
  app.synth();
  return outdir;
}

const run = runCliCaptured;

/** A cdktf output directory holding the strict example zone, optionally weakened. */
function cdktfOut(weaken?: (document: { resource: Record<string, Record<string, Record<string, unknown>>> }) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-cdktf-'));
  const document = JSON.parse(
    Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', profile: Profile.fromFile(join(root, 'examples', 'profiles', 'strict.yaml')) });
    }),
  );
  weaken?.(document);
  mkdirSync(join(dir, 'stacks', 'edge'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'edge', 'cdk.tf.json'), JSON.stringify(document));
  return dir;
}

describe('bulwark check on a cdktf output', () => {
  it('exits 0 on the strict example zone', async () => {
    const { code, stdout } = await run('check', '--cdktf-out', cdktfOut(), '--profile', join(root, 'examples', 'profiles', 'strict.yaml'));
    expect(code, stdout).toBe(EXIT.ok);
  });

  it('exits 1 on a zone weakened to SSL flexible, naming the rule and the resource', async () => {
    const weak = cdktfOut((document) => {
      for (const setting of Object.values(document.resource.cloudflare_zone_setting)) if (setting.setting_id === 'ssl') setting.value = 'flexible';
    });
    const { code, stdout } = await run('check', '--cdktf-out', weak, '--profile', join(root, 'examples', 'profiles', 'strict.yaml'), '--format', 'json');
    expect(code).toBe(EXIT.findings);
    const { findings } = JSON.parse(stdout) as { findings: { id: string; location: { constructPath: string } }[] };
    expect(findings).toContainEqual(
      expect.objectContaining({
        id: 'BulwarkCF-TLS3',
        location: expect.objectContaining({ constructPath: expect.stringMatching(/^cloudflare_zone_setting\./) }),
      }),
    );
  });

  it('exits 2 on a directory with no synthesized stack', async () => {
    const { code, stderr } = await run('check', '--cdktf-out', mkdtempSync(join(tmpdir(), 'bulwark-none-')));
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain('holds no synthesized cdktf stack');
  });
});

describe('bulwark check', () => {
  const weak = synthesizedApp(true);

  it('exits 1 on error findings and names each with its resource, template and logical id', async () => {
    const { code, stdout } = await run('check', '--cdk-out', weak);
    expect(code).toBe(EXIT.findings);
    expect(stdout).toContain('Bulwark-SEC2');
    expect(stdout).toContain('Bulwark-SEC1[no-rotation]');
    expect(stdout).toMatch(/Api\/Secret\/Resource[\s\S]*Api\.template\.json/);
    expect(stdout).toMatch(/2 errors, 1 warning, \d+ acknowledged: FAILED/);
  });

  it('exits 0 when only the doctor has warnings and the app is clean', async () => {
    const { code, stdout } = await run('check', '--cdk-out', synthesizedApp(false), '--profile', join(root, 'examples', 'profiles', 'baseline.yaml'));
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('BWD-RATE-03');
    expect(stdout).toContain('PASSED');
  });

  it('adds the doctor findings of the profile, placed at their fields', async () => {
    const { stdout } = await run('check', '--cdk-out', weak, '--profile', join(root, 'examples', 'profiles', 'aksara.yaml'), '--format', 'json');
    const { findings } = JSON.parse(stdout) as { findings: { id: string; location: Record<string, string> }[] };
    expect(findings.find((f) => f.id === 'BWD-RATE-03')?.location).toMatchObject({ kind: 'profile', path: 'rateLimits' });
    expect(findings.find((f) => f.id === 'Bulwark-SEC2')?.location).toMatchObject({
      kind: 'resource',
      constructPath: 'Api/Secret/Resource',
      templateFile: 'Api.template.json',
      logicalId: expect.stringMatching(/^Secret/),
    });
  });

  it('writes SARIF 2.1.0 that validates against the schema, with rule help and locations', async () => {
    const output = join(mkdtempSync(join(tmpdir(), 'bulwark-sarif-')), 'report.sarif');
    const { code } = await run('check', '--cdk-out', weak, '--format', 'sarif', '--output', output);
    expect(code).toBe(EXIT.findings);
    const sarif = JSON.parse(readFileSync(output, 'utf8')) as {
      runs: {
        tool: { driver: { rules: { id: string; help: { text: string } }[] } };
        results: {
          ruleId: string;
          locations: { physicalLocation?: { artifactLocation: { uri: string } } }[];
          relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(
      JSON.parse(readFileSync(join(root, 'schema', 'vendor', 'sarif-schema-2.1.0.json'), 'utf8')) as object,
    );
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const [run0] = sarif.runs;
    expect(run0.tool.driver.rules.find((r) => r.id === 'Bulwark-SEC2')?.help.text).toContain('customer-managed KMS key');
    // At the line that created the secret (here, this test), the synthesized template as a related location.
    const sec1 = run0.results.find((r) => r.ruleId === 'Bulwark-SEC1');
    expect(sec1?.locations[0].physicalLocation?.artifactLocation.uri).toBe(relative(process.cwd(), __filename));
    expect(sec1?.relatedLocations?.[0].physicalLocation.artifactLocation.uri).toBe('Api.template.json');
  });

  it('summarizes the checklist: fail, pass, acknowledged, and what was not checked', async () => {
    const weakReport = JSON.parse((await run('check', '--cdk-out', weak, '--format', 'json')).stdout) as {
      checklist: { item: string; status: string; enforcedBy: string[] }[];
    };
    const status = (report: typeof weakReport, item: string) => report.checklist.find((row) => row.item === item)?.status;
    expect(status(weakReport, 'scheduledRotation')).toBe('fail');
    // Nothing in the app has TLS (no listener, no distribution): no rule for the item applied, so it is not a pass.
    expect(status(weakReport, 'tlsVersions')).toBe('not checked');
    const passingReport = JSON.parse((await run('check', '--cdk-out', synthesizedApp(false), '--format', 'json')).stdout) as typeof weakReport;
    expect(status(passingReport, 'auditLogging')).toBe('pass');
    expect(status(weakReport, 'jwtAccessTtl')).toBe('not applicable');
    const acknowledgedReport = JSON.parse((await run('check', '--cdk-out', synthesizedApp(true, true), '--format', 'json')).stdout) as typeof weakReport;
    expect(status(acknowledgedReport, 'scheduledRotation')).toBe('acknowledged');
    const table = (await run('check', '--cdk-out', weak)).stdout;
    expect(table).toMatch(/Checklist item[\s\S]*Enforced by[\s\S]*Status/);
    expect(table).toMatch(/not applicable to what was checked/);
  });

  it('reports acknowledged findings with their reasons, as acknowledged, without blocking', async () => {
    const dir = synthesizedApp(true, true);
    const table = await run('check', '--cdk-out', dir);
    expect(table.code).toBe(EXIT.ok);
    expect(table.stdout).toMatch(/^ACKNOWLEDGED Bulwark-SEC2$/m);
    expect(table.stdout).toContain('Acknowledged:');
    const { findings } = JSON.parse((await run('check', '--cdk-out', dir, '--format', 'json')).stdout) as {
      findings: { id: string; acknowledged?: { reason: string } }[];
    };
    expect(findings.find((f) => f.id === 'Bulwark-SEC2')?.acknowledged).toEqual({ reason: 'Shared with a partner account that cannot use our key.' });
    expect(table.stdout).toMatch(/0 errors, 1 warning, 2 acknowledged: PASSED/);
    const sarif = JSON.parse((await run('check', '--cdk-out', dir, '--format', 'sarif')).stdout) as {
      runs: { results: { ruleId: string; level: string; suppressions?: { justification: string }[] }[] }[];
    };
    expect(sarif.runs[0].results.find((r) => r.ruleId === 'Bulwark-SEC2')).toMatchObject({
      level: 'note',
      suppressions: [{ kind: 'inSource', justification: 'Shared with a partner account that cannot use our key.' }],
    });
  });

  it('exits 2 with the cause on a directory that is not a synthesized app, and writes nothing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'bulwark-empty-'));
    const output = join(empty, 'report.sarif');
    const { code, stderr } = await run('check', '--cdk-out', empty, '--format', 'sarif', '--output', output);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain('is not a cloud assembly (no manifest.json); synthesize first');
    expect(existsSync(output)).toBe(false);
  });
});

describe('bulwark check --terraform (Terraform written by hand)', () => {
  const hcl = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-terraform-'));
    writeFileSync(join(dir, 'main.tf'), text);
    return join(dir, 'main.tf');
  };

  it("exits 1 on provider v4 HCL that sets TLS 1.0 and ssl flexible (what JSON converted from it used to pass as 'no findings')", async () => {
    const file = hcl(
      'resource "cloudflare_zone_settings_override" "zone" {\n  zone_id = "0123"\n  settings {\n    min_tls_version = "1.0"\n    ssl = "flexible"\n  }\n}\n',
    );
    const { code, stdout } = await run('check', '--terraform', file, '--format', 'json');
    expect(code).toBe(1);
    const ids = (JSON.parse(stdout) as { findings: { id: string; location: { templateFile?: string } }[] }).findings.map((finding) => finding.id);
    expect(ids).toEqual(expect.arrayContaining(['BulwarkCF-TLS1', 'BulwarkCF-TLS3']));
  });

  it('points SARIF results at the line of the resource block in the .tf file', async () => {
    const file = hcl(
      '# edge\n\nresource "cloudflare_zone_settings_override" "zone" {\n  zone_id = "0123"\n  settings {\n    min_tls_version = "1.0"\n  }\n}\n',
    );
    const { stdout } = await run('check', '--terraform', file, '--format', 'sarif');
    const results = (JSON.parse(stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region?: { startLine: number } } }[] }[] }[] })
      .runs[0].results;
    const tls = results.find((result) => result.ruleId.startsWith('BulwarkCF-TLS1'));
    expect(tls?.locations[0].physicalLocation.region?.startLine).toBe(3);
  });

  it('exits 0 on the strict example zone written as .tf.json, and 2 on HCL that does not parse, without quoting it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-terraform-'));
    writeFileSync(join(dir, 'zone.tf.json'), readFileSync(join(cdktfOut(), 'stacks', 'edge', 'cdk.tf.json')));
    // Judged against the profile the zone was built from: the baseline's CSP allows no data: images, which strict's does.
    expect((await run('check', '--terraform', dir, '--profile', join(root, 'examples', 'profiles', 'strict.yaml'))).code).toBe(0);
    expect((await run('check', '--terraform', dir, '--format', 'json')).stdout).toContain('img-src');
    const broken = await run('check', '--terraform', hcl('resource "x" "y" {\n  api_token = "sk_live_0123456789abcdefABCDEF'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not HCL Terraform reads');
    expect(broken.stderr).not.toContain('sk_live');
  });
});

describe('bulwark check --cloudflare-plan', () => {
  it("lints the zones' expressions for the plan given, over the profile's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-cdktf-plan-'));
    const policy = buildPolicy(
      parseProfile({
        name: 'x',
        edges: ['cloudflare'],
        rateLimits: [{ name: 'login', match: { paths: ['/api/auth/login', '/api/auth/register'], methods: ['POST'] }, limit: 5, windowSeconds: 60 }],
      }),
    );
    mkdirSync(join(dir, 'stacks', 'edge'), { recursive: true });
    writeFileSync(
      join(dir, 'stacks', 'edge', 'cdk.tf.json'),
      Testing.synthScope((scope) => {
        new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', policy, plan: 'business' });
      }),
    );
    const ids = async (...extra: string[]) =>
      (JSON.parse((await run('check', '--cdktf-out', dir, '--format', 'json', ...extra)).stdout) as { findings: { id: string }[] }).findings.map((f) => f.id);
    expect(await ids()).toContain('BulwarkCF-EXPR1');
    expect(await ids('--cloudflare-plan', 'business')).not.toContain('BulwarkCF-EXPR1');
    expect((await run('check', '--cdktf-out', dir, '--cloudflare-plan', 'platinum')).code).toBe(EXIT.badInput);
  });
});

describe('bulwark check on apps with Stages and nested stacks', () => {
  /** A weak secret in a Stage's stack and one in a nested stack. */
  function stagedApp(): string {
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-staged-'));
    const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const prod = new Stage(app, 'Prod');
    new secretsmanager.Secret(new Stack(prod, 'Api'), 'StagedSecret');
    const top = new Stack(app, 'Top');
    new secretsmanager.Secret(new NestedStack(top, 'Inner'), 'NestedSecret');
    // The same construct ID in the parent: the same logical ID, in the other template.
    new secretsmanager.Secret(top, 'NestedSecret');
    Validations.of(app).addPlugins(new BulwarkChecks(app));
    app.synth();
    return outdir;
  }

  it('places each finding in the template that holds the resource, and every SARIF result at a file', async () => {
    const dir = stagedApp();
    const { findings } = JSON.parse((await run('check', '--cdk-out', dir, '--format', 'json')).stdout) as {
      findings: { id: string; location: { constructPath: string; templateFile?: string; logicalId?: string } }[];
    };
    const staged = findings.find((f) => f.id === 'Bulwark-SEC2' && f.location.constructPath.startsWith('Prod/'));
    expect(staged?.location.templateFile).toMatch(/^assembly-Prod[\\/]ProdApi[A-Z0-9]*\.template\.json$/);
    const nested = findings.find((f) => f.id === 'Bulwark-SEC2' && f.location.constructPath.includes('Inner'));
    expect(nested?.location.templateFile).toMatch(/\.nested\.template\.json$/);
    const nestedTemplate = JSON.parse(readFileSync(join(dir, nested?.location.templateFile ?? ''), 'utf8')) as { Resources: Record<string, unknown> };
    expect(Object.keys(nestedTemplate.Resources)).toContain(nested?.location.logicalId);
    const parent = findings.find((f) => f.id === 'Bulwark-SEC2' && f.location.constructPath === 'Top/NestedSecret/Resource');
    expect(parent?.location).toMatchObject({ templateFile: 'Top.template.json', logicalId: nested?.location.logicalId });
    const sarif = JSON.parse((await run('check', '--cdk-out', dir, '--format', 'sarif')).stdout) as {
      runs: { results: { locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    for (const result of sarif.runs[0].results) expect(result.locations[0].physicalLocation?.artifactLocation.uri).toBeTruthy();
  });
});

describe('bulwark check on bad input', () => {
  const weak = synthesizedApp(true);

  it('exits 2 naming a synthesized file that is not valid JSON', async () => {
    const dir = synthesizedApp(true);
    writeFileSync(join(dir, 'validation-report.json'), '{"pluginReports": [');
    const { code, stderr } = await run('check', '--cdk-out', dir);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toMatch(/validation-report\.json is not valid JSON .*; synthesize again/);
    expect(stderr).not.toContain('internal error');
  });

  it("reports every problem at once: each output that cannot be read and the profile's problems", async () => {
    const profile = join(mkdtempSync(join(tmpdir(), 'bulwark-profile-')), 'bad.yaml');
    writeFileSync(profile, 'name: demo\nenvironment: prod\n');
    const { code, stderr } = await run(
      'check',
      '--cdk-out',
      join(tmpdir(), 'no-such-cdk-out'),
      '--cdktf-out',
      join(tmpdir(), 'no-such-cdktf-out'),
      '--profile',
      profile,
    );
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain('no-such-cdk-out is not a cloud assembly');
    expect(stderr).toContain('no-such-cdktf-out holds no synthesized cdktf stack');
    expect(stderr).toMatch(/environment .*is not allowed/);
  });

  it('writes through a symbolic link, keeping the link, and into a device without replacing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-link-'));
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    expect((await run('check', '--cdk-out', weak, '--format', 'json', '--output', join(dir, 'link.json'))).code).toBe(EXIT.findings);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8'))).toHaveProperty('findings');
    expect((await run('check', '--cdk-out', weak, '--format', 'json', '--output', '/dev/null')).code).toBe(EXIT.findings);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('writes a profile path with spaces and # as a valid URI reference in SARIF', async () => {
    const dir = mkdtempSync(join(root, '.tmp-sarif-'));
    try {
      const profile = join(dir, 'my profiles', 'gora #1.yaml');
      mkdirSync(dirname(profile), { recursive: true });
      writeFileSync(profile, readFileSync(join(root, 'examples', 'profiles', 'baseline.yaml')));
      const previous = process.cwd();
      process.chdir(root);
      try {
        const { stdout } = await run('check', '--cdk-out', weak, '--profile', relative(root, profile), '--format', 'sarif');
        const sarif = JSON.parse(stdout) as {
          runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
        };
        const uris = sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
        expect(uris).toContain(`${relative(root, dir)}/my%20profiles/gora%20%231.yaml`);
      } finally {
        process.chdir(previous);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bulwark check with no output given', () => {
  it('synthesizes the example apps of cdk.json and cdktf.json, passes them, and removes what it synthesized', async () => {
    const previous = process.cwd();
    const synthesized = () => new Set(readdirSync(tmpdir()).filter((name) => /^bulwark-(cdk|cdktf)-/.test(name)));
    const before = synthesized();
    process.chdir(root);
    try {
      const { code, stdout, stderr } = await run('check', '--profile', join(root, 'examples', 'profiles', 'strict.yaml'), '--format', 'json');
      expect(code, stderr).toBe(EXIT.ok);
      expect([...synthesized()].filter((name) => !before.has(name))).toEqual([]);
      const { checklist } = JSON.parse(stdout) as { checklist: { item: string; status: string; enforcedBy: string[] }[] };
      const tls = checklist.find((row) => row.item === 'tlsVersions');
      expect(tls).toMatchObject({ status: 'pass', enforcedBy: expect.arrayContaining(['Bulwark-ELB1', 'BulwarkCF-TLS1', 'BWD-TLS-01']) });
    } finally {
      process.chdir(previous);
    }
  });

  it('exits 2 with the cause when an app fails to synthesize', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-broken-'));
    writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: 'node -e "console.error(\'boom: no VPC\'); process.exit(3)"' }));
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('bulwark-cdk-'));
      const before = new Set(leftovers());
      const { code, stderr } = await run('check');
      expect(code).toBe(EXIT.badInput);
      expect(stderr).toMatch(/synthesizing node -e .* failed \(exit 3\):\nboom: no VPC/);
      expect(leftovers().filter((name) => !before.has(name))).toEqual([]);
    } finally {
      process.chdir(previous);
    }
  });
});

describe('bulwark check on deliberately weakened apps', () => {
  it('exits 1 and names each failure: the TLS 1.0 listener, the secret without rotation, the zone with SSL flexible', async () => {
    const previous = process.cwd();
    process.chdir(join(root, 'test', 'fixtures', 'weakened-apps'));
    try {
      const { code, stdout, stderr } = await run('check', '--format', 'json');
      expect(code, stderr).toBe(EXIT.findings);
      const { findings } = JSON.parse(stdout) as { findings: { id: string; location: { constructPath: string } }[] };
      expect(findings).toContainEqual(
        expect.objectContaining({ id: 'Bulwark-ELB1', location: expect.objectContaining({ constructPath: 'Weakened/Alb/Https/Resource' }) }),
      );
      expect(findings).toContainEqual(
        expect.objectContaining({ id: 'Bulwark-SEC1[no-rotation]', location: expect.objectContaining({ constructPath: 'Weakened/ApiKey/Resource' }) }),
      );
      expect(findings).toContainEqual(expect.objectContaining({ id: 'BulwarkCF-TLS3' }));
    } finally {
      process.chdir(previous);
    }
  });
});
