import { describe, expect, it } from 'vitest';
import type { ZoneProblem } from '../../lib/cloudflare/compile-zone';
import { customRules } from '../../lib/cloudflare/custom-rules';
import type { Plan } from '../../lib/cloudflare/plans';
import { zoneLimits } from '../../lib/cloudflare/zone-limits';
import type { Policy, PolicyRule } from '../../lib/policy/model';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

const compile = (policy: Policy, plan: Plan, rules: readonly PolicyRule[] = policy.rules) => {
  const notes: ZoneProblem[] = [];
  const problems: ZoneProblem[] = [];
  return { custom: customRules(policy, rules, plan, zoneLimits(plan), notes, problems), notes, problems };
};

describe('customRules', () => {
  const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], waf: { ipAllowlist: ['203.0.113.0/24'] } }));

  it('compiles one rule per class, leaving rate limits and managed rule sets to their own phases', () => {
    const { custom } = compile(policy, 'free');
    expect(custom.map((rule) => `${rule.ref} ${rule.action} ${rule.source}`)).toEqual([
      'ip-allowlist skip waf.ipAllowlist',
      'bad-bots block waf.badBots',
      'sql-injection block waf.block.sqlInjection',
      'cross-site-scripting block waf.block.crossSiteScripting',
      'path-traversal block waf.block.pathTraversal',
    ]);
    // An allow rule skips the later phases as well as the rest of this one.
    expect(custom[0].actionParameters).toEqual({ ruleset: 'current', phases: ['http_ratelimit', 'http_request_firewall_managed'] });
  });

  it('leaves to the OWASP Core Ruleset what it covers, with a note, unless the profile keeps both', () => {
    const { custom, notes } = compile(policy, 'pro');
    expect(custom.map((rule) => rule.ref)).toEqual(['ip-allowlist', 'bad-bots']);
    expect(notes).toContainEqual({
      field: 'waf.block.sqlInjection',
      message: 'sql-injection: covered by the OWASP Core Ruleset on pro; no custom rule (set waf.customRulesWhenManaged to keep both)',
    });
    const both = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], waf: { customRulesWhenManaged: true } }));
    expect(compile(both, 'pro').custom.map((rule) => rule.ref)).toContain('sql-injection');
  });

  it('refuses an action the plan lacks (log outside Enterprise)', () => {
    const counting = policy.rules.map((rule) => (rule.id === 'bad-bots' ? { ...rule, intent: 'count' as const } : rule));
    expect(compile(policy, 'free', counting).problems).toEqual([
      { field: 'waf.badBots', message: 'bad-bots: the log action needs Enterprise, not the free plan; options: block or challenge, or a higher plan' },
    ]);
    expect(compile(policy, 'enterprise', counting).problems).toEqual([]);
  });
});
