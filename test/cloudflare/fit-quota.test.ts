import { describe, expect, it } from 'vitest';
import { compileZone, type ZoneProblem } from '../../lib/cloudflare/compile-zone';
import type { SourcedZoneRule } from '../../lib/cloudflare/custom-rules';
import { fitQuota } from '../../lib/cloudflare/fit-quota';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

describe('compileZone fitting custom rules to the quota', () => {
  const policy = buildPolicy(
    extendPreset('strict', { name: 'demo', edges: ['cloudflare'], waf: { ipAllowlist: ['203.0.113.0/24'], ipBlocklist: ['198.51.100.0/24'] } }),
  );
  const custom = (rules: typeof policy.rules) =>
    compileZone({ ...policy, rules }, 'free').rulesets.http_request_firewall_custom.map((rule) => `${rule.ref} ${rule.action}`);

  it('merges neighbouring rules of one action, in the place of the first', () => {
    expect(custom(policy.rules)).toEqual([
      'ip-allowlist skip',
      'ip-blocklist+bad-bots block',
      'sql-injection block',
      'cross-site-scripting block',
      'path-traversal block',
    ]);
  });

  it('never merges across a rule of another action, which the merged rule would pre-empt', () => {
    // A skip between two block rules: merging them in the place of the first would block, before the skip, what the skip lets through.
    const byId = (id: string) => policy.rules.find((rule) => rule.id === id) as (typeof policy.rules)[number];
    const reordered = [byId('ip-blocklist'), byId('ip-allowlist'), ...policy.rules.filter((rule) => !['ip-blocklist', 'ip-allowlist'].includes(rule.id))];
    expect(custom(reordered)).toEqual([
      'ip-blocklist block',
      'ip-allowlist skip',
      'bad-bots+sql-injection block',
      'cross-site-scripting block',
      'path-traversal block',
    ]);
  });
});

describe('fitQuota', () => {
  const rule = (ref: string, action = 'block', extra: Partial<SourcedZoneRule> = {}): SourcedZoneRule => ({
    ref,
    description: ref,
    action,
    expression: `http.host eq "${ref}.example"`,
    source: `waf.${ref}`,
    ...extra,
  });
  const fit = (rules: SourcedZoneRule[], quota: number) => {
    const notes: ZoneProblem[] = [];
    const problems: ZoneProblem[] = [];
    return { fitted: fitQuota(rules, quota, 'free', notes, problems), notes, problems };
  };

  it('returns the rules as they are, without their sources, when they fit', () => {
    const { fitted, notes, problems } = fit([rule('a'), rule('b')], 2);
    expect(fitted).toEqual([
      { ref: 'a', description: 'a', action: 'block', expression: 'http.host eq "a.example"' },
      { ref: 'b', description: 'b', action: 'block', expression: 'http.host eq "b.example"' },
    ]);
    expect([...notes, ...problems]).toEqual([]);
  });

  it('merges no more rules than the quota needs, into one expression matching what either matched', () => {
    const { fitted, notes, problems } = fit([rule('a'), rule('b'), rule('c')], 2);
    expect(fitted).toEqual([
      { ref: 'a+b', description: 'a; b', action: 'block', expression: 'http.host eq "a.example" or http.host eq "b.example"' },
      { ref: 'c', description: 'c', action: 'block', expression: 'http.host eq "c.example"' },
    ]);
    expect(notes).toEqual([{ field: 'waf.a, waf.b', message: "merged a, b into one block rule to fit the free plan's 2 custom rules" }]);
    expect(problems).toEqual([]);
  });

  it('never merges a rule with action parameters, and says so when nothing else can merge', () => {
    const { fitted, problems } = fit([rule('a'), rule('s', 'skip', { actionParameters: { ruleset: 'current' } }), rule('b')], 2);
    expect(fitted.map((r) => r.ref)).toEqual(['a', 's', 'b']);
    expect(problems).toEqual([
      {
        field: 'waf',
        message:
          'the free plan allows 2 custom rules and the profile needs 3 (a, s, b) even with neighbouring rules of the same action merged; options: a higher plan, fewer protections, or edges: [aws] on the rules Cloudflare need not enforce',
      },
    ]);
  });
});
