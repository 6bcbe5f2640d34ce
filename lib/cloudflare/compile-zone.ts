import { AWS_WAF_CAPABILITIES } from '../policy/edges/aws-waf-capabilities';
import { edgeCarries, managedProtectionsCovering, type EdgeCapabilities } from '../policy/edges/edge-capabilities';
import { CLOUDFLARE_CAPABILITIES } from './cloudflare-capabilities';
import type { Condition, Policy, PolicyRule, RateKey, RequestField } from '../policy/model';
import type { Expression, Operand } from './expression/ast';
import { and, call, compare, field, ip, key, literal, not, or, position, predicate, set, str } from './expression/build';
import { lintExpression } from './expression/lint';
import { parseExpression } from './expression/parse';
import { printExpression, quote } from './expression/print';
import { ADD_ONS, effectiveAddOns, type AddOn } from './add-ons';
import { MANAGED_RULESET_IDS, OWASP_SCORE_RULE_ID, OWASP_SCORE_THRESHOLDS, PLANS, type Plan } from './plans';
import { zoneLimits } from './zone-limits';

/** A rule of a Cloudflare ruleset, in the provider's (camelCase) shape. */
export interface ZoneRule {
  readonly ref: string;
  readonly description: string;
  readonly action: string;
  readonly expression: string;
  readonly actionParameters?: Record<string, unknown>;
  readonly ratelimit?: {
    readonly characteristics: string[];
    readonly period: number;
    readonly requestsPerPeriod: number;
    readonly mitigationTimeout: number;
    readonly requestsToOrigin: boolean;
  };
}

export type ZonePhase = 'http_request_firewall_custom' | 'http_ratelimit' | 'http_request_firewall_managed' | 'http_response_headers_transform';

export interface ZoneProblem {
  /** The profile field the rule comes from. */
  readonly field: string;
  readonly message: string;
}

export interface CompiledZone {
  readonly plan: Plan;
  /** The Enterprise add-ons compiled for (none outside Enterprise). */
  readonly addOns: readonly AddOn[];
  readonly rulesets: Readonly<Record<ZonePhase, readonly ZoneRule[]>>;
  readonly settings: readonly { readonly settingId: string; readonly value: unknown }[];
  /** Adjustments made to fit the plan (a merged rule, a rounded rate), for info annotations. */
  readonly notes: readonly ZoneProblem[];
  /**
   * Rate limits the plan cannot carry that the profile's AWS edge also enforces: left to AWS,
   * for warning annotations. A limit no other edge enforces is a problem instead.
   */
  readonly awsOnly: readonly ZoneProblem[];
  /** What cannot be deployed on this plan; the construct refuses to synthesize. */
  readonly problems: readonly ZoneProblem[];
}

/** The largest response header value Cloudflare sets. */
const HEADER_VALUE_MAX_BYTES = 4_096;

/** Headers the security_header zone setting sends, left out of the header transform. */
const SET_BY_ZONE_SETTING = ['Strict-Transport-Security', 'X-Content-Type-Options'];

/**
 * Detection expressions for the attack classes, for plans without managed rules that cover them.
 * Each SQL term is a pair of keywords or a quote-and-operator, never a lone token: "--" occurs in
 * base64url session cookies and slugs, and "select " in ordinary search queries.
 */
const ATTACK_TERMS = {
  sqlInjection: ['union select', ' or 1=1', "' or '", 'insert into', 'delete from', 'drop table'],
  crossSiteScripting: ['<script', 'javascript:', 'onerror=', 'onload='],
  pathTraversal: ['../', '..\\', '%2e%2e', '..%2f', '%2e%2e%2f'],
} as const;

/**
 * Compiles the Cloudflare side of a policy for a zone's plan and add-ons: one ruleset per phase,
 * zone settings, and what had to change, or cannot be done, to fit them. Pure and deterministic.
 */
export function compileZone(
  policy: Policy,
  plan: Plan = policy.cloudflare.plan,
  requestedAddOns: readonly AddOn[] = policy.cloudflare.addOns,
  otherEdges: readonly EdgeCapabilities[] = [AWS_WAF_CAPABILITIES],
): CompiledZone {
  const addOns = effectiveAddOns(plan, requestedAddOns);
  const limits = zoneLimits(plan, addOns);
  const notes: ZoneProblem[] = [];
  const problems: ZoneProblem[] = [];
  if (requestedAddOns.length > addOns.length) {
    notes.push({ field: 'cloudflare.addOns', message: `${requestedAddOns.join(', ')} count only on Enterprise; compiled for the ${plan} plan without them` });
  }
  const rules = policy.rules.filter((rule) => rule.edges.includes('cloudflare'));
  const managedAvailable = limits.managedRulesets.includes('owasp');

  // Custom rules: one per class, then merged by action while the plan's quota is exceeded.
  const custom: (ZoneRule & { source: string })[] = [];
  for (const rule of rules) {
    if (rule.kind === 'rate-limit' || rule.kind === 'managed') continue;
    // A custom rule every item of which the OWASP Core Ruleset covers is left to that ruleset (what it covers is capability data).
    const coveredByOwasp =
      managedAvailable &&
      rule.implements.length > 0 &&
      rule.implements.every((item) => managedProtectionsCovering(CLOUDFLARE_CAPABILITIES, ['owasp'], item).length > 0);
    if (coveredByOwasp && !policy.waf.customRulesWhenManaged) {
      notes.push({
        field: rule.source,
        message: `${rule.id}: covered by the OWASP Core Ruleset on ${plan}; no custom rule (set waf.customRulesWhenManaged to keep both)`,
      });
      continue;
    }
    const expression = customExpression(rule);
    custom.push({
      ref: rule.id,
      description: rule.description,
      action: customAction(rule),
      expression,
      source: rule.source,
      ...(rule.intent === 'allow' ? { actionParameters: { ruleset: 'current', phases: ['http_ratelimit', 'http_request_firewall_managed'] } } : {}),
    });
  }
  for (const rule of custom) {
    if (!limits.customRuleActions.includes(rule.action)) {
      problems.push({
        field: rule.source,
        message: `${rule.ref}: the ${rule.action} action needs Enterprise, not the ${plan} plan; options: block or challenge, or a higher plan`,
      });
    }
  }
  const fitted = fitQuota(custom, limits.customRules, plan, notes, problems);

  // Rate limits: what the plan cannot carry is left to the AWS edge when that edge enforces it too.
  const awsOnly: ZoneProblem[] = [];
  const unfit = (rule: PolicyRule, reason: string, options: string): void => {
    // Left to another edge of the rule only when that edge can enforce it (its constructs refuse a rate they cannot).
    const carrier = otherEdges.find((edge) => edgeCarries(edge, rule));
    const other = otherEdges.find((edge) => rule.edges.includes(edge.edge));
    if (carrier)
      awsOnly.push({
        field: rule.source,
        message: `${rule.id} is enforced on ${carrier.edge === 'aws' ? 'AWS' : carrier.label} only: ${reason}; to enforce it on Cloudflare too: ${options}`,
      });
    else if (other)
      problems.push({
        field: rule.source,
        message: `${rule.id}: ${reason}, and ${other.label} cannot enforce it either${other.rates ? ` (it needs a rate of at least ${other.rates.minLimit} requests per ${Math.max(...other.rates.windows)} s)` : ''}; options: ${options}, or a looser rate`,
      });
    else problems.push({ field: rule.source, message: `${rule.id}: ${reason}; options: ${options}, or edges: [aws]` });
  };
  const carried: { rule: PolicyRule; compiled: ZoneRule }[] = [];
  for (const rule of rules.filter((r) => r.kind === 'rate-limit')) {
    const compiled = rateLimitRule(rule, plan, addOns, notes, unfit);
    if (compiled) carried.push({ rule, compiled });
  }
  // Within the quota, rules only Cloudflare enforces come first: the others have AWS behind them.
  const kept = new Set(
    [...carried.filter(({ rule }) => !rule.edges.includes('aws')), ...carried.filter(({ rule }) => rule.edges.includes('aws'))].slice(0, limits.rateLimitRules),
  );
  const taken = carried
    .filter((entry) => kept.has(entry))
    .map((entry) => entry.rule.id)
    .join(', ');
  const withoutArl = plan === 'enterprise' && !addOns.includes('advancedRateLimiting');
  for (const entry of carried.filter((e) => !kept.has(e))) {
    unfit(
      entry.rule,
      `the ${plan} plan allows ${limits.rateLimitRules} rate-limit rule${limits.rateLimitRules === 1 ? '' : 's'}${withoutArl ? ` without the ${ADD_ONS.advancedRateLimiting.label} add-on` : ''}, taken by ${taken}`,
      withoutArl ? addOnOption('advancedRateLimiting') : 'a higher plan',
    );
  }
  const rateRules = carried.filter((entry) => kept.has(entry)).map((entry) => entry.compiled);

  const managed: ZoneRule[] = managedAvailable
    ? managedRules(policy, plan, problems)
    : [
        {
          ref: 'free-managed',
          description: 'Cloudflare Free Managed Ruleset',
          action: 'execute',
          expression: 'true',
          actionParameters: { id: MANAGED_RULESET_IDS.free },
        },
      ];
  const headers: ZoneRule[] = [
    {
      ref: 'security-headers',
      description: 'Security response headers from the profile',
      action: 'rewrite',
      expression: 'true',
      // HSTS and nosniff come from the security_header zone setting: one source of truth each.
      actionParameters: {
        headers: Object.fromEntries(
          Object.entries(policy.headers.values)
            .filter(([name]) => !SET_BY_ZONE_SETTING.includes(name))
            .map(([name, value]) => [name, { operation: 'set', value }]),
        ),
      },
    },
  ];

  for (const [name, value] of Object.entries(policy.headers.values)) {
    // Cloudflare refuses a header value over 4 KB or outside visible ASCII when the rule is applied, long after synth.
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > HEADER_VALUE_MAX_BYTES)
      problems.push({
        field: 'headers',
        message: `the ${name} header is ${bytes} bytes; Cloudflare sets at most ${HEADER_VALUE_MAX_BYTES}: shorten it (fewer sources, or a wildcard host such as https://*.example.com)`,
      });
    // A control character (CR and LF above all) would end the header and start another one.
    const control = [...value].find((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
    if (control !== undefined)
      problems.push({
        field: 'headers',
        message: `the ${name} header holds the control character U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; a header value cannot hold control characters (CR or LF would split it into another header): remove it from the profile value`,
      });
    const odd = [...value].find((character) => character.length > 1 || character.charCodeAt(0) > 0x7f);
    if (odd !== undefined)
      problems.push({
        field: 'headers',
        message: `the ${name} header holds ${JSON.stringify(odd)}; a header value is visible ASCII only: write internationalized hosts in punycode (xn--…)`,
      });
  }
  const rulesets = {
    http_request_firewall_custom: fitted,
    http_ratelimit: rateRules,
    http_request_firewall_managed: managed,
    http_response_headers_transform: headers,
  };
  // Whatever the plan still refuses names the profile field it came from, with what to do.
  const sourceOf = new Map(custom.map((rule) => [rule.ref, rule.source]));
  for (const [phase, list] of Object.entries(rulesets)) {
    for (const rule of list) {
      for (const finding of lintExpression(rule.expression, { phase, plan, addOns })) {
        const hint =
          finding.code === 'too-long' ? '; options: fewer entries per rule (for IP lists, a Cloudflare IP list referenced as $name), or split the list' : '';
        problems.push({
          field: sourceOf.get(rule.ref) ?? rule.ref,
          message: `${phase} rule ${rule.ref}: ${finding.message}${hint}${finding.code === 'too-long' ? '' : ` in ${rule.expression}`}`,
        });
      }
    }
  }
  const { hsts } = policy.tls;
  const settings = [
    { settingId: 'min_tls_version', value: policy.tls.minVersion },
    { settingId: 'tls_1_3', value: 'on' },
    { settingId: 'always_use_https', value: 'on' },
    { settingId: 'ssl', value: policy.cloudflare.sslMode },
    {
      settingId: 'security_header',
      value: {
        strict_transport_security: {
          enabled: hsts.maxAgeSeconds > 0,
          max_age: hsts.maxAgeSeconds,
          include_subdomains: hsts.includeSubdomains,
          preload: hsts.preload,
          nosniff: true,
        },
      },
    },
  ];
  return { plan, addOns, rulesets, settings, notes, awsOnly, problems };
}

/** How to get an add-on, as an option in a message. */
function addOnOption(addOn: AddOn): string {
  return `the ${ADD_ONS[addOn].label} add-on (cloudflare.addOns: [${addOn}])`;
}

/** Merges custom rules with the same action, from the largest group and no more than it takes, until the plan's quota is met. */
function fitQuota(rules: (ZoneRule & { source: string })[], quota: number, plan: Plan, notes: ZoneProblem[], problems: ZoneProblem[]): ZoneRule[] {
  let current = rules.map(({ source: _source, ...rule }) => ({ ...rule, sources: [_source] }));
  while (current.length > quota) {
    // Only neighbours with the same action merge: with another rule between them (a skip, or
    // another action), the merged rule would pre-empt it for requests it used to see first.
    const runs: (typeof current)[] = [];
    current.forEach((rule, index) => {
      const previous = current[index - 1];
      const continues = index > 0 && !rule.actionParameters && !previous.actionParameters && previous.action === rule.action;
      if (continues) runs[runs.length - 1].push(rule);
      else runs.push([rule]);
    });
    const largest = runs.filter((run) => run.length > 1).sort((a, b) => b.length - a.length)[0];
    if (!largest) {
      problems.push({
        field: 'waf',
        message: `the ${plan} plan allows ${quota} custom rules and the profile needs ${current.length} (${current.map((r) => r.ref).join(', ')}) even with neighbouring rules of the same action merged; options: a higher plan, fewer protections, or edges: [aws] on the rules Cloudflare need not enforce`,
      });
      break;
    }
    // Only as many as it takes: each rule kept apart keeps its own ref, metrics and events.
    const mergeable = largest.slice(0, current.length - quota + 1);
    const merged = {
      ref: mergeable.map((r) => r.ref).join('+'),
      description: mergeable.map((r) => r.description).join('; '),
      action: mergeable[0].action,
      expression: printExpression(or(...mergeable.map((r) => parseExpression(r.expression)))),
      sources: mergeable.flatMap((r) => r.sources),
    };
    notes.push({
      field: merged.sources.join(', '),
      message: `merged ${mergeable.map((r) => r.ref).join(', ')} into one ${merged.action} rule to fit the ${plan} plan's ${quota} custom rules`,
    });
    // The merged rule takes the place of the first rule it absorbs; only its neighbours are gone.
    const at = current.indexOf(mergeable[0]);
    current = current.flatMap((rule, index) => (index === at ? [merged] : mergeable.includes(rule) ? [] : [rule]));
  }
  return current.map(({ sources: _sources, ...rule }) => rule);
}

function customAction(rule: PolicyRule): string {
  switch (rule.intent) {
    case 'allow':
      return 'skip';
    case 'challenge':
      return 'managed_challenge';
    case 'count':
      return 'log';
    default:
      return 'block';
  }
}

function customExpression(rule: PolicyRule): string {
  return conditionExpression(rule.match);
}

/** A rate-limit rule as the plan and add-ons can count it, or undefined after telling `unfit` why they cannot. */
function rateLimitRule(
  rule: PolicyRule,
  plan: Plan,
  addOns: readonly AddOn[],
  notes: ZoneProblem[],
  unfit: (rule: PolicyRule, reason: string, options: string) => void,
): ZoneRule | undefined {
  const limits = zoneLimits(plan, addOns);
  const rate = rule.rate;
  if (!rate) return undefined;
  // A keyed characteristic (a header, a cookie, a query argument) is allowed by its field.
  const unsupported = rate.keys.filter((key) => !limits.rateLimitCharacteristics.includes(characteristic(key).replace(/\[.*$/, '')));
  if (unsupported.length > 0) {
    const upgrade = plan === 'enterprise' ? addOnOption('advancedRateLimiting') : 'Enterprise with the Advanced Rate Limiting add-on';
    unfit(
      rule,
      `it counts by ${unsupported.map(characteristic).join(', ')}, which the ${plan} plan cannot${plan === 'enterprise' ? ` without the ${ADD_ONS.advancedRateLimiting.label} add-on` : ''} (it counts by ${limits.rateLimitCharacteristics.join(' or ')}; other keys need ${upgrade})`,
      plan === 'enterprise' ? `key: ip, or ${upgrade}` : 'key: ip',
    );
    return undefined;
  }
  if (rule.intent === 'count' && !limits.customRuleActions.includes('log')) {
    unfit(rule, `a counting (log) rate limit needs Enterprise, not the ${plan} plan`, 'action block or challenge');
    return undefined;
  }
  // The same average rate in the allowed period nearest the asked window, rounded down; bursts
  // within the period can differ from the asked window, so every change is reported.
  const perSecond = rate.limit / rate.windowSeconds;
  const period = [...limits.rateLimitPeriods]
    .sort((a, b) => Math.abs(Math.log(a / rate.windowSeconds)) - Math.abs(Math.log(b / rate.windowSeconds)))
    .find((p) => Math.floor(perSecond * p) >= 1);
  if (period === undefined) {
    unfit(
      rule,
      `${rate.limit} per ${rate.windowSeconds} s cannot be counted on the ${plan} plan (periods ${limits.rateLimitPeriods.join(', ')} s)`,
      'a higher plan or a higher limit',
    );
    return undefined;
  }
  const requests = Math.floor(perSecond * period);
  if (period !== rate.windowSeconds || requests !== rate.limit) {
    notes.push({
      field: rule.source,
      message: `${rule.id}: ${rate.limit} per ${rate.windowSeconds} s becomes ${requests} per ${period} s on the ${plan} plan`,
    });
  }
  const expression = rule.match.type === 'always' ? 'true' : conditionExpression(rule.match);
  const refused = lintExpression(expression, { phase: 'http_ratelimit', plan, addOns });
  if (refused.length > 0) {
    const byField = refused.some((finding) => finding.code === 'plan-ratelimit-field');
    const byAddOn = refused.some((finding) => finding.code === 'addon-ratelimit-field' || finding.code === 'addon-field');
    const options = byField
      ? 'a match on the path alone (no methods or headers), or the Business plan or higher'
      : byAddOn
        ? `a match without body fields, or ${addOnOption('advancedRateLimiting')}`
        : 'a simpler match, or a higher plan';
    unfit(
      rule,
      `the ${plan} plan${byAddOn ? ' without the add-on' : ''} cannot match it in a rate-limit rule: ${refused.map((finding) => finding.message).join('; ')}`,
      options,
    );
    return undefined;
  }
  const challenge = rule.intent === 'challenge';
  return {
    ref: rule.id,
    description: rule.description,
    action: challenge ? 'managed_challenge' : rule.intent === 'count' ? 'log' : 'block',
    expression,
    ratelimit: {
      characteristics: ['cf.colo.id', ...rate.keys.map(characteristic)],
      period,
      requestsPerPeriod: requests,
      // A challenge decides for itself how long it holds; outside Enterprise its timeout must be 0.
      mitigationTimeout: challenge ? 0 : Math.min(limits.maxMitigationTimeout, Math.max(period, 10)),
      requestsToOrigin: false,
    },
  };
}

function characteristic(key: RateKey): string {
  switch (key.type) {
    case 'ip':
      return 'ip.src';
    case 'header':
      return `http.request.headers[${quote(key.name)}]`;
    case 'cookie':
      return `http.request.cookies[${quote(key.name)}]`;
    case 'queryArg':
      return `http.request.uri.args[${quote(key.name)}]`;
  }
}

function managedRules(policy: Policy, plan: Plan, problems: ZoneProblem[]): ZoneRule[] {
  if (policy.cloudflare.owasp.action === 'log' && !PLANS[plan].customRuleActions.includes('log')) {
    problems.push({
      field: 'cloudflare.owasp.action',
      message: `the OWASP ruleset cannot only log on the ${plan} plan (log needs Enterprise); options: block or managed_challenge`,
    });
  }
  const { owasp } = policy.cloudflare;
  const disabled = [1, 2, 3, 4].filter((level) => level > owasp.paranoiaLevel).map((level) => ({ category: `paranoia-level-${level}`, enabled: false }));
  return [
    {
      ref: 'cloudflare-managed',
      description: 'Cloudflare Managed Ruleset',
      action: 'execute',
      expression: 'true',
      actionParameters: { id: MANAGED_RULESET_IDS.cloudflare },
    },
    {
      ref: 'owasp-core',
      description: `OWASP Core Ruleset, paranoia level ${owasp.paranoiaLevel}, ${owasp.scoreThreshold} threshold`,
      action: 'execute',
      expression: 'true',
      actionParameters: {
        id: MANAGED_RULESET_IDS.owasp,
        overrides: {
          ...(disabled.length > 0 ? { categories: disabled } : {}),
          rules: [
            {
              id: OWASP_SCORE_RULE_ID,
              action: owasp.action,
              scoreThreshold: OWASP_SCORE_THRESHOLDS[owasp.scoreThreshold as keyof typeof OWASP_SCORE_THRESHOLDS],
            },
          ],
        },
      },
    },
  ];
}

/** A policy condition in the Rules language (printed from a built tree, so quoting and precedence are right by construction). */
export function conditionExpression(condition: Condition): string {
  return printExpression(conditionTree(condition));
}

function conditionTree(condition: Condition): Expression {
  switch (condition.type) {
    case 'always':
      return literal(true);
    case 'all':
      return and(...condition.conditions.map(conditionTree));
    case 'any':
      return or(...condition.conditions.map(conditionTree));
    case 'not':
      return not(conditionTree(condition.condition));
    case 'string': {
      const subject = condition.caseSensitive ? fieldOperand(condition.field) : call('lower', fieldOperand(condition.field));
      const value = str(condition.caseSensitive ? condition.value : condition.value.toLowerCase());
      switch (condition.operator) {
        case 'equals':
          return compare(subject, 'eq', value);
        case 'contains':
          return compare(subject, 'contains', value);
        case 'startsWith':
          return predicate(call('starts_with', subject, value));
        case 'endsWith':
          return predicate(call('ends_with', subject, value));
      }
      return literal(false);
    }
    case 'in':
      return compare(fieldOperand(condition.field), 'in', set(condition.values.map(str)));
    case 'sourceIp':
      return compare(field('ip.src'), 'in', set(condition.cidrs.map(ip)));
    case 'country':
      return compare(field('ip.src.country'), 'in', set(condition.codes.map(str)));
    case 'attack':
      return attackTree(condition.attack, condition.fields);
  }
}

/** Detections for an attack class over the path and query string, decoded and lowercased. */
function attackTree(attack: keyof typeof ATTACK_TERMS, fields: readonly RequestField[]): Expression {
  // The body needs Enterprise; the path, query string and cookie header are there on every plan.
  const inspected = fields.filter((f) => f.type === 'path' || f.type === 'query' || (f.type === 'header' && f.name === 'cookie'));
  return or(
    ...inspected.flatMap((f) => ATTACK_TERMS[attack].map((term) => compare(call('lower', call('url_decode', fieldOperand(f))), 'contains', str(term)))),
  );
}

function fieldOperand(requestField: RequestField): Operand {
  switch (requestField.type) {
    case 'method':
      return field('http.request.method');
    case 'host':
      return field('http.host');
    case 'path':
      return field('http.request.uri.path');
    case 'query':
      return field('http.request.uri.query');
    case 'body':
      return field('http.request.body.raw');
    case 'userAgent':
      return field('http.user_agent');
    case 'header':
      return requestField.name === 'cookie' ? field('http.cookie') : field('http.request.headers', key(requestField.name), position(0));
    case 'cookie':
      return field('http.request.cookies', key(requestField.name), position(0));
  }
}
