import type { Policy, PolicyRule } from '../../lib/policy/model';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

/** Rate-limit rules the strict preset already has; Enterprise with Advanced Rate Limiting allows 100 in all (https://developers.cloudflare.com/waf/rate-limiting-rules/#availability). */
const PRESET_RATE_LIMITS = 2;
const ENTERPRISE_RATE_LIMIT_RULES = 100;

/**
 * The strict profile on an Enterprise zone with Advanced Rate Limiting plus `added` policy rules: a tenth of them API rate
 * limits written in the profile (up to the plan's 100 rate-limit rules), the rest per-partner
 * blocks (a source address on a path prefix), the bulk of a large zone's custom rules, which a
 * profile has no list for, added to the policy as the construct's `policy` prop allows.
 */
export function policyWithRules(added: number): Policy {
  const rateLimits = Math.min(Math.floor(added / 10), ENTERPRISE_RATE_LIMIT_RULES - PRESET_RATE_LIMITS);
  const base = buildPolicy(
    extendPreset('strict', {
      name: `zone-${added}`,
      edges: ['aws', 'cloudflare'],
      cloudflare: { plan: 'enterprise', addOns: ['advancedRateLimiting'] },
      rateLimits: [
        { name: 'per-ip', key: 'ip', limit: 1_000, windowSeconds: 300, action: 'block' },
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, key: 'ip', limit: 5, windowSeconds: 60, action: 'block' },
        ...Array.from({ length: rateLimits }, (_, index) => ({
          name: `api-v${index}`,
          match: { pathPrefix: `/api/v${index}/` },
          key: 'ip' as const,
          limit: 600,
          windowSeconds: 60,
          action: 'block' as const,
        })),
      ],
    }),
  );
  const blocks = Array.from({ length: added - rateLimits }, (_, index): PolicyRule => ({
    id: `partner-${index}`,
    description: `Block partner ${index}'s retired address on its path`,
    kind: 'ip-blocklist',
    intent: 'block',
    match: {
      type: 'all',
      conditions: [
        // 198.18.0.0/15 is set aside for benchmarks (RFC 2544).
        { type: 'sourceIp', cidrs: [`198.${18 + (index >> 16)}.${(index >> 8) & 255}.${index & 255}/32`] },
        { type: 'string', field: { type: 'path' }, operator: 'startsWith', value: `/partners/${index}/`, caseSensitive: true },
      ],
    },
    coveredBy: [],
    implements: ['firewall'],
    edges: ['cloudflare'],
    source: `bench.partners[${index}]`,
  }));
  return { ...base, rules: [...base.rules, ...blocks] };
}
