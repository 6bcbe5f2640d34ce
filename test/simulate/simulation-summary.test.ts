import { describe, expect, it } from 'vitest';
import type { DeployedEdge } from '../../lib/simulate/deployed-edges';
import type { EdgeVerdict } from '../../lib/simulate/edge-verdict';
import { MAX_SUMMARY_EXAMPLES, SimulationSummary } from '../../lib/simulate/simulation-summary';

const edge = (name: string, kind: 'aws' | 'cloudflare', rules: string[]): DeployedEdge => ({
  edge: { name, kind, source: `${name}.json`, evaluate: () => ({ action: 'allow', rule: null, matched: [] }) },
  ruleNames: new Set(rules),
});
const verdict = (action: EdgeVerdict['action'], rule: string | null = null): EdgeVerdict => ({ action, rule, matched: rule === null ? [] : [rule] });

const EDGES = [edge('aws', 'aws', ['rate-per-user', 'bad-bots']), edge('cloudflare', 'cloudflare', ['bad-bots'])];

describe('SimulationSummary', () => {
  it('counts each edge’s actions', () => {
    const summary = new SimulationSummary(EDGES);
    summary.add('a', [
      { edge: 'aws', verdict: verdict('block', 'bad-bots') },
      { edge: 'cloudflare', verdict: verdict('block', 'bad-bots') },
    ]);
    summary.add('b', [
      { edge: 'aws', verdict: verdict('unknown', 'managed-common') },
      { edge: 'cloudflare', verdict: verdict('allow') },
    ]);
    const data = summary.toJSON();
    expect(data.requests).toBe(2);
    expect(data.edges.aws.actions).toMatchObject({ block: 1, unknown: 1, allow: 0 });
    expect(data.edges.cloudflare.actions).toMatchObject({ block: 1, allow: 1 });
  });

  it('names the rule one edge decides by and the other lacks', () => {
    const summary = new SimulationSummary(EDGES);
    const difference = summary.add('burst', [
      { edge: 'aws', verdict: verdict('block', 'rate-per-user') },
      { edge: 'cloudflare', verdict: verdict('allow') },
    ]);
    expect(difference?.why).toEqual([expect.stringMatching(/^rate-per-user decides on aws \(block\); cloudflare has no rule of that name/)]);
    expect(summary.toJSON().parity).toMatchObject({ differing: 1, undecided: 0 });
  });

  it('says when both edges have the deciding rule and judge differently', () => {
    const summary = new SimulationSummary(EDGES);
    const difference = summary.add('ua', [
      { edge: 'aws', verdict: verdict('allow') },
      { edge: 'cloudflare', verdict: verdict('block', 'bad-bots') },
    ]);
    expect(difference?.why).toEqual([
      expect.stringMatching(/^bad-bots decides on cloudflare \(block\); aws has a rule of that name that does not match the same way/),
    ]);
  });

  it('counts a request one edge may still block as undecided, not as a difference', () => {
    const summary = new SimulationSummary(EDGES);
    expect(
      summary.add('x', [
        { edge: 'aws', verdict: verdict('unknown', 'managed-common') },
        { edge: 'cloudflare', verdict: verdict('allow') },
      ]),
    ).toBeUndefined();
    expect(summary.toJSON().parity).toMatchObject({ differing: 0, undecided: 1 });
  });

  it('treats count as letting the request through and captcha as a challenge', () => {
    const summary = new SimulationSummary(EDGES);
    expect(
      summary.add('x', [
        { edge: 'aws', verdict: verdict('captcha', 'c') },
        { edge: 'cloudflare', verdict: verdict('challenge', 'c') },
      ]),
    ).toBeUndefined();
    expect(summary.toJSON().parity.differing).toBe(0);
  });

  it('tallies expectations and keeps the unmet ones, and fails on ids never seen', () => {
    const summary = new SimulationSummary(EDGES);
    summary.add('a', [
      { edge: 'aws', verdict: verdict('block', 'r'), expected: 'block', outcome: 'met' },
      { edge: 'cloudflare', verdict: verdict('allow'), expected: 'block', outcome: 'unmet' },
    ]);
    summary.add('b', [{ edge: 'aws', verdict: verdict('unknown', 'managed'), expected: 'allow', outcome: 'unverified' }]);
    expect(summary.expectationsFailed).toBe(true);
    expect(summary.unverifiedCount).toBe(1);
    expect(summary.toJSON().expectations).toMatchObject({
      met: 1,
      unmet: 1,
      unverified: 1,
      failures: [{ id: 'a', edge: 'cloudflare', expected: 'block', got: 'allow', rule: null }],
    });
    const clean = new SimulationSummary(EDGES);
    clean.setMissing(['never-sent']);
    expect(clean.expectationsFailed).toBe(true);
    expect(clean.toJSON().expectations.missing).toEqual(['never-sent']);
  });

  it('keeps at most MAX_SUMMARY_EXAMPLES examples however many requests differ', () => {
    const summary = new SimulationSummary(EDGES);
    for (let i = 0; i < MAX_SUMMARY_EXAMPLES + 50; i += 1)
      summary.add(`r${i}`, [
        { edge: 'aws', verdict: verdict('block', 'rate-per-user'), expected: 'allow', outcome: 'unmet' },
        { edge: 'cloudflare', verdict: verdict('allow') },
      ]);
    const data = summary.toJSON();
    expect(data.parity.differing).toBe(MAX_SUMMARY_EXAMPLES + 50);
    expect(data.parity.examples).toHaveLength(MAX_SUMMARY_EXAMPLES);
    expect(data.expectations.unmet).toBe(MAX_SUMMARY_EXAMPLES + 50);
    expect(data.expectations.failures).toHaveLength(MAX_SUMMARY_EXAMPLES);
  });
});
