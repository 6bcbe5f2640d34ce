import { describe, expect, it } from 'vitest';
import { jsonReportWriter, tableReportWriter } from '../../lib/cli/simulate-report';
import type { RequestOutcome } from '../../lib/simulate/run-simulation';
import type { SimulatedRequest } from '../../lib/simulate/simulated-request';
import { SimulationSummary } from '../../lib/simulate/simulation-summary';

const request = (id: string, path = '/', extra: Record<string, unknown> = {}): SimulatedRequest => ({
  id,
  method: 'GET',
  host: 'api.example.com',
  path,
  query: '',
  headers: {},
  body: '',
  extra,
});

const outcome = (id: string, path = '/', extra: Record<string, unknown> = {}): RequestOutcome => ({
  request: request(id, path, extra),
  edges: [
    { edge: 'aws', verdict: { action: 'block', rule: 'rate-auth', matched: ['rate-auth'], responseCode: 429 }, expected: 'block', outcome: 'met' },
    {
      edge: 'cloudflare',
      verdict: {
        action: 'unknown',
        rule: 'owasp-core',
        matched: [],
        phase: 'http_request_firewall_managed',
        reason: 'managed ruleset',
        otherwise: { action: 'allow', rule: null },
      },
    },
  ],
});

const summary = () =>
  new SimulationSummary([
    {
      edge: { name: 'aws', kind: 'aws', source: 'cdk.out/Stack.template.json Waf', evaluate: () => ({ action: 'allow', rule: null, matched: [] }) },
      ruleNames: new Set(),
    },
  ]).toJSON();

describe('jsonReportWriter', () => {
  it('writes parseable JSON with the input’s own fields, each edge’s verdict and the expectations', () => {
    let text = '';
    const writer = jsonReportWriter((chunk) => (text += chunk));
    writer.request(outcome('login-11', '/', { label: 'attack' }));
    writer.request(outcome('login-12'));
    writer.end(summary());
    const report = JSON.parse(text) as { requests: Record<string, unknown>[]; summary: { requests: number } };
    expect(report.requests).toHaveLength(2);
    expect(report.requests[0]).toMatchObject({
      id: 'login-11',
      label: 'attack',
      edges: { aws: { action: 'block', rule: 'rate-auth' }, cloudflare: { action: 'unknown', otherwise: { action: 'allow' } } },
      expectations: { aws: { expected: 'block', outcome: 'met' } },
    });
    expect(report.summary.requests).toBe(0);
  });

  it('writes an empty list when there are no requests', () => {
    let text = '';
    jsonReportWriter((chunk) => (text += chunk)).end(summary());
    expect(JSON.parse(text)).toMatchObject({ requests: [] });
  });

  it('keeps its own keys when an input field has the same name', () => {
    let text = '';
    const writer = jsonReportWriter((chunk) => (text += chunk));
    writer.request(outcome('a', '/', { edges: 'forged', id: 'forged' }));
    writer.end(summary());
    const report = JSON.parse(text) as { requests: { id: string; edges: unknown }[] };
    expect(report.requests[0].id).toBe('a');
    expect(report.requests[0].edges).toMatchObject({ aws: { action: 'block' } });
  });
});

describe('tableReportWriter', () => {
  it('shows each edge’s action, rule and expectation, and what an unknown verdict would otherwise be', () => {
    let text = '';
    const writer = tableReportWriter((chunk) => (text += chunk), 120, 10);
    writer.request(outcome('login-11', '/api/auth/login'));
    writer.end(summary());
    expect(text).toContain('login-11  GET /api/auth/login');
    expect(text).toMatch(/aws\s+block \(429\) by rate-auth {2}expected block: met/);
    expect(text).toMatch(/cloudflare\s+unknown: may be blocked by owasp-core \[http_request_firewall_managed\]; otherwise allow/);
  });

  it('shows the first --limit requests and says how many more there are', () => {
    let text = '';
    const writer = tableReportWriter((chunk) => (text += chunk), 100, 2);
    for (const id of ['a', 'b', 'c', 'd']) writer.request(outcome(id));
    writer.end(summary());
    expect(text).toContain('… 2 more requests not shown (--limit 2)');
    expect(text).not.toMatch(/^c {2}GET/m);
  });

  it('hides a path that may hold a secret and escapes control characters', () => {
    let text = '';
    const writer = tableReportWriter((chunk) => (text += chunk), 100, 10);
    writer.request(outcome('reset', '/reset/ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5b'));
    writer.request(outcome('hex-token', '/reset/8f14e45fceea167a5a36dedd4bea2543'));
    writer.request(outcome('evil\u001b[2J', '/x'));
    writer.end(summary());
    expect(text).not.toContain('ghp_');
    expect(text).not.toContain('8f14e45f');
    expect(text).toContain('(path hidden: it may hold a secret)');
    expect(text).not.toContain('\u001b');
  });
});
