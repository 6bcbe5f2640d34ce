import { describe, expect, it } from 'vitest';
import type { AddOn } from '../../lib/cloudflare/add-ons';
import type { ZoneProblem } from '../../lib/cloudflare/compile-zone';
import type { Plan } from '../../lib/cloudflare/plans';
import { rateLimitRule } from '../../lib/cloudflare/rate-limit-rule';
import type { PolicyRule, RateKey } from '../../lib/policy/model';
import { rateLimitPolicyRule } from '../support/rate-limit-policy-rule';

const base = rateLimitPolicyRule({ rate: { limit: 100, windowSeconds: 30, keys: [{ type: 'ip' }] }, edges: ['cloudflare'] });

const compile = (rule: PolicyRule, plan: Plan, addOns: readonly AddOn[] = []) => {
  const notes: ZoneProblem[] = [];
  const unfit: string[][] = [];
  const compiled = rateLimitRule(rule, plan, addOns, notes, (_rule, reason, options) => unfit.push([reason, options]));
  return { compiled, notes, unfit };
};

describe('rateLimitRule', () => {
  it('keeps the average rate in the allowed period nearest the window, counted per colo and key, with a note', () => {
    const { compiled, notes, unfit } = compile(base, 'pro');
    expect(compiled).toEqual({
      ref: 'rate-x',
      description: 'x',
      action: 'block',
      expression: 'true',
      ratelimit: { characteristics: ['cf.colo.id', 'ip.src'], period: 60, requestsPerPeriod: 200, mitigationTimeout: 60, requestsToOrigin: false },
    });
    expect(notes).toEqual([{ field: 'rateLimits[0]', message: 'rate-x: 100 per 30 s becomes 200 per 60 s on the pro plan' }]);
    expect(unfit).toEqual([]);
  });

  it('lets a challenge decide how long it holds (mitigation timeout 0)', () => {
    expect(compile({ ...base, intent: 'challenge' }, 'enterprise').compiled).toMatchObject({
      action: 'managed_challenge',
      ratelimit: { mitigationTimeout: 0 },
    });
  });

  it('tells why it cannot count by a key the plan lacks, and what would let it', () => {
    const keys: RateKey[] = [{ type: 'cookie', name: 'sid' }];
    const { compiled, unfit } = compile({ ...base, rate: { limit: 100, windowSeconds: 30, keys } }, 'enterprise');
    expect(compiled).toBeUndefined();
    expect(unfit).toEqual([
      [
        'it counts by http.request.cookies["sid"], which the enterprise plan cannot without the Advanced Rate Limiting add-on (it counts by ip.src or cf.unique_visitor_id; other keys need the Advanced Rate Limiting add-on (cloudflare.addOns: [advancedRateLimiting]))',
        'key: ip, or the Advanced Rate Limiting add-on (cloudflare.addOns: [advancedRateLimiting])',
      ],
    ]);
  });

  // https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/ (characteristics): header and cookie values
  // count only on Enterprise with Advanced Rate Limiting (cloudflare-docs partials/waf/rate-limiting-availability-by-plan.mdx).
  it('counts per user, per workspace and per agent by header and cookie keys on Enterprise with Advanced Rate Limiting', () => {
    const perIdentity = (keys: RateKey[]) => compile({ ...base, rate: { limit: 60, windowSeconds: 60, keys } }, 'enterprise', ['advancedRateLimiting']);
    const perUser = perIdentity([{ type: 'header', name: 'x-user-id' }]);
    expect(perUser.unfit).toEqual([]);
    expect(perUser.compiled?.ratelimit?.characteristics).toEqual(['cf.colo.id', 'http.request.headers["x-user-id"]']);
    expect(perIdentity([{ type: 'cookie', name: 'workspace' }]).compiled?.ratelimit?.characteristics).toEqual([
      'cf.colo.id',
      'http.request.cookies["workspace"]',
    ]);
    expect(
      perIdentity([
        { type: 'header', name: 'x-agent-id' },
        { type: 'cookie', name: 'workspace' },
      ]).compiled?.ratelimit?.characteristics,
    ).toEqual(['cf.colo.id', 'http.request.headers["x-agent-id"]', 'http.request.cookies["workspace"]']);
  });

  it.each(['free', 'pro', 'business'] as const)('refuses a header or cookie key on %s, offering the IP key and naming Enterprise with the add-on', (plan) => {
    for (const key of [
      { type: 'header', name: 'x-user-id' },
      { type: 'cookie', name: 'workspace' },
    ] as RateKey[]) {
      const { compiled, unfit } = compile({ ...base, rate: { limit: 60, windowSeconds: 60, keys: [key] } }, plan, ['advancedRateLimiting']);
      expect(compiled).toBeUndefined();
      expect(unfit).toEqual([
        [expect.stringContaining(`which the ${plan} plan cannot (it counts by ip.src`), 'key: ip, or Enterprise with the Advanced Rate Limiting add-on'],
      ]);
      expect(unfit[0][0]).toMatch(/other keys need Enterprise with the Advanced Rate Limiting add-on\)$/);
    }
  });

  it('keeps a cookie name inside its string in the characteristic, however it is written', () => {
    const { compiled } = compile({ ...base, rate: { limit: 60, windowSeconds: 60, keys: [{ type: 'cookie', name: 'a"] or true or ["' }] } }, 'enterprise', [
      'advancedRateLimiting',
    ]);
    expect(compiled?.ratelimit?.characteristics).toEqual(['cf.colo.id', 'http.request.cookies["a\\"] or true or [\\""]']);
  });

  it('refuses a counting rate limit outside Enterprise, and a rate no period can count', () => {
    expect(compile({ ...base, intent: 'count' }, 'pro').unfit).toEqual([
      ['a counting (log) rate limit needs Enterprise, not the pro plan', 'action block or challenge'],
    ]);
    expect(compile({ ...base, rate: { limit: 1, windowSeconds: 3600, keys: [{ type: 'ip' }] } }, 'pro').unfit).toEqual([
      ['1 per 3600 s cannot be counted on the pro plan (periods 10, 60 s)', 'a higher plan or a higher limit'],
    ]);
  });

  it('refuses a match the plan cannot express in a rate-limit rule', () => {
    const { compiled, unfit } = compile({ ...base, match: { type: 'in', field: { type: 'method' }, values: ['POST'] } }, 'pro');
    expect(compiled).toBeUndefined();
    expect(unfit[0][0]).toMatch(/^the pro plan cannot match it in a rate-limit rule: .*not http\.request\.method$/);
    expect(unfit[0][1]).toBe('a match on the path alone (no methods or headers), or the Business plan or higher');
  });
});
