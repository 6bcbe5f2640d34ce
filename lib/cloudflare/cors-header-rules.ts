import { allowsAnyOriginWithCredentials } from '../policy/invariants';
import type { CorsPolicy } from '../policy/model';
import type { ZoneProblem, ZoneRule } from './compile-zone';
import { compare, field, key, position, str } from './expression/build';
import { printExpression } from './expression/print';
import type { Plan } from './plans';

/** A response header operation of a header transform rule: set (replaces), add (another line), remove. */
export type HeaderOperation = { readonly operation: 'set' | 'add'; readonly value: string } | { readonly operation: 'remove' };

/** CORS as response header transforms: operations for the rule every response passes, and one rule per allowed origin. */
export interface CorsHeaderRules {
  /** Operations added to the rule that matches every response (it runs first: later rules overwrite). */
  readonly everyResponse: Readonly<Record<string, HeaderOperation>>;
  readonly rules: readonly ZoneRule[];
}

/** The CORS headers the profile sets beside Access-Control-Allow-Origin. */
function grantHeaders(cors: CorsPolicy, origin: string): Record<string, HeaderOperation> {
  return {
    'Access-Control-Allow-Origin': { operation: 'set', value: origin },
    // Browsers refuse credentials with "*", and so does the compiler (corsProblems).
    ...(cors.allowCredentials && origin !== '*'
      ? { 'Access-Control-Allow-Credentials': { operation: 'set', value: 'true' } as const }
      : { 'Access-Control-Allow-Credentials': { operation: 'remove' } as const }),
    'Access-Control-Allow-Methods': { operation: 'set', value: cors.allowedMethods.join(', ') },
    'Access-Control-Allow-Headers': { operation: 'set', value: cors.allowedHeaders.join(', ') },
    'Access-Control-Max-Age': { operation: 'set', value: String(cors.maxAgeSeconds) },
  };
}

/**
 * The profile's CORS on Cloudflare. Any origin: "*" on every response. Named origins: every
 * response first loses whatever Access-Control-Allow-Origin and -Credentials the origin server
 * sent and varies by Origin; then one rule per origin, matching the request's Origin header
 * exactly (a string literal built by the expression printer, so an origin cannot change the
 * expression), grants that origin. No origins: the zone leaves CORS to the origin server.
 */
export function corsHeaderRules(cors: CorsPolicy): CorsHeaderRules {
  if (cors.allowAnyOrigin) return { everyResponse: grantHeaders(cors, '*'), rules: [] };
  if (cors.allowedOrigins.length === 0) return { everyResponse: {}, rules: [] };
  return {
    everyResponse: {
      'Access-Control-Allow-Origin': { operation: 'remove' },
      'Access-Control-Allow-Credentials': { operation: 'remove' },
      // Added, not set: the origin server's own Vary values stay.
      Vary: { operation: 'add', value: 'Origin' },
    },
    rules: cors.allowedOrigins.map((origin, index) => ({
      ref: `cors-origin-${index + 1}`,
      description: `CORS for ${origin}`,
      action: 'rewrite',
      expression: printExpression(compare(field('http.request.headers', key('origin'), position(0)), 'eq', str(origin))),
      actionParameters: { headers: grantHeaders(cors, origin) },
    })),
  };
}

/**
 * What the zone cannot carry of the profile's CORS: "*" with credentials, or more origins than
 * the plan's response header transform rules leave room for (one rule sets the security headers).
 * Transform rules per plan: https://developers.cloudflare.com/rules/transform/ (PLANS.transformRules).
 */
export function corsProblems(cors: CorsPolicy, plan: Plan, transformRules: number): ZoneProblem[] {
  const problems: ZoneProblem[] = [];
  if (allowsAnyOriginWithCredentials(cors))
    problems.push({
      field: 'cors.allowedOrigins',
      message: '"*" with allowCredentials: true lets any site make credentialed requests; list the origins instead',
    });
  const needed = 1 + (cors.allowAnyOrigin ? 0 : cors.allowedOrigins.length);
  if (needed > transformRules)
    problems.push({
      field: 'cors.allowedOrigins',
      message: `the ${plan} plan allows ${transformRules} response header transform rules and the profile needs ${needed} (the security headers, and one per CORS origin); options: a higher plan, fewer origins (a shared origin in front of them), or "*" without credentials`,
    });
  return problems;
}
