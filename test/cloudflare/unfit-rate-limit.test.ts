import { describe, expect, it } from 'vitest';
import type { ZoneProblem } from '../../lib/cloudflare/compile-zone';
import { unfitRateLimit } from '../../lib/cloudflare/unfit-rate-limit';
import { AWS_WAF_CAPABILITIES } from '../../lib/policy/edges/aws-waf-capabilities';
import type { EdgeCapabilities } from '../../lib/policy/edges/edge-capabilities';
import type { PolicyRule } from '../../lib/policy/model';
import { rateLimitPolicyRule } from '../support/rate-limit-policy-rule';

const rule = rateLimitPolicyRule();

const report = (unfit: PolicyRule, otherEdges: readonly EdgeCapabilities[]) => {
  const awsOnly: ZoneProblem[] = [];
  const problems: ZoneProblem[] = [];
  unfitRateLimit(otherEdges, awsOnly, problems)(unfit, 'the reason', 'the options');
  return { awsOnly, problems };
};

describe('unfitRateLimit', () => {
  it('leaves a rate limit to the AWS edge when that edge carries it', () => {
    expect(report(rule, [AWS_WAF_CAPABILITIES])).toEqual({
      awsOnly: [{ field: 'rateLimits[0]', message: 'rate-x is enforced on AWS only: the reason; to enforce it on Cloudflare too: the options' }],
      problems: [],
    });
  });

  it('is a problem, naming what the other edge needs, when the other edge cannot carry the rate either', () => {
    const slow = { ...rule, rate: { limit: 3, windowSeconds: 3600, keys: rule.rate?.keys ?? [] } };
    expect(report(slow, [AWS_WAF_CAPABILITIES])).toEqual({
      awsOnly: [],
      problems: [
        {
          field: 'rateLimits[0]',
          message:
            'rate-x: the reason, and AWS WAF cannot enforce it either (it needs a rate of at least 10 requests per 600 s); options: the options, or a looser rate',
        },
      ],
    });
  });

  it('is a problem offering edges: [aws] when the rule has no other edge', () => {
    expect(report({ ...rule, edges: ['cloudflare'] }, [AWS_WAF_CAPABILITIES]).problems).toEqual([
      { field: 'rateLimits[0]', message: 'rate-x: the reason; options: the options, or edges: [aws]' },
    ]);
  });
});
