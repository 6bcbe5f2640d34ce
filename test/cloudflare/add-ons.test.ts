import { describe, expect, it } from 'vitest';
import { ADD_ONS, ADD_ON_NAMES, effectiveAddOns } from '../../lib/cloudflare/add-ons';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { lintExpression } from '../../lib/cloudflare/expression/lint';
import { PLANS } from '../../lib/cloudflare/plans';
import { zoneLimits } from '../../lib/cloudflare/zone-limits';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';
import { CLOUDFLARE_ADD_ONS } from '../../lib/profile/schema';

/*
 * Rate limiting by plan and add-on: https://developers.cloudflare.com/waf/rate-limiting-rules/#availability
 * (cloudflare-docs partials/waf/rate-limiting-availability-by-plan.mdx; src/content/plans/index.json
 * rate_limiting ent 5, ent_plus 100). Bot Management fields:
 * https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/cf.bot_management.score/
 */
const limit = (index: number, edges: ('aws' | 'cloudflare')[] = ['cloudflare']) => ({
  name: `limit-${index}`,
  match: { paths: [`/api/${index}`] },
  key: 'ip' as const,
  limit: 100,
  windowSeconds: 60,
  edges,
});
const policyWith = (input: Record<string, unknown>) => buildPolicy(extendPreset('strict', { name: 'demo', edges: ['aws', 'cloudflare'], ...input }));
const enterprise = (addOns: string[] = []) => ({ plan: 'enterprise', addOns });

describe('Enterprise add-ons', () => {
  it('are the same list in the profile schema and in the add-on facts, each with its page', () => {
    expect([...CLOUDFLARE_ADD_ONS]).toEqual([...ADD_ON_NAMES]);
    for (const addOn of ADD_ON_NAMES) expect(ADD_ONS[addOn].source).toMatch(/^https:\/\/developers\.cloudflare\.com\//);
  });

  it('count only on Enterprise', () => {
    expect(effectiveAddOns('business', ['advancedRateLimiting'])).toEqual([]);
    expect(effectiveAddOns('enterprise', ['advancedRateLimiting'])).toEqual(['advancedRateLimiting']);
  });

  it('raise Enterprise from 5 rate-limit rules to 100 with Advanced Rate Limiting', () => {
    expect(PLANS.enterprise.rateLimitRules).toBe(5);
    expect(zoneLimits('enterprise').rateLimitRules).toBe(5);
    expect(zoneLimits('enterprise', ['advancedRateLimiting']).rateLimitRules).toBe(100);
    expect(zoneLimits('business', ['advancedRateLimiting']).rateLimitRules).toBe(5);
  });

  it('moves the sixth rate limit to AWS on Enterprise without Advanced Rate Limiting, naming the add-on', () => {
    const rateLimits = Array.from({ length: 6 }, (_, index) => limit(index, index === 5 ? ['aws', 'cloudflare'] : ['cloudflare']));
    const without = compileZone(policyWith({ rateLimits, cloudflare: enterprise() }));
    expect(without.rulesets.http_ratelimit).toHaveLength(5);
    expect(without.problems).toEqual([]);
    expect(without.awsOnly).toEqual([
      {
        field: 'rateLimits[5]',
        message: expect.stringMatching(
          /^rate-limit-5 is enforced on AWS only: the enterprise plan allows 5 rate-limit rules without the Advanced Rate Limiting add-on, taken by .*; to enforce it on Cloudflare too: the Advanced Rate Limiting add-on \(cloudflare.addOns: \[advancedRateLimiting\]\)$/,
        ),
      },
    ]);
    const withArl = compileZone(policyWith({ rateLimits, cloudflare: enterprise(['advancedRateLimiting']) }));
    expect(withArl.rulesets.http_ratelimit).toHaveLength(6);
    expect(withArl.awsOnly).toEqual([]);
  });

  it('refuses a sixth Cloudflare-only rate limit on Enterprise without Advanced Rate Limiting', () => {
    const compiled = compileZone(
      policyWith({ edges: ['cloudflare'], rateLimits: Array.from({ length: 6 }, (_, index) => limit(index)), cloudflare: enterprise() }),
    );
    expect(compiled.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(
        /^rate-limit-5: the enterprise plan allows 5 rate-limit rules without the Advanced Rate Limiting add-on, .*options: the Advanced Rate Limiting add-on \(cloudflare.addOns: \[advancedRateLimiting\]\), or edges: \[aws\]$/,
      ),
    ]);
  });

  it('count by a header only with Advanced Rate Limiting; without it the limit stays on AWS', () => {
    const perUser = { name: 'per-user', key: { header: 'x-user-id' }, limit: 60, windowSeconds: 60 };
    const without = compileZone(policyWith({ rateLimits: [perUser], cloudflare: enterprise() }));
    expect(without.awsOnly.map((left) => left.message)).toEqual([
      expect.stringContaining('which the enterprise plan cannot without the Advanced Rate Limiting add-on'),
    ]);
    const withArl = compileZone(policyWith({ rateLimits: [perUser], cloudflare: enterprise(['advancedRateLimiting']) }));
    expect(withArl.rulesets.http_ratelimit.map((rule) => rule.ratelimit?.characteristics)).toEqual([['cf.colo.id', 'http.request.headers["x-user-id"]']]);
  });

  it('allow request body fields in rate-limit expressions only with Advanced Rate Limiting', () => {
    const body = 'http.request.uri.path eq "/login" and http.request.body.size gt 1000';
    expect(lintExpression(body, { phase: 'http_ratelimit', plan: 'enterprise' }).map((finding) => finding.code)).toEqual(['addon-ratelimit-field']);
    expect(lintExpression(body, { phase: 'http_ratelimit', plan: 'enterprise', addOns: ['advancedRateLimiting'] })).toEqual([]);
    // In custom rules the body is an Enterprise field, with or without the add-on.
    expect(lintExpression(body, { phase: 'http_request_firewall_custom', plan: 'enterprise' })).toEqual([]);
  });

  it('gate cf.bot_management.* on Bot Management, on Enterprise only', () => {
    const score = 'cf.bot_management.score lt 30';
    expect(lintExpression(score, { phase: 'http_request_firewall_custom', plan: 'enterprise' }).map((finding) => finding.code)).toEqual(['addon-field']);
    expect(lintExpression(score, { phase: 'http_request_firewall_custom', plan: 'enterprise', addOns: ['botManagement'] })).toEqual([]);
    expect(
      lintExpression(score, { phase: 'http_request_firewall_custom', plan: 'business', addOns: ['botManagement'] }).map((finding) => finding.message),
    ).toEqual(['cf.bot_management.score needs the enterprise plan or higher, not business, and the Bot Management add-on']);
  });

  it('say at compile when add-ons are ignored because the zone is not on Enterprise', () => {
    const compiled = compileZone(policyWith({ cloudflare: enterprise(['botManagement']) }), 'pro');
    expect(compiled.addOns).toEqual([]);
    expect(compiled.notes).toContainEqual({
      field: 'cloudflare.addOns',
      message: 'botManagement count only on Enterprise; compiled for the pro plan without them',
    });
  });
});
