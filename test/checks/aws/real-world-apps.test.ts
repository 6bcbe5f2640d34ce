// BulwarkChecks and Harden.apply on CDK apps written by others (aws-samples/aws-cdk-examples,
// Apache-2.0; see test/fixtures/real-world/SOURCES.md), each run as `cdk synth` runs it: once as
// written, and once with Harden.apply (the strict profile) just before synthesis. Every Bulwark
// finding and every change and finding of Harden is pinned, each read against the app by hand,
// so a rule or a hardening step that starts to act differently on real code fails here.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCloudAssemblyFindings, readCloudAssemblyRun } from '../../../lib/checks/report/read-cloud-assembly';

const root = join(__dirname, '..', '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'real-world');
const runner = join(root, 'test', 'support', 'run-real-world-app.ts');
const strictProfile = join(root, 'examples', 'profiles', 'strict.yaml');

/** Each app: its directory (the working directory `cdk synth` would run in) and its entry file there. */
const APPS: readonly (readonly [string, string])[] = [
  ['application-load-balancer', 'index.ts'],
  ['classic-load-balancer', 'index.ts'],
  ['cloudfront-functions', 'bin/demo-cloudfront-functions.ts'],
  ['cognito-api-lambda', 'index.ts'],
  ['ecs/fargate-application-load-balanced-service', 'index.ts'],
  ['http-proxy-apigateway', 'index.ts'],
  ['rds/aurora', 'aurora.ts'],
  ['rds/mysql', 'mysql.ts'],
  ['waf', 'app.ts'],
];

interface PinnedApp {
  /** Bulwark findings on the app as written, `<rule id> <logical id>`. */
  readonly checks: readonly string[];
  /** Bulwark findings once Harden.apply has run. */
  readonly hardenedChecks: readonly string[];
  /** Harden's report: `<construct path>: <message>`. */
  readonly hardenChanges: readonly string[];
  readonly hardenFindings: readonly string[];
}

interface Synthesis {
  readonly outdir: string;
  readonly status: number | null;
  readonly stderr: string;
}

const expected = JSON.parse(readFileSync(join(fixtures, 'aws-cdk-examples.findings.json'), 'utf8')) as Record<string, PinnedApp>;
const syntheses = new Map<string, Synthesis>();

/** Runs an app as `cdk synth` does, into a fresh cloud assembly; with `harden`, Harden.apply runs first. */
function synthesize(dir: string, entry: string, harden: boolean): Promise<Synthesis> {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-real-app-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_OUTDIR: outdir,
    // The apps' own validation would stop synthesis at the first error; the findings are read from the report instead.
    CDK_CONTEXT_JSON: JSON.stringify({ '@aws-cdk/core:failSynthOnValidationErrors': false }),
  };
  if (harden) env.BULWARK_HARDEN = strictProfile;
  else delete env.BULWARK_HARDEN;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', runner, entry], { cwd: join(fixtures, 'aws-cdk-examples', dir), env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ outdir, status, stderr }));
  });
}

function bulwarkFindings(outdir: string): string[] {
  return readCloudAssemblyFindings(outdir)
    .filter((finding) => finding.id.startsWith('Bulwark-'))
    .map((finding) => `${finding.id} ${finding.location.kind === 'resource' ? (finding.location.logicalId ?? '') : ''}`.trim())
    .sort();
}

const key = (dir: string, harden: boolean) => `${dir}${harden ? ' hardened' : ''}`;

beforeAll(async () => {
  // Two at a time: each is a Node process that loads aws-cdk-lib.
  const runs = APPS.flatMap(([dir, entry]) =>
    [false, true].map((harden) => () => synthesize(dir, entry, harden).then((s) => syntheses.set(key(dir, harden), s))),
  );
  const next = async (): Promise<void> => {
    const run = runs.shift();
    if (run === undefined) return;
    await run();
    return next();
  };
  await Promise.all([next(), next()]);
}, 900_000);

afterAll(() => {
  for (const { outdir } of syntheses.values()) rmSync(outdir, { recursive: true, force: true });
});

describe('BulwarkChecks and Harden.apply on public CDK apps', () => {
  it('has each app pinned', () => {
    expect(Object.keys(expected).sort()).toEqual(APPS.map(([dir]) => dir).sort());
  });

  describe.each(APPS.map(([dir]) => dir))('%s', (dir) => {
    it('synthesizes as written with BulwarkChecks run, and exactly the pinned findings', () => {
      const synthesis = syntheses.get(key(dir, false));
      expect(synthesis?.status, synthesis?.stderr).toBe(0);
      expect(readCloudAssemblyRun(synthesis!.outdir).ran).toBe(true);
      expect(bulwarkFindings(synthesis!.outdir)).toEqual(expected[dir].checks);
    });

    it('is hardened without a crash: the pinned changes and findings of Harden, and what the checks still find', () => {
      const synthesis = syntheses.get(key(dir, true));
      expect(synthesis?.status, synthesis?.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(synthesis!.outdir, 'harden-report.json'), 'utf8')) as { changes: string[]; findings: string[] };
      expect(report.changes).toEqual(expected[dir].hardenChanges);
      expect(report.findings).toEqual(expected[dir].hardenFindings);
      expect(bulwarkFindings(synthesis!.outdir)).toEqual(expected[dir].hardenedChecks);
    });

    it('is never left by Harden with a finding the app did not have', () => {
      const rules = (synthesis: Synthesis | undefined) => bulwarkFindings(synthesis!.outdir).map((finding) => finding.replace(/\[[^\]]*\]/, ''));
      const before = new Set(rules(syntheses.get(key(dir, false))));
      expect(rules(syntheses.get(key(dir, true))).filter((finding) => !before.has(finding))).toEqual([]);
    });
  });
});
