import type { PolicyRule } from '../../lib/policy/model';

/** A rate-limit policy rule for unit tests: 100 requests per 60 s per IP on both edges, with `overrides` on top. */
export function rateLimitPolicyRule(overrides: Partial<PolicyRule> = {}): PolicyRule {
  return {
    id: 'rate-x',
    description: 'x',
    kind: 'rate-limit',
    intent: 'block',
    match: { type: 'always' },
    rate: { limit: 100, windowSeconds: 60, keys: [{ type: 'ip' }] },
    coveredBy: [],
    implements: [],
    edges: ['aws', 'cloudflare'],
    source: 'rateLimits[0]',
    ...overrides,
  };
}
