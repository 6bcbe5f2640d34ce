import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Testing } from 'cdktf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, Profile } from '../../lib/tooling';
import { BulwarkChecks } from '../../lib';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { runCliCaptured as run } from '../support/run-cli';

interface JsonReport {
  packs: { source: string; input: string; ran: boolean }[];
  findings: { id: string; app?: string; location: { templateFile?: string } }[];
}

interface SarifLog {
  runs: {
    results: {
      ruleId: string;
      properties?: { app?: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
    }[];
  }[];
}

/** A cloud assembly synthesized into `outdir` with BulwarkChecks reporting; `weak` adds a secret without rotation (Bulwark-SEC1). */
function synthesize(outdir: string, weak: boolean): void {
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new Stack(app, 'Api');
  new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
  if (weak) new secretsmanager.Secret(stack, 'Secret');
  Validations.of(app).addPlugins(new BulwarkChecks(app));
  app.synth();
}

/** Runs the CLI with `dir` as the working directory (the repository the report's paths are relative to). */
async function runIn(dir: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await run(...argv);
  } finally {
    process.chdir(previous);
  }
}

let repo: string;
let weakAssembly: string;
let cleanAssembly: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'bulwark-monorepo-'));
  weakAssembly = join(repo, 'fixtures', 'weak');
  cleanAssembly = join(repo, 'fixtures', 'clean');
  synthesize(weakAssembly, true);
  synthesize(cleanAssembly, false);
  // Three apps' outputs, given out of order: the report orders them by path.
  cpSync(weakAssembly, join(repo, 'services', 'payments', 'cdk.out'), { recursive: true });
  cpSync(cleanAssembly, join(repo, 'services', 'catalog', 'cdk.out'), { recursive: true });
  cpSync(weakAssembly, join(repo, 'services', 'auth', 'cdk.out'), { recursive: true });
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

const outputs = () => ['services/payments/cdk.out', 'services/catalog/cdk.out', 'services/auth/cdk.out'];

/** An app directory whose cdk.json "synthesizes" by copying a cloud assembly into the directory the CLI gives it. */
function appCopying(dir: string, assembly: string): void {
  mkdirSync(dir, { recursive: true });
  const copy = `node -e "require('node:fs').cpSync(process.argv[1], process.env.CDK_OUTDIR, { recursive: true })" "${assembly}"`;
  writeFileSync(join(dir, 'cdk.json'), JSON.stringify({ app: copy }));
}

describe('bulwark check over many apps', () => {
  it('reports every app in one JSON report, in the order of the apps paths, each finding carrying its app', async () => {
    const { code, stdout, stderr } = await runIn(repo, 'check', '--cdk-out', ...outputs(), '--format', 'json', '--jobs', '2');
    expect(code, stderr).toBe(EXIT.findings);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.packs.map((pack) => pack.input)).toEqual(['services/auth/cdk.out', 'services/catalog/cdk.out', 'services/payments/cdk.out']);
    expect(report.packs.every((pack) => pack.ran)).toBe(true);
    const rotation = report.findings.filter((finding) => finding.id === 'Bulwark-SEC1[no-rotation]');
    expect(rotation.map((finding) => finding.app)).toEqual(['services/auth/cdk.out', 'services/payments/cdk.out']);
    expect(rotation.map((finding) => finding.location.templateFile)).toEqual([
      'services/auth/cdk.out/Api.template.json',
      'services/payments/cdk.out/Api.template.json',
    ]);
  });

  it('gives the same JSON report with one job as with two', async () => {
    const one = await runIn(repo, 'check', '--cdk-out', ...outputs(), '--format', 'json', '--jobs', '1');
    const two = await runIn(repo, 'check', '--cdk-out', ...outputs(), '--format', 'json', '--jobs', '2');
    expect(one.code).toBe(EXIT.findings);
    expect(two.stdout).toBe(one.stdout);
  });

  it("writes one SARIF log with the results of each app, at paths relative to the working directory and the resource's template line", async () => {
    const { code, stdout } = await runIn(repo, 'check', '--cdk-out', ...outputs(), '--format', 'sarif', '--jobs', '2');
    expect(code).toBe(EXIT.findings);
    const results = (JSON.parse(stdout) as SarifLog).runs[0].results.filter((result) => result.ruleId === 'Bulwark-SEC1');
    expect(results.map((result) => [result.properties?.app, result.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ['services/auth/cdk.out', 'services/auth/cdk.out/Api.template.json'],
      ['services/payments/cdk.out', 'services/payments/cdk.out/Api.template.json'],
    ]);
    // The test's own lines are outside this working directory: no creation trace names a file here, so the template's line stands in.
    const secretLine = readFileSync(join(weakAssembly, 'Api.template.json'), 'utf8')
      .split('\n')
      .findIndex((line) => /^ {2}"Secret[0-9A-F]{8}": \{$/.test(line));
    expect(secretLine).toBeGreaterThan(0);
    expect(results.map((result) => result.locations[0].physicalLocation.region?.startLine)).toEqual([secretLine + 1, secretLine + 1]);
  });

  it("names each finding's app in the table", async () => {
    const { stdout } = await runIn(repo, 'check', '--cdk-out', ...outputs(), '--jobs', '2');
    expect(stdout).toContain('  app   services/auth/cdk.out\n  where ');
    expect(stdout).toContain('  app   services/payments/cdk.out\n  where ');
    // With no creation trace here, the table names the template's line of the resource.
    expect(stdout).toMatch(/services\/auth\/cdk\.out\/Api\.template\.json:\d+: Secret[0-9A-F]{8}\)/);
  });
});

/** A cdktf output in `dir` holding the strict example zone, with SSL set to flexible when `weak` (BulwarkCF-TLS3). */
function cdktfOutput(dir: string, weak: boolean): void {
  const document = JSON.parse(
    Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', {
        zoneId: 'zone-1',
        profile: Profile.fromFile(join(__dirname, '..', '..', 'examples', 'profiles', 'strict.yaml')),
      });
    }),
  ) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  if (weak) for (const setting of Object.values(document.resource.cloudflare_zone_setting)) if (setting.setting_id === 'ssl') setting.value = 'flexible';
  mkdirSync(join(dir, 'stacks', 'edge'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'edge', 'cdk.tf.json'), JSON.stringify(document));
}

describe('bulwark check over many cdktf apps', () => {
  it("runs the Cloudflare checks on each output in the workers, with the profile's plan", async () => {
    const tree = mkdtempSync(join(repo, 'zones-'));
    cdktfOutput(join(tree, 'zones', 'shop', 'cdktf.out'), true);
    cdktfOutput(join(tree, 'zones', 'blog', 'cdktf.out'), false);
    const strict = join(__dirname, '..', '..', 'examples', 'profiles', 'strict.yaml');
    const argv = ['check', '--cdktf-out', 'zones/shop/cdktf.out', 'zones/blog/cdktf.out', '--profile', strict, '--format', 'json'];
    const { code, stdout, stderr } = await runIn(tree, ...argv, '--jobs', '2');
    expect(code, stderr).toBe(EXIT.findings);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.packs.filter((pack) => pack.source === 'cloudflare').map((pack) => pack.input)).toEqual(['zones/blog/cdktf.out', 'zones/shop/cdktf.out']);
    expect(report.findings.filter((finding) => finding.id === 'BulwarkCF-TLS3').map((finding) => finding.app)).toEqual(['zones/shop/cdktf.out']);
    expect((await runIn(tree, ...argv, '--jobs', '1')).stdout).toBe(stdout);
  });
});

describe('bulwark check --apps', () => {
  it('synthesizes every app below the directory, skipping node_modules and cdk.out, and places SARIF results at each cdk.json', async () => {
    const tree = mkdtempSync(join(repo, 'tree-'));
    appCopying(join(tree, 'apps', 'web'), weakAssembly);
    appCopying(join(tree, 'apps', 'admin'), cleanAssembly);
    appCopying(join(tree, 'node_modules', 'some-dependency'), weakAssembly);
    appCopying(join(tree, 'apps', 'web', 'cdk.out', 'stale'), weakAssembly);
    const json = await runIn(tree, 'check', '--apps', '.', '--format', 'json', '--jobs', '2');
    expect(json.code, json.stderr).toBe(EXIT.findings);
    expect((JSON.parse(json.stdout) as JsonReport).packs.map((pack) => pack.input)).toEqual(['the app of apps/admin/cdk.json', 'the app of apps/web/cdk.json']);
    const sarif = await runIn(tree, 'check', '--apps', 'apps', '--format', 'sarif', '--jobs', '2');
    const uris = (JSON.parse(sarif.stdout) as SarifLog).runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri);
    expect(new Set(uris)).toEqual(new Set(['apps/web/cdk.json']));
    // The synthesized templates are deleted after the run: no line of theirs is given for the cdk.json.
    expect((JSON.parse(sarif.stdout) as SarifLog).runs[0].results.every((result) => result.locations[0].physicalLocation.region === undefined)).toBe(true);
  });

  it('exits 2 listing the app that fails to synthesize, without a stack trace, and writes no report', async () => {
    const tree = mkdtempSync(join(repo, 'broken-'));
    appCopying(join(tree, 'apps', 'web'), weakAssembly);
    mkdirSync(join(tree, 'apps', 'legacy'), { recursive: true });
    writeFileSync(join(tree, 'apps', 'legacy', 'cdk.json'), JSON.stringify({ app: 'node -e "console.error(\'boom: no VPC\'); process.exit(3)"' }));
    const report = join(tree, 'report.sarif');
    const { code, stdout, stderr } = await runIn(tree, 'check', '--apps', 'apps', '--format', 'sarif', '--output', report, '--jobs', '2');
    expect(code).toBe(EXIT.badInput);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^bulwark: apps\/legacy: synthesizing node -e .* failed \(exit 3\):\nboom: no VPC\n$/);
    expect(existsSync(report)).toBe(false);
  });

  it('exits 2 when no app is below the directories given', async () => {
    const empty = mkdtempSync(join(repo, 'empty-'));
    const { code, stderr } = await runIn(empty, 'check', '--apps', '.');
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toBe('bulwark: no cdk.json or cdktf.json below .: give the directories that hold the apps\n');
  });
});

describe('bulwark check --jobs', () => {
  it.each(['0', 'abc', '1.5', '-2'])('refuses --jobs %s with what it takes', async (jobs) => {
    const { code, stderr } = await runIn(repo, 'check', '--cdk-out', ...outputs(), `--jobs=${jobs}`);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain('--jobs takes a whole number of apps to check at once, 1 or more (default: the number of CPUs).');
  });
});
