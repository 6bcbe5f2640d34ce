import { describe, expect, it } from 'vitest';
import type { ZoneProblem } from '../../lib/cloudflare/compile-zone';
import { rateLimitRules } from '../../lib/cloudflare/rate-limit-rules';
import { AWS_WAF_CAPABILITIES } from '../../lib/policy/edges/aws-waf-capabilities';
import type { PolicyRule } from '../../lib/policy/model';
import type { Edge } from '../../lib/profile/schema';
import { rateLimitPolicyRule } from '../support/rate-limit-policy-rule';

const rateRule = (id: string, edges: Edge[]): PolicyRule =>
  rateLimitPolicyRule({ id, description: id, rate: { limit: 100, windowSeconds: 10, keys: [{ type: 'ip' }] }, edges, source: `rateLimits.${id}` });

describe('rateLimitRules', () => {
  it('keeps within the quota the rules only Cloudflare enforces first, leaving the others to AWS', () => {
    const problems: ZoneProblem[] = [];
    const result = rateLimitRules([rateRule('both', ['aws', 'cloudflare']), rateRule('cf', ['cloudflare'])], 'free', [], [AWS_WAF_CAPABILITIES], [], problems);
    expect(result.rules.map((rule) => rule.ref)).toEqual(['cf']);
    expect(result.awsOnly).toEqual([
      {
        field: 'rateLimits.both',
        message: 'both is enforced on AWS only: the free plan allows 1 rate-limit rule, taken by cf; to enforce it on Cloudflare too: a higher plan',
      },
    ]);
    expect(problems).toEqual([]);
  });

  it('says at synth which per-identity limits stay on AWS below Enterprise with Advanced Rate Limiting', () => {
    const perUser = rateLimitPolicyRule({
      id: 'per-user',
      description: 'per-user',
      rate: { limit: 60, windowSeconds: 60, keys: [{ type: 'header', name: 'x-user-id' }] },
      source: 'rateLimits.per-user',
    });
    const result = rateLimitRules([perUser], 'business', [], [AWS_WAF_CAPABILITIES], [], []);
    expect(result.rules).toEqual([]);
    expect(result.awsOnly).toEqual([
      {
        field: 'rateLimits.per-user',
        message:
          'per-user is enforced on AWS only: it counts by http.request.headers["x-user-id"], which the business plan cannot (it counts by ip.src or cf.unique_visitor_id; other keys need Enterprise with the Advanced Rate Limiting add-on); to enforce it on Cloudflare too: key: ip, or Enterprise with the Advanced Rate Limiting add-on',
      },
    ]);
  });

  it('names the add-on that raises the quota on Enterprise', () => {
    const rules = Array.from({ length: 6 }, (_, i) => rateRule(`r${i}`, ['cloudflare']));
    const problems: ZoneProblem[] = [];
    const result = rateLimitRules(rules, 'enterprise', [], [], [], problems);
    expect(result.rules).toHaveLength(5);
    expect(problems).toEqual([
      {
        field: 'rateLimits.r5',
        message:
          'r5: the enterprise plan allows 5 rate-limit rules without the Advanced Rate Limiting add-on, taken by r0, r1, r2, r3, r4; options: the Advanced Rate Limiting add-on (cloudflare.addOns: [advancedRateLimiting]), or edges: [aws]',
      },
    ]);
  });
});
