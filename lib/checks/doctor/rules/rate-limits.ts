import { compileZone } from '../../../cloudflare/compile-zone';
import { evaluateCondition } from '../../../policy/evaluate';
import type { PolicyRule } from '../../../policy/model';
import type { Edge } from '../../../profile/schema';
import { violationIf, type DoctorRule } from '../doctor-rule';

/** Login attempts per minute per client above which an auth limit is too loose for brute force. */
export const MAX_AUTH_REQUESTS_PER_MINUTE = 10;

/**
 * A login path that some edge does not limit per client IP. Limits keyed only by an identity
 * header do not count: a brute-force client simply omits the header, and requests missing a
 * key are not counted.
 */
export const loginPathWithoutRateLimit: DoctorRule = ({ policy }) =>
  policy.auth.loginPaths.flatMap((path, index) =>
    policy.edges.flatMap((edge) =>
      violationIf(countingRules(policy.rules, path, edge).length === 0, `auth.loginPaths[${index}]`, `${path} has no per-IP limit on ${edge}`),
    ),
  );

/**
 * A login path where, on some edge, the tightest per-IP limit still lets more than 10 attempts
 * through in one minute (a 600-per-hour limit lets all 600 through in the first minute).
 */
export const looseLoginRateLimit: DoctorRule = ({ policy }) =>
  policy.auth.loginPaths.flatMap((path, index) =>
    policy.edges.flatMap((edge) => {
      const rules = countingRules(policy.rules, path, edge);
      if (rules.length === 0) return [];
      const tightest = rules.reduce((best, rule) => (burstPerMinute(rule) < burstPerMinute(best) ? rule : best));
      return violationIf(
        burstPerMinute(tightest) > MAX_AUTH_REQUESTS_PER_MINUTE,
        `auth.loginPaths[${index}]`,
        `${path} on ${edge}: tightest is ${tightest.id}, ${tightest.rate?.limit} per ${tightest.rate?.windowSeconds} s`,
      );
    }),
  );

/** No limit keyed by an identity (header, cookie or query argument): per-user and per-workspace limits missing. */
export const noPerIdentityRateLimit: DoctorRule = ({ policy }) =>
  violationIf(!policy.rules.some((rule) => rule.rate?.keys.some((key) => key.type !== 'ip')), 'rateLimits', 'every limit is keyed by IP only');

/** No rate limit that applies beyond the login paths. */
export const noGeneralRateLimit: DoctorRule = ({ policy }) =>
  violationIf(
    !policy.rules.some((rule) => rule.rate !== undefined && !rule.implements.includes('authRateLimit')),
    'rateLimits',
    'no limit outside the login paths',
  );

export const adminRateLimitDisabled: DoctorRule = ({ profile }) => violationIf(!profile.application.adminRateLimit, 'application.adminRateLimit', 'false');

/**
 * Rate rules on an edge that stop a POST to the path per client IP: keyed by IP alone (a client
 * varies any other key part at will) and enforcing (a count-only rule stops nothing).
 */
function countingRules(rules: readonly PolicyRule[], path: string, edge: Edge): PolicyRule[] {
  return rules.filter(
    (rule) =>
      rule.edges.includes(edge) &&
      (rule.intent === 'block' || rule.intent === 'challenge') &&
      rule.rate?.keys.length === 1 &&
      rule.rate.keys[0].type === 'ip' &&
      evaluateCondition(rule.match, { method: 'POST', path }),
  );
}

/** The most requests a rule lets through in one minute. */
function burstPerMinute(rule: PolicyRule): number {
  if (!rule.rate) return Infinity;
  return rule.rate.windowSeconds >= 60 ? rule.rate.limit : (rule.rate.limit * 60) / rule.rate.windowSeconds;
}

/**
 * A rate limit the profile puts on Cloudflare that the zone's plan cannot carry (quota, period,
 * key): CloudflareZoneHardening leaves it to the AWS edge, so Cloudflare does not enforce it.
 */
export const rateLimitLeftToAws: DoctorRule = ({ policy }) =>
  policy.edges.includes('cloudflare') ? compileZone(policy).awsOnly.map((left) => ({ path: left.field, observed: left.message })) : [];
