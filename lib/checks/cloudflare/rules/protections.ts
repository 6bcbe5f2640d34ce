import { evaluateExpression } from '../../../cloudflare/expression/evaluate';
import { MANAGED_RULESET_IDS, OWASP_SCORE_RULE_ID } from '../../../cloudflare/plans';
import { unescapeTemplateSequences } from '../../../cloudflare/terraform-template';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { isTerraformFalse, isTerraformToken, type TerraformRule, type TerraformZone } from '../terraform-zones';
import { evaluateCondition } from '../../../policy/evaluate';
import type { Policy, PolicyRule } from '../../../policy/model';
import { compileZone } from '../../../cloudflare/compile-zone';
import {
  countsNoFiner,
  enforcedRateLimits,
  isLoginRateLimit,
  isRateNoLooser,
  rateKeyName,
  rateLimitName,
  rateLimitProbes,
  type Rate,
} from '../../../policy/rate-limits';

type Execution = 'armed' | 'disarmed' | 'unresolved';

/**
 * Whether an enabled rule executes one of the managed rulesets with overrides that leave it
 * blocking: armed, disarmed (disabled, or set to log), or unresolved when the overrides are
 * known only at apply time. The OWASP score rule's own override takes precedence over the
 * ruleset's, as Cloudflare applies them.
 */
function executes(zone: TerraformZone, ids: readonly string[]): Execution {
  const states = (zone.rulesets.http_request_firewall_managed ?? [])
    .filter((rule) => rule.action === 'execute' && ids.includes(String(rule.action_parameters?.id)))
    .map((rule) => overridesState(rule.action_parameters?.overrides));
  return states.includes('armed') ? 'armed' : states.includes('unresolved') ? 'unresolved' : 'disarmed';
}

function overridesState(overrides: unknown): Execution {
  if (overrides === undefined || overrides === null) return 'armed';
  if (typeof overrides !== 'object' || Array.isArray(overrides) || isTerraformToken(overrides)) return 'unresolved';
  const { rules } = overrides as { rules?: unknown };
  if (rules !== undefined && !Array.isArray(rules)) return 'unresolved';
  const scoreRule = (rules as unknown[] | undefined)?.find((rule) => (rule as { id?: unknown } | null)?.id === OWASP_SCORE_RULE_ID);
  const own = scoreRule === undefined ? undefined : levelState(scoreRule);
  return own ?? levelState(overrides) ?? 'armed';
}

/** What one level of overrides says (enabled, action), or undefined when it says nothing. */
function levelState(level: unknown): Execution | undefined {
  const { enabled, action } = (level ?? {}) as { enabled?: unknown; action?: unknown };
  if (isTerraformToken(enabled) || isTerraformToken(action)) return 'unresolved';
  if (isTerraformFalse(enabled) || action === 'log') return 'disarmed';
  return enabled !== undefined || action !== undefined ? 'armed' : undefined;
}

/** The finding when nothing proves a protection: unresolved when a phase that could hold it is known only at apply time. */
function unproven(zone: TerraformZone, phases: readonly string[], fallbackAddress: string, observed: string): Violation[] {
  const unknownPhase = phases.find((phase) => zone.unresolvedPhases[phase] !== undefined);
  if (unknownPhase === undefined) return [{ path: fallbackAddress, observed }];
  const unknownAt = zone.unresolvedPhases[unknownPhase];
  const why = zone.unresolvedReasons?.[unknownPhase] ?? `the rules of ${unknownAt} are known only at apply time`;
  return [{ path: unknownAt, observed: `${observed}: ${why}`, unresolved: true }];
}

/** A custom rule that blocks or challenges requests carrying one of the probes. */
function customRuleCatches(zone: TerraformZone, probes: readonly { path: string; query?: string }[]): boolean {
  return (zone.rulesets.http_request_firewall_custom ?? []).some(
    (rule) => isEnforcing(rule) && probes.some((probe) => matches(rule, { method: 'GET', host: 'example.com', ...probe })),
  );
}

function isEnforcing(rule: TerraformRule): boolean {
  return ['block', 'challenge', 'managed_challenge', 'js_challenge'].includes(String(rule.action));
}

function matches(rule: TerraformRule, request: Parameters<typeof evaluateExpression>[1]): boolean {
  return expressionMatches(String(rule.expression ?? 'false'), request);
}

function expressionMatches(expression: string, request: Parameters<typeof evaluateExpression>[1]): boolean {
  // What Terraform will make of a template sequence is not known here: not proof of protection.
  if (isTerraformToken(expression)) return false;
  try {
    return evaluateExpression(unescapeTemplateSequences(expression), request);
  } catch {
    return false; // a field the evaluator does not model: not proof of protection
  }
}

const protection =
  (name: string, managed: readonly string[], probes: readonly { path: string; query?: string }[]): CloudflareRule =>
  (zone) => {
    const execution = executes(zone, managed);
    if (execution === 'armed' || customRuleCatches(zone, probes)) return [];
    const address = zone.rulesetAddresses.http_request_firewall_custom ?? `zone ${zone.zoneId}`;
    if (execution === 'unresolved') {
      const managedAddress = zone.rulesetAddresses.http_request_firewall_managed ?? address;
      return [
        { path: managedAddress, observed: `no custom rule stops ${name}, and the managed ruleset's overrides are known only at apply time`, unresolved: true },
      ];
    }
    return unproven(zone, ['http_request_firewall_managed', 'http_request_firewall_custom'], address, `no managed ruleset and no custom rule stops ${name}`);
  };

export const sqlInjectionProtection = protection(
  'SQL injection',
  [MANAGED_RULESET_IDS.owasp],
  [{ path: '/items', query: 'id=1%20UNION%20SELECT%20password%20FROM%20users' }],
);
export const crossSiteScriptingProtection = protection(
  'cross-site scripting',
  [MANAGED_RULESET_IDS.owasp],
  [{ path: '/search', query: 'q=%3Cscript%3Ealert(1)%3C/script%3E' }],
);
export const pathTraversalProtection = protection(
  'path traversal',
  [MANAGED_RULESET_IDS.owasp, MANAGED_RULESET_IDS.cloudflare],
  [{ path: '/files/../../etc/passwd' }],
);

/** Whether a rate-limit rule counts by ip.src (or by no finer key than the limit's: Cloudflare always adds cf.colo.id). */
function characteristicsOf(rule: TerraformRule): string[] | 'unresolved' | undefined {
  const characteristics = rule.ratelimit?.characteristics;
  if (isTerraformToken(characteristics) || (Array.isArray(characteristics) && characteristics.some(isTerraformToken))) return 'unresolved';
  return Array.isArray(characteristics) ? characteristics.map(String) : undefined;
}

type Verdict = 'meets' | 'fails' | 'unresolved';

/**
 * Whether a rate-limit rule counts a request it matches toward its rate: true, false, or
 * 'unresolved' when its counting_expression or requests_to_origin is known only at apply time.
 * A counting_expression (empty: the rule's expression) must match the request, by the same
 * evaluator as the rule's expression. requests_to_origin true counts only requests that reach
 * the origin, so cached responses are never counted
 * (https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/#also-apply-rate-limiting-to-cached-assets):
 * a client can then send any number of requests a cache answers, so such a rule does not enforce
 * the profile's limit on requests (Bulwark's own rules count every request, requests_to_origin false).
 */
function countsRequest(rule: TerraformRule, request: Parameters<typeof evaluateExpression>[1]): boolean | 'unresolved' {
  const { counting_expression: counting, requests_to_origin: toOrigin } = (rule.ratelimit ?? {}) as {
    counting_expression?: unknown;
    requests_to_origin?: unknown;
  };
  if (isTerraformToken(counting) || isTerraformToken(toOrigin)) return 'unresolved';
  if (toOrigin === true || toOrigin === 'true') return false;
  if (counting === undefined || counting === null || counting === '') return true;
  return typeof counting === 'string' && expressionMatches(counting, request);
}

/** Whether a rate-limit rule counts every one of the requests: false when one is not counted, else 'unresolved' when one may be. */
function countsAll(rule: TerraformRule, requests: readonly Parameters<typeof evaluateExpression>[1][]): boolean | 'unresolved' {
  const counted = requests.map((request) => countsRequest(rule, request));
  return counted.includes(false) ? false : counted.includes('unresolved') ? 'unresolved' : true;
}

/**
 * Whether a rate-limit rule enforces a limit of the profile: it blocks or challenges, counts by no finer
 * key than the limit's, matches every request the limit applies to, and allows no more requests
 * per period than the zone's compiled rule for the limit (the profile's rate fitted to the plan's
 * periods, by the compiler itself) or the profile's own rate.
 */
function enforcesLimit(rule: TerraformRule, limit: PolicyRule, required: readonly Rate[]): Verdict {
  if (isTerraformToken(rule.action) || isTerraformToken(rule.expression)) return 'unresolved';
  if (!isEnforcing(rule)) return 'fails';
  const characteristics = characteristicsOf(rule);
  const { period, requests_per_period: requests } = (rule.ratelimit ?? {}) as { period?: unknown; requests_per_period?: unknown };
  if (characteristics === 'unresolved' || isTerraformToken(period) || isTerraformToken(requests)) return 'unresolved';
  const keys = (characteristics ?? []).filter((c) => c !== 'cf.colo.id').map(characteristicKey);
  if (characteristics === undefined || !countsNoFiner(keys, limit.rate?.keys ?? [])) return 'fails';
  if (typeof period !== 'number' || typeof requests !== 'number') return 'fails';
  if (!required.some((rate) => isRateNoLooser({ limit: requests, windowSeconds: period }, rate))) return 'fails';
  const probes = rateLimitProbes(limit).map((probe) => ({ method: probe.method, path: probe.path, host: probe.host ?? 'example.com' }));
  if (!probes.every((request) => matches(rule, request))) return 'fails';
  const counted = countsAll(rule, probes);
  return counted === 'unresolved' ? 'unresolved' : counted ? 'meets' : 'fails';
}

/** A rate-limit characteristic as a rate key name (see rateKeyName). */
function characteristicKey(characteristic: string): string {
  if (characteristic === 'ip.src') return 'ip';
  const keyed = /^http\.request\.(headers|cookies|uri\.args)\["(.*)"\]$/.exec(characteristic);
  if (!keyed) return characteristic;
  return keyed[1] === 'headers' ? `header:${keyed[2].toLowerCase()}` : keyed[1] === 'cookies' ? `cookie:${keyed[2]}` : `queryArg:${keyed[2]}`;
}

/**
 * Every login path of the profile is counted by an enforcing rate limit keyed by IP, and each
 * login limit of the profile that the zone carries (on its plan, as the compiler fits it) is
 * enforced at its numbers: a rule over at least its paths, counting by no finer key, with no
 * more requests per period. A flood limit over the whole site counts only when it is as strict.
 */
export const authRateLimit: CloudflareRule = (zone, policy) => {
  const rules = zone.rulesets.http_ratelimit ?? [];
  // Per login path: counted by a per-IP rule (true), perhaps (its counting known only at apply time), or not.
  const counted = (path: string): boolean | 'unresolved' => {
    const request = { method: 'POST', host: 'example.com', path };
    const counts = rules
      .filter((rule) => isEnforcing(rule) && ((rule.ratelimit?.characteristics as string[] | undefined) ?? []).includes('ip.src') && matches(rule, request))
      .map((rule) => countsRequest(rule, request));
    return counts.includes(true) ? true : counts.includes('unresolved') ? 'unresolved' : false;
  };
  const unlimited = policy.auth.loginPaths.filter((path) => counted(path) !== true);
  const address = zone.rulesetAddresses.http_ratelimit ?? `zone ${zone.zoneId}`;
  if (unlimited.length > 0 && zone.unresolvedPhases.http_ratelimit)
    return unproven(zone, ['http_ratelimit'], address, `${unlimited.join(', ')} ${unlimited.length === 1 ? 'has' : 'have'} no per-IP rate limit`);
  const pathFindings: Violation[] = unlimited.map((path) =>
    counted(path) === 'unresolved'
      ? {
          path: address,
          observed: `whether a per-IP rate limit counts ${path} is known only at apply time (its counting_expression or requests_to_origin)`,
          unresolved: true,
        }
      : { path: address, observed: `${path} has no per-IP rate limit${leftToAws(policy, path)}` },
  );
  if (zone.unresolvedPhases.http_ratelimit) return pathFindings;
  return [...pathFindings, ...limitFindings(zone, policy, isLoginRateLimit, address)];
};

/** The zone's compiled rate-limit rules for a policy, once per policy: RATE1 and RATE2 both fit the profile's limits to the plan. */
const rateLimitsByPolicy = new WeakMap<Policy, ReturnType<typeof compileZone>['rulesets']['http_ratelimit']>();
function compiledRateLimits(policy: Policy): ReturnType<typeof compileZone>['rulesets']['http_ratelimit'] {
  let compiled = rateLimitsByPolicy.get(policy);
  if (compiled === undefined) {
    compiled = compileZone(policy).rulesets.http_ratelimit;
    rateLimitsByPolicy.set(policy, compiled);
  }
  return compiled;
}

/**
 * The findings for the profile's rate limits a predicate selects that the zone carries (on its
 * plan, as the compiler fits them) and does not enforce at their numbers: a rule over at least
 * their paths, counting by no finer key, with no more requests per period.
 */
function limitFindings(zone: TerraformZone, policy: Policy, selected: (limit: PolicyRule) => boolean, address: string): Violation[] {
  const rules = zone.rulesets.http_ratelimit ?? [];
  const compiled = compiledRateLimits(policy);
  return enforcedRateLimits(policy.rules, 'cloudflare')
    .filter(selected)
    .flatMap((limit): Violation[] => {
      const carried = compiled.find((rule) => rule.ref === limit.id)?.ratelimit;
      // A limit the plan cannot carry is left to AWS (or refused by the construct).
      if (carried === undefined) return [];
      const required = [{ limit: carried.requestsPerPeriod, windowSeconds: carried.period }, limit.rate!];
      const verdicts = rules.map((rule) => enforcesLimit(rule, limit, required));
      if (verdicts.includes('meets')) return [];
      const wanted = `${carried.requestsPerPeriod} requests per ${carried.period} s per ${limit.rate!.keys.map(rateKeyName).join(' and ')}`;
      if (verdicts.includes('unresolved') || zone.unresolvedPhases.http_ratelimit)
        return [
          { path: address, observed: `${rateLimitName(limit)}: whether a rule limits its paths to ${wanted} is known only at apply time`, unresolved: true },
        ];
      return [{ path: address, observed: `${rateLimitName(limit)}: no rate-limit rule over its paths allows at most ${wanted}` }];
    });
}

/**
 * Each of the profile's other rate limits (the API and flood limits, per IP or per identity) that
 * the zone carries on its plan is enforced at its numbers: a rate-limit rule that blocks or
 * challenges over at least its paths, counting by no finer key, with no more requests per period
 * than the compiled rule (the profile's rate fitted to the plan) or the profile's own rate.
 */
export const apiRateLimits: CloudflareRule = (zone, policy) =>
  limitFindings(zone, policy, (limit) => !isLoginRateLimit(limit), zone.rulesetAddresses.http_ratelimit ?? `zone ${zone.zoneId}`);

/** Why a login path may have no limit on Cloudflare: the profile's limit on it is (also) an AWS rule, which a plan too small for it leaves to AWS. */
function leftToAws(policy: Policy, path: string): string {
  const awsLimit = policy.rules.find(
    (rule) =>
      rule.kind === 'rate-limit' && rule.edges.includes('aws') && rule.match.type !== 'always' && evaluateCondition(rule.match, { method: 'POST', path }),
  );
  return awsLimit
    ? ` (the profile's ${awsLimit.id} covers it on AWS; when the zone's plan cannot carry it, Bulwark leaves it to AWS: move the zone to a plan that can carry it)`
    : '';
}
