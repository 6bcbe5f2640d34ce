import { describe, expect, it } from 'vitest';
import type { ZoneProblem } from '../../lib/cloudflare/compile-zone';
import { managedRules } from '../../lib/cloudflare/managed-rules';
import { MANAGED_RULESET_IDS, type Plan } from '../../lib/cloudflare/plans';
import { zoneLimits } from '../../lib/cloudflare/zone-limits';
import type { Policy } from '../../lib/policy/model';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

const compile = (policy: Policy, plan: Plan) => {
  const problems: ZoneProblem[] = [];
  return { rules: managedRules(policy, plan, zoneLimits(plan), problems), problems };
};

describe('managedRules', () => {
  const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));

  it('executes the Free Managed Ruleset on a plan without the OWASP ruleset', () => {
    expect(compile(policy, 'free').rules).toEqual([
      {
        ref: 'free-managed',
        description: 'Cloudflare Free Managed Ruleset',
        action: 'execute',
        expression: 'true',
        actionParameters: { id: MANAGED_RULESET_IDS.free },
      },
    ]);
  });

  it('executes the Cloudflare Managed and OWASP Core rulesets, with the paranoia levels above the profile disabled', () => {
    const paranoid = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], cloudflare: { owasp: { paranoiaLevel: 2 } } }));
    const { rules, problems } = compile(paranoid, 'pro');
    expect(rules.map((rule) => rule.ref)).toEqual(['cloudflare-managed', 'owasp-core']);
    expect(rules[1].actionParameters).toMatchObject({
      id: MANAGED_RULESET_IDS.owasp,
      overrides: {
        categories: [
          { category: 'paranoia-level-3', enabled: false },
          { category: 'paranoia-level-4', enabled: false },
        ],
      },
    });
    expect(problems).toEqual([]);
  });

  it('refuses an OWASP ruleset that only logs outside Enterprise', () => {
    const logging = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], cloudflare: { owasp: { action: 'log' } } }));
    expect(compile(logging, 'business').problems).toEqual([
      {
        field: 'cloudflare.owasp.action',
        message: 'the OWASP ruleset cannot only log on the business plan (log needs Enterprise); options: block or managed_challenge',
      },
    ]);
    expect(compile(logging, 'enterprise').problems).toEqual([]);
  });
});
