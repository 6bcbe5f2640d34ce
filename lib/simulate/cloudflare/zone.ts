import type { TerraformRule, TerraformZone } from '../../checks/cloudflare/terraform-zones';
import { isTerraformToken } from '../../checks/cloudflare/terraform-zones';
import type { Expression } from '../../cloudflare/expression/ast';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  evaluateExpression,
  evaluateField,
  unevaluableReason,
  type EdgeRequest,
  type EvaluateOptions,
} from '../../cloudflare/expression/evaluate';
import { normalizeUrlPath, type UrlNormalization } from '../../cloudflare/expression/normalize-url';
import { parseExpression } from '../../cloudflare/expression/parse';
import { MANAGED_RULESET_IDS, type Plan } from '../../cloudflare/plans';
import { unescapeTemplateSequences } from '../../cloudflare/terraform-template';
import type { EdgeVerdict, SimulatedAction, SimulatedEdge } from '../edge-verdict';
import { RequestClock } from '../request-clock';
import type { SimulatedRequest } from '../simulated-request';
import { RateCounter } from './rate-counter';

export interface CloudflareZoneOptions {
  /** The edge's name in reports, e.g. `cloudflare` or `cloudflare:<zone>`. */
  readonly name: string;
  /** Where the rules were read from. */
  readonly source: string;
  /** The zone's plan, when known; the rules are evaluated as written whatever the plan (the checks judge what a plan allows). */
  readonly plan?: Plan;
  /** The zone's URL normalization type; default `cloudflare`, Cloudflare's default for incoming URLs. */
  readonly urlNormalization?: UrlNormalization;
  /** Body bytes the body fields see; default DEFAULT_BODY_LIMIT_BYTES. */
  readonly bodyLimitBytes?: number;
  /** Named lists for `in $name`. */
  readonly lists?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The request phases the simulator runs, in the ruleset engine's order
 * (https://developers.cloudflare.com/ruleset-engine/reference/phases-list/): custom rules, then rate
 * limiting, then managed rules, then Super Bot Fight Mode. Bulwark emits the first three; other
 * phases (transforms, response headers) do not decide whether a request is let through.
 */
export const SIMULATED_PHASES = ['http_request_firewall_custom', 'http_ratelimit', 'http_request_firewall_managed', 'http_request_sbfm'] as const;

/** What a rule does when it matches, decided at compile time. */
type RuleEffect =
  | { readonly kind: 'terminate'; readonly action: Exclude<SimulatedAction, 'unknown' | 'allow' | 'count'>; readonly responseCode?: number }
  | { readonly kind: 'log' }
  | { readonly kind: 'skip'; readonly rest: boolean; readonly phases: readonly string[] }
  | { readonly kind: 'may-act'; readonly reason: string }
  | { readonly kind: 'none' };

interface CompiledRule {
  readonly name: string;
  readonly phase: string;
  /** undefined: the expression cannot be judged (reason in `unknown`). */
  readonly expression?: Expression;
  readonly unknown?: string;
  readonly effect: RuleEffect;
  readonly rate?: CompiledRate;
  /** What the rule's expressions read that a request may not give (logs carry no country, HAR no address). */
  readonly reads?: { readonly address: boolean; readonly geography: boolean };
}

interface CompiledRate {
  readonly counter: RateCounter;
  /** The counting expression; undefined: the rule expression counts. */
  readonly counting?: Expression;
  readonly key: (request: EdgeRequest) => string | undefined;
  readonly keyFields: string;
}

/**
 * A Cloudflare zone's rulesets compiled for replay: each expression parsed once here, each rate
 * limit given its counters. A rule that cannot be judged offline (a managed ruleset, a field the
 * evaluator does not model, a value known only at apply time) gives `unknown` with the reason and
 * what the rest of the rules would do (`otherwise`): never a guess, never a throw.
 */
export function compileZone(zone: TerraformZone, options: CloudflareZoneOptions): SimulatedEdge {
  const evaluateOptions: EvaluateOptions = {
    lists: options.lists,
    urlNormalization: options.urlNormalization ?? 'cloudflare',
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
  };
  const phases = SIMULATED_PHASES.map((phase) => ({
    phase,
    unresolved: zone.unresolvedPhases[phase],
    why: zone.unresolvedReasons?.[phase],
    rules: (zone.rulesets[phase] ?? []).map((rule, index) => compileRule(rule, phase, index, zone, evaluateOptions)),
  }));
  const clock = new RequestClock();
  return {
    name: options.name,
    kind: 'cloudflare',
    source: options.source,
    evaluate(simulated: SimulatedRequest): EdgeVerdict {
      const time = clock.timeOf(simulated);
      const request = edgeRequest(simulated);
      const matched: string[] = [];
      let mayAct: { rule: string; phase: string; reason: string } | undefined;
      const skippedPhases = new Set<string>();
      const decide = (action: Exclude<SimulatedAction, 'unknown'>, rule: string | null, phase?: string, responseCode?: number): EdgeVerdict =>
        mayAct
          ? { action: 'unknown', rule: mayAct.rule, phase: mayAct.phase, matched, reason: mayAct.reason, otherwise: { action, rule } }
          : { action, rule, matched, ...(phase !== undefined ? { phase } : {}), ...(responseCode !== undefined ? { responseCode } : {}) };
      for (const { phase, unresolved, why, rules } of phases) {
        if (skippedPhases.has(phase)) continue;
        if (unresolved !== undefined) {
          mayAct ??= { rule: unresolved, phase, reason: why ?? `the rules of ${phase} (${unresolved}) are known only at apply time` };
          continue;
        }
        for (const rule of rules) {
          const outcome = ruleOutcome(rule, request, time, evaluateOptions);
          if (outcome === 'no') continue;
          const { effect } = rule;
          if (outcome !== 'yes') {
            // A rule that only logs cannot change the verdict, whether or not it matched.
            if (effect.kind !== 'log' && effect.kind !== 'none') mayAct ??= { rule: rule.name, phase, reason: outcome.unknown };
            continue;
          }
          if (effect.kind === 'none') continue;
          matched.push(rule.name);
          if (effect.kind === 'terminate') return decide(effect.action, rule.name, phase, effect.responseCode);
          if (effect.kind === 'may-act') mayAct ??= { rule: rule.name, phase, reason: effect.reason };
          if (effect.kind === 'skip') {
            for (const skipped of effect.phases) skippedPhases.add(skipped);
            if (effect.rest) break;
          }
        }
      }
      return decide('allow', null);
    },
  };
}

/** Whether a rule applies to the request: yes, no, or unknown with the reason. */
function ruleOutcome(rule: CompiledRule, request: EdgeRequest, time: number, options: EvaluateOptions): 'yes' | 'no' | { unknown: string } {
  try {
    return judgeRule(rule, request, time, options);
  } catch (error) {
    // A construct the evaluator refuses at run time (checked at compile time where it can be).
    return { unknown: `${rule.name}: ${(error as Error).message}` };
  }
}

function judgeRule(rule: CompiledRule, request: EdgeRequest, time: number, options: EvaluateOptions): 'yes' | 'no' | { unknown: string } {
  if (rule.unknown !== undefined || !rule.expression) return { unknown: rule.unknown ?? `${rule.name} cannot be evaluated` };
  // A rule on what the request does not say is not judged as if the value were absent: `not ip.src.country in {…}` would block every request without a country.
  if (rule.reads?.address === true && request.sourceIp === undefined)
    return { unknown: `${rule.name} reads the client address, which the request does not give` };
  if (rule.reads?.geography === true && request.country === undefined)
    return { unknown: `${rule.name} reads the client's location, which the request does not give (no country)` };
  const matches = evaluateExpression(rule.expression, request, options);
  if (!rule.rate) return matches ? 'yes' : 'no';
  const { rate } = rule;
  const counted = rate.counting ? evaluateExpression(rate.counting, request, options) : matches;
  if (!matches && !counted) return 'no';
  const key = rate.key(request);
  if (key === undefined) return { unknown: `${rule.name} counts by ${rate.keyFields}, which the request does not give` };
  const acts = rate.counter.hit(key, time, counted);
  return matches && acts ? 'yes' : 'no';
}

function compileRule(rule: TerraformRule, phase: string, index: number, zone: TerraformZone, options: EvaluateOptions): CompiledRule {
  const name = typeof rule.ref === 'string' && rule.ref !== '' ? rule.ref : `${phase} rule ${index + 1}`;
  const effect = ruleEffect(rule, phase, name, zone);
  const parsed = compileExpression(rule.expression, 'expression');
  if ('unknown' in parsed) return { name, phase, unknown: `${name}: ${parsed.unknown}`, effect };
  if (phase !== 'http_ratelimit' || rule.ratelimit === undefined) return { name, phase, expression: parsed.tree, effect, reads: requestReads([parsed.tree]) };
  const rate = compileRate(rule.ratelimit, name, options);
  if ('unknown' in rate) return { name, phase, unknown: `${name}: ${rate.unknown}`, effect };
  return { name, phase, expression: parsed.tree, effect, rate, reads: requestReads([parsed.tree, rate.counting]) };
}

/** Whether expressions read the client address (ip.src) or where it is (ip.src.country and the other geography fields). */
function requestReads(trees: readonly (Expression | undefined)[]): { readonly address: boolean; readonly geography: boolean } {
  const reads = { address: false, geography: false };
  const walk = (node: unknown, depth: number): void => {
    if (depth > 256 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    const { kind, name } = node as { kind?: unknown; name?: unknown };
    if (kind === 'field' && typeof name === 'string') {
      if (name === 'ip.src') reads.address = true;
      else if (name.startsWith('ip.src.') || name.startsWith('ip.geoip.')) reads.geography = true;
    }
    for (const value of Object.values(node)) walk(value, depth + 1);
  };
  for (const tree of trees) walk(tree, 0);
  return reads;
}

/** An expression parsed and checked once, or why it cannot be evaluated. */
function compileExpression(expression: unknown, field: string): { tree: Expression } | { unknown: string } {
  if (typeof expression !== 'string') return { unknown: `its ${field} is not a string` };
  if (isTerraformToken(expression)) return { unknown: `its ${field} is known only at apply time (a Terraform reference)` };
  try {
    const tree = parseExpression(unescapeTemplateSequences(expression));
    const reason = unevaluableReason(tree);
    return reason === undefined ? { tree } : { unknown: reason };
  } catch (error) {
    return { unknown: `its ${field} does not parse: ${(error as Error).message}` };
  }
}

/** What the rule's action does, from the action and its parameters. */
function ruleEffect(rule: TerraformRule, phase: string, name: string, zone: TerraformZone): RuleEffect {
  const parameters = rule.action_parameters ?? {};
  switch (rule.action) {
    case 'block': {
      const response = parameters.response as { status_code?: unknown } | undefined;
      const status = typeof response?.status_code === 'number' ? response.status_code : phase === 'http_ratelimit' ? 429 : 403;
      return { kind: 'terminate', action: 'block', responseCode: status };
    }
    case 'challenge':
    case 'managed_challenge':
    case 'js_challenge':
      return { kind: 'terminate', action: 'challenge' };
    case 'log':
      return { kind: 'log' };
    case 'skip':
      return skipEffect(parameters, phase);
    case 'execute':
      return executeEffect(parameters, name, zone);
    default:
      return { kind: 'may-act', reason: `${name}: the simulator does not model the ${String(rule.action)} action` };
  }
}

/**
 * A skip rule (https://developers.cloudflare.com/waf/custom-rules/skip/options/): `ruleset: current`
 * skips the rest of the current ruleset's rules, `phase: current` the rest of the phase's, and
 * `phases` those later phases. `products` skips products outside the ruleset engine (Zone Lockdown,
 * User Agent Blocking, Browser Integrity Check, Hotlink Protection, Security Level, the previous
 * rate limiting and WAF) that the simulator does not model, so it changes nothing here; `rules`
 * (managed rules skipped by id) leaves a managed ruleset as unknown as before. A custom ruleset an
 * entry point executes is read as part of the phase (terraformZones appends its rules), so
 * `ruleset: current` skips its rules too: exact for the entry-point rules Bulwark writes.
 */
function skipEffect(parameters: Record<string, unknown>, phase: string): RuleEffect {
  const phases = Array.isArray(parameters.phases) ? parameters.phases.filter((p): p is string => typeof p === 'string' && p !== phase) : [];
  return { kind: 'skip', rest: parameters.ruleset === 'current' || parameters.phase === 'current', phases };
}

/** An execute rule: a managed ruleset may act (its contents are private); a custom ruleset of the document runs its rules. */
function executeEffect(parameters: Record<string, unknown>, name: string, zone: TerraformZone): RuleEffect {
  const id = parameters.id;
  const custom = typeof id === 'string' ? /^\$\{(cloudflare_ruleset\.[\w-]+)\.id\}$/.exec(id)?.[1] : undefined;
  // terraformZones already added that ruleset's rules to the phase, after its entry point's rules.
  if (custom !== undefined && zone.rulesetResources[custom]?.kind === 'custom') return { kind: 'none' };
  const label = MANAGED_NAMES[String(id)] ?? `ruleset ${typeof id === 'string' ? id : JSON.stringify(id)}`;
  return { kind: 'may-act', reason: `managed ruleset ${label} (${name}) may act; its contents are private` };
}

const MANAGED_NAMES: Readonly<Record<string, string>> = {
  [MANAGED_RULESET_IDS.cloudflare]: 'Cloudflare Managed Ruleset',
  [MANAGED_RULESET_IDS.owasp]: 'Cloudflare OWASP Core Ruleset',
  [MANAGED_RULESET_IDS.free]: 'Cloudflare Free Managed Ruleset',
};

/**
 * A rate limit's counters and key, or why it cannot be counted. `requests_to_origin` (count only
 * requests that reach the origin, cached responses not counted) is read as if every request
 * reached the origin: a replay has no cache, so each request counts. A complexity-based limit
 * (`score_per_period`, scored by the origin's response) cannot be counted offline: unknown.
 */
function compileRate(ratelimit: Record<string, unknown>, name: string, options: EvaluateOptions): CompiledRate | { unknown: string } {
  const number = (field: string, fallback?: number): number | undefined => {
    const value = ratelimit[field];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  const period = number('period');
  const requestsPerPeriod = number('requests_per_period');
  if (period === undefined || period === 0 || requestsPerPeriod === undefined) {
    return { unknown: 'its period or requests_per_period is not a positive number written out (a score-based or apply-time limit)' };
  }
  let counting: Expression | undefined;
  if (typeof ratelimit.counting_expression === 'string' && ratelimit.counting_expression !== '') {
    const parsed = compileExpression(ratelimit.counting_expression, 'counting_expression');
    if ('unknown' in parsed) return parsed;
    counting = parsed.tree;
  }
  const characteristics = Array.isArray(ratelimit.characteristics) ? ratelimit.characteristics : [];
  const readers: ((request: EdgeRequest) => string | undefined)[] = [];
  for (const characteristic of characteristics) {
    const reader = characteristicReader(characteristic, options);
    if (typeof reader === 'string') return { unknown: reader };
    readers.push(reader);
  }
  return {
    counter: new RateCounter({ period, requestsPerPeriod, mitigationTimeout: number('mitigation_timeout', 0) ?? 0 }),
    counting,
    keyFields: characteristics.join(', ') || `(no characteristics in ${name})`,
    key: (request) => {
      const parts: string[] = [];
      for (const read of readers) {
        const part = read(request);
        if (part === undefined) return undefined;
        parts.push(part);
      }
      return JSON.stringify(parts);
    },
  };
}

/**
 * How a characteristic is read from a request (terraform-provider-cloudflare `ratelimit.characteristics`;
 * https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/#with-the-same-characteristics),
 * or why it cannot be. cf.colo.id: one data center is assumed (counters are per data center, and
 * a replay has no colo). ip.src: a request without an address cannot be counted. A header, cookie
 * or query argument absent from the request is its own value, shared by every such request.
 */
function characteristicReader(characteristic: unknown, options: EvaluateOptions): ((request: EdgeRequest) => string | undefined) | string {
  if (typeof characteristic !== 'string' || isTerraformToken(characteristic)) return `the characteristic ${JSON.stringify(characteristic)} is not written out`;
  switch (characteristic) {
    case 'cf.colo.id':
      return () => '';
    case 'ip.src':
      return (request) => request.sourceIp;
    case 'ip.src.country':
      return (request) => request.country;
    case 'http.host':
      return (request) => request.host;
    case 'http.request.uri.path':
      return (request) => normalizeUrlPath(request.path, options.urlNormalization ?? 'cloudflare');
    default:
      break;
  }
  const keyed = /^(http\.request\.headers|http\.request\.cookies|http\.request\.uri\.args)\["((?:[^"\\]|\\.)*)"\]$/.exec(characteristic);
  if (keyed) {
    const [, field, quoted] = keyed;
    let key: string;
    try {
      key = JSON.parse(`"${quoted}"`) as string;
    } catch {
      return `the rate-limit characteristic ${characteristic.slice(0, 100)} has a key the simulator cannot read`;
    }
    // Header names are case-insensitive; the request's are lower-case.
    if (field === 'http.request.headers') key = key.toLowerCase();
    return (request) => JSON.stringify(evaluateField(field, request, options, key) ?? null);
  }
  return `the simulator does not model the rate-limit characteristic ${characteristic}`;
}

/** The request as the Rules language reads it. */
function edgeRequest(request: SimulatedRequest): EdgeRequest {
  return {
    method: request.method,
    host: request.host,
    path: request.path,
    query: request.query,
    headers: request.headers,
    body: request.body,
    sourceIp: request.ip,
    country: request.country,
    ssl: request.tls ?? true,
  };
}
