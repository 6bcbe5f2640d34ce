import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { beforeAll, describe, expect, it } from 'vitest';
import { Profile } from '../../lib/tooling';
import { HardenedWebAcl } from '../../lib';
import { runCliCaptured as run } from '../support/run-cli';
import { strictZoneOutput } from '../support/strict-zone-output';

const root = join(__dirname, '..', '..');
const strict = () => Profile.fromFile(join(root, 'examples', 'profiles', 'strict.yaml'));

/** A cloud assembly holding the strict profile's regional Web ACL, as HardenedWebAcl writes it. */
function webAclOutput(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-simulate-cdk-'));
  const app = new App({ outdir });
  new HardenedWebAcl(new Stack(app, 'Edge', { env: { region: 'us-east-1' } }), 'Waf', { profile: strict() });
  app.synth();
  return outdir;
}

const workDir = () => mkdtempSync(join(tmpdir(), 'bulwark-simulate-'));
const lines = (...requests: Record<string, unknown>[]) => requests.map((request) => JSON.stringify(request)).join('\n') + '\n';
const written = (dir: string, name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

interface JsonReport {
  requests: {
    id: string;
    label?: string;
    edges: Record<string, { action: string; rule: string | null; otherwise?: { action: string } }>;
    expectations?: unknown;
  }[];
  summary: {
    requests: number;
    expectations: { met: number; unmet: number; unverified: number; failures: unknown[]; missing: string[] };
    parity: { differing: number; undecided: number };
  };
}

const loginBurst = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `login-${i + 1}`,
    method: 'POST',
    path: '/api/auth/login',
    // The strict example's origin sits behind Cloudflare: AWS counts the client in the CF-Connecting-IP Cloudflare adds.
    headers: { host: 'api.example.com', 'user-agent': 'python-requests/2.32.3', 'cf-connecting-ip': '203.0.113.7' },
    ip: '203.0.113.7',
    time: `2026-12-07T10:01:${String(i * 2).padStart(2, '0')}Z`,
  }));

describe('bulwark simulate', () => {
  let cdkOut: string;
  let cdktfOut: string;
  beforeAll(() => {
    cdkOut = webAclOutput();
    cdktfOut = strictZoneOutput('bulwark-simulate-cdktf-');
  });

  it('reports each edge’s action and deciding rule, carrying the input’s own fields through', async () => {
    const requests = written(workDir(), 'r.jsonl', lines({ id: 'bot', label: 'scanner', path: '/', headers: { 'user-agent': 'sqlmap/1.8' }, ip: '192.0.2.1' }));
    const { code, stdout } = await run('simulate', requests, '--cdk-out', cdkOut, '--cdktf-out', cdktfOut, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.requests[0]).toMatchObject({ id: 'bot', label: 'scanner', edges: { cloudflare: { action: 'block', rule: 'bad-bots' } } });
    // On AWS the managed groups come before the bad-bot rule: they may act first, and bad-bots blocks otherwise.
    expect(report.requests[0].edges.aws).toMatchObject({ action: 'unknown', otherwise: { action: 'block' } });
  });

  it('counts rate limits over the requests’ times, per edge, as each edge’s rule says', async () => {
    const requests = written(workDir(), 'r.jsonl', lines(...loginBurst(11)));
    const { stdout } = await run('simulate', requests, '--cdk-out', cdkOut, '--cdktf-out', cdktfOut, '--format', 'json');
    const report = JSON.parse(stdout) as JsonReport;
    const action = (id: string, edge: string) => report.requests.find((request) => request.id === id)?.edges[edge];
    // Cloudflare (Pro): 5 per 60 s; AWS: 10 per 120 s (its smallest limit).
    expect(action('login-6', 'cloudflare')).toMatchObject({ action: 'block', rule: 'rate-auth' });
    expect(action('login-5', 'cloudflare')?.action).not.toBe('block');
    expect(action('login-11', 'aws')).toMatchObject({ action: 'block', rule: 'rate-auth' });
    expect(action('login-10', 'aws')?.action).not.toBe('block');
    // AWS may still block login-6 to login-10 by a managed group: undecided, not a difference; login-11 is blocked on both.
    expect(report.summary.parity).toMatchObject({ differing: 0, undecided: 5 });
  });

  it('exits 1 with the difference when an expectation is not met, and 0 when every one is', async () => {
    const dir = workDir();
    const requests = written(dir, 'r.jsonl', lines(...loginBurst(11)));
    const failing = written(dir, 'fail.yaml', 'login-11: allow\nlogin-2: block\n');
    const failed = await run('simulate', requests, '--cdk-out', cdkOut, '--cdktf-out', cdktfOut, '--expect', failing);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('NOT MET login-11 on aws: expected allow, got block by rate-auth');
    // login-2 reaches the managed rules on both edges: neither met nor failed, but unverified.
    expect(failed.stdout).toContain('Expectations: 0 met, 2 NOT MET, 2 unverified');
    const passing = written(dir, 'pass.yaml', 'login-11: block\nlogin-6: { cloudflare: block }\n');
    const passed = await run('simulate', requests, '--cdk-out', cdkOut, '--cdktf-out', cdktfOut, '--expect', passing, '--format', 'json');
    expect(passed.code).toBe(0);
    expect((JSON.parse(passed.stdout) as JsonReport).summary.expectations).toMatchObject({ met: 3, unmet: 0 });
  });

  it('takes an expect field in the request itself, and fails on an id the --expect file names that no request has', async () => {
    const dir = workDir();
    const requests = written(dir, 'r.jsonl', lines({ id: 'bot', path: '/', headers: { 'user-agent': 'nikto' }, expect: 'block' }));
    const own = await run('simulate', requests, '--cdktf-out', cdktfOut);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('expected block: met');
    const missing = await run('simulate', requests, '--cdktf-out', cdktfOut, '--expect', written(dir, 'e.yaml', 'no-such-request: allow\n'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('NOT MET no-such-request: expected, but no request has this id');
  });

  it('exits 1 on unverified expectations only with --fail-on-unverified', async () => {
    const requests = written(workDir(), 'r.jsonl', lines({ id: 'home', path: '/', expect: 'allow', ip: '198.51.100.1' }));
    expect((await run('simulate', requests, '--cdk-out', cdkOut)).code).toBe(0);
    expect((await run('simulate', requests, '--cdk-out', cdkOut, '--fail-on-unverified')).code).toBe(1);
  });

  it('reports every input problem at once with exit 2, and writes no report', async () => {
    const dir = workDir();
    const requests = written(dir, 'r.jsonl', `${JSON.stringify({ path: 'no-slash' })}\n{not json\n${JSON.stringify({ path: '/', expect: 'deny' })}\n`);
    const expectations = written(dir, 'e.yaml', 'a: blocked\n');
    const output = join(dir, 'report.json');
    const { code, stderr } = await run('simulate', requests, '--cdk-out', join(dir, 'missing'), '--expect', expectations, '--output', output);
    expect(code).toBe(2);
    expect(stderr).toContain('is not a cloud assembly (no manifest.json)');
    expect(stderr).toContain('--expect');
    expect(stderr).toContain(`${requests}:1`);
    expect(stderr).toContain(`${requests}:2`);
    expect(stderr).toContain(`${requests}:3`);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['e.yaml', 'r.jsonl']);
  });

  it('refuses an --edge or a per-edge expectation naming an edge that is not simulated', async () => {
    const dir = workDir();
    const requests = written(dir, 'r.jsonl', lines({ path: '/' }));
    const edge = await run('simulate', requests, '--cdk-out', cdkOut, '--edge', 'cloudfare');
    expect(edge.code).toBe(2);
    expect(edge.stderr).toContain('--edge "cloudfare" names no edge; the edges are aws');
    const typo = await run('simulate', requests, '--cdk-out', cdkOut, '--expect', written(dir, 'e.yaml', 'line 1: { awz: block }\n'));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--expect names the edge "awz", which is not simulated');
  });

  it('exits 2 naming the template, Web ACL and rule when a Web ACL has a shape AWS WAF would refuse', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-simulate-bad-'));
    const app = new App({ outdir });
    new CfnWebACL(new Stack(app, 'Bad'), 'Acl', {
      defaultAction: { allow: {} },
      scope: 'REGIONAL',
      visibilityConfig: { cloudWatchMetricsEnabled: false, metricName: 'acl', sampledRequestsEnabled: false },
      rules: [
        {
          name: 'odd',
          priority: 0,
          action: { block: {} },
          statement: {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint: 'SOMEWHERE',
              searchString: 'x',
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: false, metricName: 'odd', sampledRequestsEnabled: false },
        },
      ],
    });
    app.synth();
    const { code, stderr } = await run('simulate', written(workDir(), 'r.jsonl', lines({ path: '/' })), '--cdk-out', outdir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Bad\.template\.json Acl[0-9A-F]*: rule "odd": Statement\.ByteMatchStatement\.PositionalConstraint: .*SOMEWHERE/);
  });

  it('says so when the outputs deploy nothing to simulate', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-simulate-empty-'));
    const app = new App({ outdir });
    new Stack(app, 'Empty');
    app.synth();
    const { code, stderr } = await run('simulate', written(workDir(), 'r.jsonl', lines({ path: '/' })), '--cdk-out', outdir);
    expect(code).toBe(2);
    expect(stderr).toContain('deploy no AWS::WAFv2::WebACL and no Cloudflare zone ruleset');
  });

  it('writes --output whole, as JSON that parses', async () => {
    const dir = workDir();
    const output = join(dir, 'report.json');
    const { code, stdout } = await run(
      'simulate',
      written(dir, 'r.jsonl', lines(...loginBurst(3))),
      '--cdktf-out',
      cdktfOut,
      '--format',
      'json',
      '--output',
      output,
    );
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect((JSON.parse(readFileSync(output, 'utf8')) as JsonReport).summary.requests).toBe(3);
  });

  it('meets the example expectations on the example apps of cdk.json and cdktf.json (synthesized here, built by npm test)', async () => {
    const { code, stdout } = await run(
      'simulate',
      join(root, 'examples', 'requests', 'strict.jsonl'),
      '--expect',
      join(root, 'examples', 'requests', 'strict.expect.yaml'),
      '--format',
      'json',
    );
    expect(code, stdout.slice(0, 2000)).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.summary.requests).toBe(21);
    expect(report.summary.expectations.unmet).toBe(0);
    expect(report.summary.expectations.met).toBeGreaterThanOrEqual(5);
    // Both Web ACLs (CloudFront and regional) and the zone are simulated.
    expect(Object.keys(report.requests[0].edges).sort()).toEqual([
      expect.stringMatching(/^aws:BulwarkEdge\/EdgeWaf/),
      expect.stringMatching(/^aws:BulwarkEdge\/Waf/),
      'cloudflare',
    ]);
  }, 120_000);
});
