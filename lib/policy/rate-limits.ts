import type { Edge } from '../profile/schema';
import { evaluateCondition, type PolicyRequest } from './evaluate';
import type { Condition, PolicyRule, RateKey } from './model';

/*
 * What a rate limit of the profile asks of an edge, defined once for the constructs that compile
 * it and the checks that judge a template or Terraform output against it.
 */

/** A number of requests per window. */
export interface Rate {
  readonly limit: number;
  readonly windowSeconds: number;
}

/** The profile's rate limits an edge must enforce: rate-limit rules of that edge that block or challenge. */
export function enforcedRateLimits(rules: readonly PolicyRule[], edge: Edge): PolicyRule[] {
  return rules.filter((rule) => rule.kind === 'rate-limit' && rule.rate !== undefined && rule.edges.includes(edge) && isEnforcingIntent(rule));
}

function isEnforcingIntent(rule: PolicyRule): boolean {
  return rule.intent === 'block' || rule.intent === 'challenge';
}

/**
 * Whether a rate limit counts by the client's address (an `ip` key, alone or with others). A
 * REGIONAL Web ACL behind CloudFront cannot hold one: the source address is a CloudFront edge
 * server's, and X-Forwarded-For's first address is the client's to choose; the CLOUDFRONT-scope
 * ACL, which sees the viewer's own address, is where such a limit holds.
 */
export function isKeyedOnClientIp(rule: PolicyRule): boolean {
  return rule.rate?.keys.some((key) => key.type === 'ip') ?? false;
}

/** Whether a rate limit is the login (brute-force) limit: one aimed at the login paths. */
export function isLoginRateLimit(rule: PolicyRule): boolean {
  return rule.implements.includes('authRateLimit');
}

/** The limit's name as the profile spells it (`rateLimits[].name`). */
export function rateLimitName(rule: PolicyRule): string {
  return rule.id.replace(/^rate-/, '');
}

/**
 * Whether an enforced rate is no looser than the required one, conservatively for bursts: in
 * any interval of the required window it lets through at most the required limit. A longer
 * window must allow at most the required limit; a shorter one, times the windows that fit in
 * the required one.
 */
export function isRateNoLooser(actual: Rate, required: Rate): boolean {
  if (!(actual.limit >= 0) || !(actual.windowSeconds > 0)) return false;
  if (actual.windowSeconds >= required.windowSeconds) return actual.limit <= required.limit;
  return Math.ceil(required.windowSeconds / actual.windowSeconds) * actual.limit <= required.limit;
}

/** Paths probed when a limit names none: a rule scoped elsewhere does not cover them. */
const UNSCOPED_PATHS = ['/', '/index.html', '/api/items', '/static/app.js', '/api/auth/login'];

/**
 * Requests a rate limit applies to, from its match: each path it names (a prefix, followed by
 * more), with each method it names (GET and POST when it names none). A rule that enforces the
 * limit must count every one of them.
 */
export function rateLimitProbes(rule: PolicyRule): PolicyRequest[] {
  const paths = new Set<string>();
  const methods = new Set<string>();
  collect(rule.match, paths, methods);
  const probePaths = paths.size > 0 ? [...paths] : UNSCOPED_PATHS;
  const probeMethods = methods.size > 0 ? [...methods] : ['GET', 'POST'];
  return probePaths
    .flatMap((path) => probeMethods.map((method): PolicyRequest => ({ method, path, host: 'example.com' })))
    .filter((request) => evaluateCondition(rule.match, request));
}

function collect(condition: Condition, paths: Set<string>, methods: Set<string>): void {
  switch (condition.type) {
    case 'all':
    case 'any':
      condition.conditions.forEach((c) => collect(c, paths, methods));
      return;
    case 'in':
      if (condition.field.type === 'path') condition.values.forEach((value) => paths.add(value));
      if (condition.field.type === 'method') condition.values.forEach((value) => methods.add(value));
      return;
    case 'string':
      if (condition.field.type === 'path') {
        const value = condition.value;
        if (condition.operator === 'equals') paths.add(value);
        else if (condition.operator === 'startsWith') [value, `${value}${value.endsWith('/') ? '' : '/'}probe`].forEach((p) => paths.add(p));
        else if (condition.operator === 'endsWith') paths.add(`/probe${value}`);
        else paths.add(`/probe/${value}/probe`);
      }
      if (condition.field.type === 'method') methods.add(condition.value);
      return;
    default:
      return;
  }
}

/** A rate key as a comparable name: `ip`, `header:<lowercase name>`, `cookie:<name>`, `queryArg:<name>`. */
export function rateKeyName(key: RateKey): string {
  return key.type === 'ip' ? 'ip' : key.type === 'header' ? `header:${key.name.toLowerCase()}` : `${key.type}:${key.name}`;
}

/**
 * Whether counting by `actual` keys is no finer than the profile's: every key it counts by is
 * one of the profile's (fewer keys put more requests in each count).
 */
export function countsNoFiner(actual: readonly string[], required: readonly RateKey[]): boolean {
  const allowed = new Set(required.map(rateKeyName));
  return actual.every((key) => allowed.has(key));
}
