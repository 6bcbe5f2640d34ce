import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../lib/tooling';
import { CLOUDFLARE_CAPABILITIES } from '../../../lib/cloudflare/cloudflare-capabilities';
import { compileZone } from '../../../lib/cloudflare/compile-zone';
import { AWS_WAF_CAPABILITIES } from '../../../lib/policy/edges/aws-waf-capabilities';
import { edgeCarries, fitRate, managedProtectionsCovering, type EdgeCapabilities } from '../../../lib/policy/edges/edge-capabilities';

const aws = AWS_WAF_CAPABILITIES.rates;

describe("fitRate on AWS WAF's rates", () => {
  it('keeps a rate WAF can express', () => {
    expect(fitRate(2_000, 300, aws)).toEqual({ limit: 2_000, windowSeconds: 300, adjusted: false });
  });

  it('turns 100 per 10 s into the same rate per 60 s', () => {
    expect(fitRate(100, 10, aws)).toEqual({ limit: 600, windowSeconds: 60, adjusted: true });
  });

  it('turns 5 per minute into 10 per 2 minutes (WAF counts at least 10)', () => {
    expect(fitRate(5, 60, aws)).toEqual({ limit: 10, windowSeconds: 120, adjusted: true });
  });

  it('uses the longest window for a long window, rounding down', () => {
    expect(fitRate(1_000, 3_600, aws)).toEqual({ limit: 166, windowSeconds: 600, adjusted: true });
  });

  it('gives up when even 600 s would hold fewer than 10 requests', () => {
    expect(fitRate(5, 600, aws)).toBeUndefined();
  });

  it("fits into any edge's windows, never looser than asked", () => {
    expect(fitRate(30, 10, { windows: [1, 20], minLimit: 1, maxLimit: 100 })).toEqual({ limit: 60, windowSeconds: 20, adjusted: true });
  });
});

describe('the cross-edge question goes through capabilities', () => {
  const login = { name: 'login', match: { paths: ['/api/auth/login'] }, limit: 5, windowSeconds: 60 };
  const policy = buildPolicy(
    extendPreset('strict', { name: 'demo', edges: ['aws', 'cloudflare'], rateLimits: [{ name: 'per-ip', limit: 2_000, windowSeconds: 300 }, login] }),
  );
  const rule = policy.rules.find((candidate) => candidate.id.includes('login'))!;

  it('asks whether AWS WAF carries a rule by its rates', () => {
    expect(edgeCarries(AWS_WAF_CAPABILITIES, rule)).toBe(true);
  });

  it('leaves a limit to the edge the compiler is told can carry it, and refuses it when no edge can', () => {
    const carried = compileZone(policy, 'free');
    expect(carried.awsOnly.some((problem) => /rate-login is enforced on AWS only/.test(problem.message))).toBe(true);
    expect(carried.problems).toEqual([]);
    const noRates: EdgeCapabilities = { edge: 'aws', label: 'An edge without rate limits', managedCoverage: {} };
    const refused = compileZone(policy, 'free', [], [noRates]);
    expect(refused.problems.some((problem) => /An edge without rate limits cannot enforce it either/.test(problem.message))).toBe(true);
  });

  it("knows what each edge's managed protections cover", () => {
    expect(managedProtectionsCovering(AWS_WAF_CAPABILITIES, ['common', 'sqlDatabase'], 'sqlInjection')).toEqual(['sqlDatabase']);
    expect(managedProtectionsCovering(CLOUDFLARE_CAPABILITIES, ['owasp'], 'pathTraversal')).toEqual(['owasp']);
    expect(managedProtectionsCovering(CLOUDFLARE_CAPABILITIES, ['owasp'], 'badBots')).toEqual([]);
  });
});
