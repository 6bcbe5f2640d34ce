import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { AttackClass, Condition, Policy, PolicyRule, RateKey, RequestField, RuleIntent } from '../../policy/model';
import { isIpv6Cidr } from '../../profile/cidr';
import { compareStrings } from '../../core/compare-strings';
import { lowerAscii } from '../../core/lower-ascii';
import { statementCapacity } from './capacity';
import { AWS_MANAGED_RULE_GROUPS } from './managed-rule-groups';
import { AWS_WAF_CAPABILITIES } from '../../policy/edges/aws-waf-capabilities';
import { fitRate } from '../../policy/edges/edge-capabilities';
import { isKeyedOnClientIp } from '../../policy/rate-limits';
import {
  CROSS_SITE_SCRIPTING_PATTERNS,
  MAX_PATTERN_SET_REGEX_LENGTH,
  MAX_PATTERN_SET_REGEXES,
  OVERLONG_UTF8_PATTERN,
  OVERLONG_UTF8_SEPARATOR_PATTERN,
  PATH_TRAVERSAL_PATTERNS,
  SQL_INJECTION_PATTERNS,
  type AttackPattern,
} from './attack-patterns';
import { WafFindingSeverity } from './waf-finding-severity';
import type { ManagedRuleGroupOptions } from './managed-rule-group-options';

type Statement = CfnWebACL.StatementProperty;

/** Custom response bodies every Bulwark Web ACL defines once and its block actions refer to. */
export const RESPONSE_BODY_FORBIDDEN = 'bulwark-forbidden';
export const RESPONSE_BODY_RATE_LIMITED = 'bulwark-rate-limited';

/** An IP set a rule needs: one per list and address family. */
export interface IpSetSpec {
  readonly id: string;
  readonly ipAddressVersion: 'IPV4' | 'IPV6';
  readonly addresses: readonly string[];
}

/** A regex pattern set a rule needs: at most 10 regular expressions of at most 200 characters. */
export interface RegexPatternSetSpec {
  readonly id: string;
  readonly description: string;
  readonly regularExpressions: readonly string[];
}

/** Something the compiler wants the user to know: an adjusted rate, a skipped duplicate, an impossible rule. */
export interface WafFinding {
  readonly severity: WafFindingSeverity;
  readonly ruleId: string;
  /** The profile field the rule comes from. */
  readonly source: string;
  readonly message: string;
}

export interface CompiledWafRule {
  readonly policyRuleId: string;
  readonly source: string;
  readonly rule: CfnWebACL.RuleProperty;
  readonly capacity: number;
}

export interface CompileWafOptions {
  /** Prefix of every CloudWatch metric name. */
  readonly metricPrefix: string;
  /** Returns the ARN of the IP set for a spec (the caller creates it). */
  readonly ipSetArn: (spec: IpSetSpec) => string;
  /** Returns the ARN of the regex pattern set for a spec (the caller creates it). */
  readonly regexPatternSetArn: (spec: RegexPatternSetSpec) => string;
  /**
   * Per managed group: a pinned version and rule action overrides (rule name → action).
   * @default - AWS's default version, no overrides
   */
  readonly managedRuleGroups?: ManagedRuleGroupOptionsMap;
  /**
   * The header the client address arrives in when a proxy that sets it alone sits in front
   * (policy.network.origin, behind Cloudflare): rate limits keyed on the address count it
   * (FORWARDED_IP, fallback MATCH) instead of the proxy's.
   * @default - the request's source address
   */
  readonly clientIpHeader?: string;
  /**
   * The ACL sits behind CloudFront (a REGIONAL ACL on an origin whose network.origin.behind is
   * cloudfront): the source address is a CloudFront edge server's, and X-Forwarded-For's first
   * address is the client's to choose, so rate limits keyed on the address would count either
   * CloudFront or whatever the client writes. They are left out, each with an info finding naming
   * the CLOUDFRONT-scope ACL, which sees the viewer's own address, as where they hold. IP lists and
   * country blocks are left out the same way: they would match the edge server, not the viewer.
   * @default false - rate limits keyed on the address, IP lists and country blocks are compiled
   */
  readonly behindCloudFront?: boolean;
  /**
   * IP lists and country matches read clientIpHeader too: only for a header the proxy alone sets
   * (one address), since an allow rule matching an address the client chose would let anyone in.
   * @default false - they read the request's source address
   */
  readonly clientIpHeaderMatchable?: boolean;
}

/** Options by managed rule set, as the compiler takes them (TypeScript only; the constructs take the `ManagedRuleGroups` struct). */
export type ManagedRuleGroupOptionsMap = Readonly<Partial<Record<keyof typeof AWS_MANAGED_RULE_GROUPS, ManagedRuleGroupOptions>>>;

export interface CompiledWafRules {
  readonly rules: readonly CompiledWafRule[];
  readonly ipSets: readonly IpSetSpec[];
  readonly regexPatternSets: readonly RegexPatternSetSpec[];
  readonly findings: readonly WafFinding[];
}

const COVERED_CLASS: Partial<Record<PolicyRule['kind'], string>> = {
  'sql-injection': 'SQL injection',
  'cross-site-scripting': 'cross-site scripting',
  'path-traversal': 'path traversal',
  'bad-bots': 'bad bots',
};

const transformations = (...types: string[]) => types.map((type, priority) => ({ priority, type }));
/**
 * SQL injection and XSS: URL-decoded twice (%u and full-width forms too), so double-encoded
 * payloads are seen in clear; HTML entities decoded; every white space (vertical tab and
 * non-breaking space too, which RE2's \s misses) one space; lower-cased, so the patterns need no
 * case variants. Comments are folded by the patterns (see attack-patterns.ts).
 */
const ATTACK_DECODE = transformations('URL_DECODE_UNI', 'URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'COMPRESS_WHITE_SPACE', 'LOWERCASE');
/** Path traversal: URL-decoded twice and lower-cased; never NORMALIZE_PATH, which would remove the dot segments sought. */
const TRAVERSAL_DECODE = transformations('URL_DECODE_UNI', 'URL_DECODE_UNI', 'LOWERCASE');
const LOWERCASE = transformations('LOWERCASE');
const NO_TRANSFORM = [{ priority: 0, type: 'NONE' }];
/** Regex pattern sets per account and Region, AWS WAF's default quota (https://docs.aws.amazon.com/waf/latest/developerguide/limits.html). */
const REGEX_PATTERN_SETS_QUOTA = 10;

/**
 * Compiles the AWS rules of a policy into Web ACL rules, in policy order with unique,
 * deterministic priorities. Pure apart from `ipSetArn`.
 */
export function compileWafRules(policy: Policy, options: CompileWafOptions): CompiledWafRules {
  const findings: WafFinding[] = [];
  const ipSets: IpSetSpec[] = [];
  const regexPatternSets: RegexPatternSetSpec[] = [];
  const rules: CompiledWafRule[] = [];
  const managedSets = new Set(policy.rules.filter((r) => r.kind === 'managed' && r.edges.includes('aws')).map((r) => r.managedRuleSet));

  for (const rule of policy.rules) {
    if (!rule.edges.includes('aws')) continue;
    const coveredBy = rule.coveredBy.filter((set) => managedSets.has(set));
    if (coveredBy.length > 0 && !policy.waf.customRulesWhenManaged) {
      const groups = coveredBy.map((set) => AWS_MANAGED_RULE_GROUPS[set].name).join(', ');
      findings.push({
        severity: WafFindingSeverity.INFO,
        ruleId: rule.id,
        source: rule.source,
        message: `custom rule skipped: ${groups} already covers ${COVERED_CLASS[rule.kind] ?? rule.kind} (set waf.customRulesWhenManaged: true to pay for both)`,
      });
      continue;
    }
    const context: RuleContext = { policy, options, findings, ipSets, regexPatternSets };
    const compiled = compileRule(rule, context);
    if (compiled === undefined) continue;
    const name = rule.id;
    const cfnRule: CfnWebACL.RuleProperty = {
      name,
      priority: rules.length,
      statement: compiled.statement,
      ...(compiled.override ? { overrideAction: { none: {} } } : { action: compiled.action }),
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: metricName(options.metricPrefix, name) },
    };
    rules.push({ policyRuleId: rule.id, source: rule.source, rule: cfnRule, capacity: statementCapacity(compiled.statement) });
  }
  if (regexPatternSets.length > REGEX_PATTERN_SETS_QUOTA) {
    findings.push({
      severity: WafFindingSeverity.WARNING,
      ruleId: 'regex-pattern-sets',
      source: 'waf',
      message: `the rules need ${regexPatternSets.length} regex pattern sets, over the ${REGEX_PATTERN_SETS_QUOTA} AWS WAF allows per account and Region by default; shorten waf.badBots.userAgents or request a quota increase before deploying`,
    });
  }
  return { rules, ipSets, regexPatternSets, findings };
}

/** A CloudFormation-safe metric name: letters, digits, hyphens and underscores, at most 128. */
export function metricName(prefix: string, name: string): string {
  return `${prefix}-${name}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 128);
}

interface RuleContext {
  readonly policy: Policy;
  readonly options: CompileWafOptions;
  readonly findings: WafFinding[];
  readonly ipSets: IpSetSpec[];
  readonly regexPatternSets: RegexPatternSetSpec[];
}

/** Rules that match the request's address or its country: behind CloudFront both are an edge server's. */
const ADDRESS_RULES: ReadonlySet<PolicyRule['kind']> = new Set(['ip-allowlist', 'ip-blocklist', 'geo-block']);

interface CompiledStatement {
  readonly statement: Statement;
  readonly action?: CfnWebACL.RuleActionProperty;
  readonly override?: boolean;
}

function compileRule(rule: PolicyRule, context: RuleContext): CompiledStatement | undefined {
  if (rule.kind === 'managed' && rule.managedRuleSet) {
    const group = AWS_MANAGED_RULE_GROUPS[rule.managedRuleSet];
    const options = context.options.managedRuleGroups?.[rule.managedRuleSet];
    const overrides = Object.entries(options?.ruleActionOverrides ?? {}).sort(([a], [b]) => compareStrings(a, b));
    return {
      override: true,
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: group.name,
          ...(options?.version ? { version: options.version } : {}),
          ...(overrides.length > 0 ? { ruleActionOverrides: overrides.map(([name, action]) => ({ name, actionToUse: { [action]: {} } })) } : {}),
          ...(rule.managedRuleSet === 'botControl' ? { managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' } }] } : {}),
        },
      },
    };
  }
  if (rule.rate && context.options.behindCloudFront === true && isKeyedOnClientIp(rule)) {
    context.findings.push({
      severity: WafFindingSeverity.INFO,
      ruleId: rule.id,
      source: rule.source,
      message:
        "left out of this ACL, which sits behind CloudFront: a limit keyed on the client's address holds on the distribution's CLOUDFRONT-scope Web ACL (HardenedWebAcl with scope CLOUDFRONT), since here the source address is CloudFront's and X-Forwarded-For's first address is the client's to choose",
    });
    return undefined;
  }
  if (context.options.behindCloudFront === true && ADDRESS_RULES.has(rule.kind)) {
    context.findings.push({
      severity: WafFindingSeverity.INFO,
      ruleId: rule.id,
      source: rule.source,
      message:
        "left out of this ACL, which sits behind CloudFront: an IP list or country match holds on the distribution's CLOUDFRONT-scope Web ACL (HardenedWebAcl with scope CLOUDFRONT), since here the source address, and the country AWS WAF derives from it, are a CloudFront edge server's",
    });
    return undefined;
  }
  if (rule.rate) return compileRateRule(rule, context);
  const statement = rule.kind === 'bad-bots' ? badBotStatement(rule, context) : conditionStatement(rule.match, rule, context);
  if (statement === undefined) return undefined;
  return { statement, action: ruleAction(rule.intent, RESPONSE_BODY_FORBIDDEN, 403) };
}

function compileRateRule(rule: PolicyRule, context: RuleContext): CompiledStatement | undefined {
  const rate = rule.rate;
  if (!rate) return undefined;
  const { rates } = AWS_WAF_CAPABILITIES;
  const waf = fitRate(rate.limit, rate.windowSeconds, rates);
  if (waf === undefined) {
    context.findings.push({
      severity: WafFindingSeverity.ERROR,
      ruleId: rule.id,
      source: rule.source,
      message: `${rate.limit} requests per ${rate.windowSeconds} s is stricter than AWS WAF can enforce (at least ${rates.minLimit} requests per window of at most ${Math.max(...rates.windows)} s); raise the limit to ${rates.minLimit} per ${Math.max(...rates.windows)} s or more, or limit this rule to other edges with "edges"`,
    });
    return undefined;
  }
  if (waf.adjusted) {
    context.findings.push({
      severity: WafFindingSeverity.INFO,
      ruleId: rule.id,
      source: rule.source,
      message: `${rate.limit} per ${rate.windowSeconds} s becomes ${waf.limit} per ${waf.windowSeconds} s on AWS WAF, which allows windows of ${rates.windows.join(', ')} s and at least ${rates.minLimit} requests`,
    });
  }
  const onlyIp = rate.keys.length === 1 && rate.keys[0].type === 'ip';
  const scopeDown = conditionStatement(rule.match, rule, context);
  const header = context.options.clientIpHeader;
  const forwarded = header !== undefined && rate.keys.some((key) => key.type === 'ip');
  return {
    statement: {
      rateBasedStatement: {
        limit: waf.limit,
        evaluationWindowSec: waf.windowSeconds,
        aggregateKeyType: onlyIp ? (forwarded ? 'FORWARDED_IP' : 'IP') : 'CUSTOM_KEYS',
        ...(onlyIp ? {} : { customKeys: rate.keys.map((key) => rateKey(key, forwarded)) }),
        // MATCH: a header that holds no valid address is counted under the fallback, never waved through.
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-wafv2-webacl-forwardedipconfiguration.html
        ...(forwarded ? { forwardedIpConfig: { headerName: header, fallbackBehavior: 'MATCH' } } : {}),
        ...(scopeDown ? { scopeDownStatement: scopeDown } : {}),
      },
    },
    action: ruleAction(rule.intent, RESPONSE_BODY_RATE_LIMITED, 429),
  };
}

function rateKey(key: RateKey, forwarded: boolean): CfnWebACL.RateBasedStatementCustomKeyProperty {
  switch (key.type) {
    case 'ip':
      return forwarded ? { forwardedIp: {} } : { ip: {} };
    case 'header':
      return { header: { name: key.name, textTransformations: NO_TRANSFORM } };
    case 'cookie':
      return { cookie: { name: key.name, textTransformations: NO_TRANSFORM } };
    case 'queryArg':
      return { queryArgument: { name: key.name, textTransformations: NO_TRANSFORM } };
  }
}

function ruleAction(intent: RuleIntent, bodyKey: string, status: number): CfnWebACL.RuleActionProperty {
  switch (intent) {
    case 'allow':
      return { allow: {} };
    case 'count':
      return { count: {} };
    case 'challenge':
      return { challenge: {} };
    case 'block':
      return { block: { customResponse: { responseCode: status, customResponseBodyKey: bodyKey } } };
  }
}

/** A condition as a WAF statement; `undefined` for a condition that matches everything. */
function conditionStatement(condition: Condition, rule: PolicyRule, context: RuleContext, negated = false): Statement | undefined {
  switch (condition.type) {
    case 'always':
      return undefined;
    case 'all':
      return combine('andStatement', condition.conditions.map((c) => conditionStatement(c, rule, context, negated)).filter(isStatement));
    case 'any':
      return combine('orStatement', condition.conditions.map((c) => conditionStatement(c, rule, context, negated)).filter(isStatement));
    case 'not': {
      const inner = conditionStatement(condition.condition, rule, context, !negated);
      return inner ? { notStatement: { statement: inner } } : undefined;
    }
    case 'string':
      return byteMatch(condition.field, positional(condition.operator), condition.value, condition.caseSensitive);
    case 'in':
      return combine(
        'orStatement',
        condition.values.map((value) => byteMatch(condition.field, 'EXACTLY', value, true)),
      );
    case 'country': {
      const forwarded = forwardedMatch(rule, negated, context);
      return { geoMatchStatement: { countryCodes: [...condition.codes], ...(forwarded ? { forwardedIpConfig: forwarded } : {}) } };
    }
    case 'sourceIp':
      return combine('orStatement', ipSetStatements(condition.cidrs, rule, context, negated));
    case 'attack':
      return attackStatement(condition.attack, condition.fields, rule, context);
  }
}

/**
 * Every header's value: payloads arrive in User-Agent, Referer, X-Forwarded-For and custom headers
 * (logged, then rendered or stored), which the profile's fields do not name. One statement for all
 * costs what one single header does. Oversize (more than 200 headers or 8 KB): the first ones are inspected.
 */
const ALL_HEADERS: CfnWebACL.FieldToMatchProperty = { headers: { matchPattern: { all: {} }, matchScope: 'VALUE', oversizeHandling: 'CONTINUE' } };

/** The patterns, transformations and extra request components of each attack class. */
const ATTACK_CLASSES: Readonly<
  Record<
    AttackClass,
    { patterns: readonly AttackPattern[]; decode: typeof ATTACK_DECODE; extraComponents: readonly CfnWebACL.FieldToMatchProperty[]; jsonBody: boolean }
  >
> = {
  sqlInjection: { patterns: SQL_INJECTION_PATTERNS, decode: ATTACK_DECODE, extraComponents: [ALL_HEADERS], jsonBody: true },
  crossSiteScripting: { patterns: CROSS_SITE_SCRIPTING_PATTERNS, decode: ATTACK_DECODE, extraComponents: [ALL_HEADERS], jsonBody: true },
  // File names arrive in form posts and cookies (a language or template cookie) as well as in the path and query.
  // No JSON view of the body: a JSON-escaped slash (..\/) is a backslash the patterns already take as a separator.
  pathTraversal: {
    patterns: PATH_TRAVERSAL_PATTERNS,
    decode: TRAVERSAL_DECODE,
    extraComponents: [{ type: 'body' as const }, { type: 'header' as const, name: 'cookie' }].flatMap((field) => attackComponents(field, false)),
    jsonBody: false,
  },
};

/**
 * An attack class as one regex pattern set, referenced once per inspected request component
 * (each reference costs 25 WCU plus 10 per transformation; a JSON body doubles the 25). Path
 * traversal adds an overlong UTF-8 regex on each undecoded component (13 WCU each): any overlong
 * form on the path and query, only the dot, slash and backslash forms on the body and cookies.
 */
function attackStatement(attack: AttackClass, fields: readonly RequestField[], rule: PolicyRule, context: RuleContext): Statement | undefined {
  const { patterns, decode, extraComponents, jsonBody } = ATTACK_CLASSES[attack];
  const arn = patternSetArns(
    rule.id,
    `Bulwark ${rule.id} patterns`,
    patterns.map((p) => p.regex),
    context,
  );
  const components = uniqueComponents([...fields.flatMap((field) => attackComponents(field, jsonBody)), ...extraComponents]);
  const statements: Statement[] = arn.flatMap((setArn) =>
    components.map((fieldToMatch) => ({ regexPatternSetReferenceStatement: { arn: setArn, fieldToMatch, textTransformations: decode } })),
  );
  if (attack === 'pathTraversal') {
    for (const fieldToMatch of components) {
      const overlong = fieldToMatch.uriPath !== undefined || fieldToMatch.queryString !== undefined ? OVERLONG_UTF8_PATTERN : OVERLONG_UTF8_SEPARATOR_PATTERN;
      statements.push({ regexMatchStatement: { regexString: overlong.regex, fieldToMatch, textTransformations: LOWERCASE } });
    }
  }
  return combine('orStatement', statements);
}

/**
 * What an attack rule inspects for a profile field. The body is read twice: as text (form posts,
 * XML, anything) and as JSON, whose parser undoes JSON escapes (\u003c, \") the text view keeps.
 * Both continue past AWS's inspection limit (8 KB regional, 16 KB CloudFront by default) on the
 * first bytes: MATCH would block every large upload, which customers send; the managed Common
 * rule set's SizeRestrictions_BODY is what refuses oversize bodies. Cookies: every name and value.
 */
function attackComponents(field: RequestField, withJsonBody: boolean): CfnWebACL.FieldToMatchProperty[] {
  switch (field.type) {
    case 'body':
      return [
        { body: { oversizeHandling: 'CONTINUE' } },
        ...(withJsonBody
          ? [{ jsonBody: { matchPattern: { all: {} }, matchScope: 'ALL', invalidFallbackBehavior: 'EVALUATE_AS_STRING', oversizeHandling: 'CONTINUE' } }]
          : []),
      ];
    case 'header':
      if (lowerAscii(field.name) === 'cookie') return [{ cookies: { matchPattern: { all: {} }, matchScope: 'ALL', oversizeHandling: 'CONTINUE' } }];
      return [fieldToMatch(field)];
    default:
      return [fieldToMatch(field)];
  }
}

function uniqueComponents(components: CfnWebACL.FieldToMatchProperty[]): CfnWebACL.FieldToMatchProperty[] {
  const seen = new Set<string>();
  return components.filter((component) => {
    const key = JSON.stringify(component);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Regex pattern sets for a rule (10 regexes each, AWS's limit), registered once; their ARNs. */
function patternSetArns(id: string, description: string, regexes: readonly string[], context: RuleContext): string[] {
  const arns: string[] = [];
  for (let start = 0; start < regexes.length; start += MAX_PATTERN_SET_REGEXES) {
    const setId = start === 0 ? id : `${id}-${start / MAX_PATTERN_SET_REGEXES + 1}`;
    const spec: RegexPatternSetSpec = { id: setId, description, regularExpressions: regexes.slice(start, start + MAX_PATTERN_SET_REGEXES) };
    context.regexPatternSets.push(spec);
    arns.push(context.options.regexPatternSetArn(spec));
  }
  return arns;
}

function ipSetStatements(cidrs: readonly string[], rule: PolicyRule, context: RuleContext, negated: boolean): Statement[] {
  const families = [
    { version: 'IPV4' as const, suffix: 'v4', addresses: cidrs.filter((cidr) => !isIpv6Cidr(cidr)) },
    { version: 'IPV6' as const, suffix: 'v6', addresses: cidrs.filter((cidr) => isIpv6Cidr(cidr)) },
  ];
  return families
    .filter((family) => family.addresses.length > 0)
    .map((family) => {
      const spec: IpSetSpec = { id: `${rule.id}-${family.suffix}`, ipAddressVersion: family.version, addresses: family.addresses };
      context.ipSets.push(spec);
      const forwarded = forwardedMatch(rule, negated, context);
      return {
        ipSetReferenceStatement: { arn: context.options.ipSetArn(spec), ...(forwarded ? { ipSetForwardedIpConfig: { ...forwarded, position: 'FIRST' } } : {}) },
      };
    });
}

/**
 * Where an IP or country match reads the client address behind a proxy whose header it can
 * trust (CompileWafOptions.clientIpHeaderMatchable), and what a header without a valid address
 * gives: the verdict that fails closed, so an allow does not match and a block does (a NOT flips it).
 */
function forwardedMatch(rule: PolicyRule, negated: boolean, context: RuleContext): { headerName: string; fallbackBehavior: string } | undefined {
  const header = context.options.clientIpHeader;
  if (header === undefined || context.options.clientIpHeaderMatchable !== true) return undefined;
  const allows = rule.intent === 'allow';
  return { headerName: header, fallbackBehavior: allows !== negated ? 'NO_MATCH' : 'MATCH' };
}

/** Case-insensitive matches lowercase the field once and compare with the lowercased value. */
function byteMatch(field: RequestField, constraint: string, value: string, caseSensitive: boolean): Statement {
  return {
    byteMatchStatement: {
      fieldToMatch: fieldToMatch(field),
      positionalConstraint: constraint,
      searchString: caseSensitive ? value : value.toLowerCase(),
      textTransformations: caseSensitive ? NO_TRANSFORM : LOWERCASE,
    },
  };
}

/**
 * Bad bots as lowercase user-agent regexes in regex pattern sets: 10 regexes of up to 200
 * characters of names per set, each set one 35-WCU statement (25 + 10 for lowercasing), so a list
 * of a hundred agents costs what a handful did.
 */
function badBotStatement(rule: PolicyRule, context: RuleContext): Statement | undefined {
  const { match } = rule;
  const agents = (match.type === 'any' ? match.conditions : [match]).flatMap((c) => (c.type === 'string' ? [lowerAscii(c.value)] : []));
  if (agents.length === 0) return undefined;
  const arns = patternSetArns(rule.id, `Bulwark ${rule.id}: user agents`, userAgentRegexes(agents), context);
  return combine(
    'orStatement',
    arns.map((arn) => ({ regexPatternSetReferenceStatement: { arn, fieldToMatch: fieldToMatch({ type: 'userAgent' }), textTransformations: LOWERCASE } })),
  );
}

/** Bad-bot user agents as few regexes as WAF's 200-character limit per pattern allows, OR'ed. */
export function userAgentRegexes(agents: readonly string[]): string[] {
  const regexes: string[] = [];
  let current: string[] = [];
  const render = (parts: string[]) => `(?:${parts.join('|')})`;
  for (const agent of agents.map(escapeRegex)) {
    if (current.length > 0 && render([...current, agent]).length > MAX_PATTERN_SET_REGEX_LENGTH) {
      regexes.push(render(current));
      current = [];
    }
    current.push(agent);
  }
  if (current.length > 0) regexes.push(render(current));
  return regexes;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function fieldToMatch(field: RequestField): CfnWebACL.FieldToMatchProperty {
  switch (field.type) {
    case 'path':
      return { uriPath: {} };
    case 'query':
      return { queryString: {} };
    case 'body':
      return { body: { oversizeHandling: 'CONTINUE' } };
    case 'method':
      return { method: {} };
    case 'host':
      return { singleHeader: { Name: 'host' } };
    case 'userAgent':
      return { singleHeader: { Name: 'user-agent' } };
    case 'header':
      return { singleHeader: { Name: field.name } };
    case 'cookie':
      return { cookies: { matchPattern: { includedCookies: [field.name] }, matchScope: 'VALUE', oversizeHandling: 'CONTINUE' } };
  }
}

function positional(operator: 'equals' | 'startsWith' | 'endsWith' | 'contains'): string {
  return { equals: 'EXACTLY', startsWith: 'STARTS_WITH', endsWith: 'ENDS_WITH', contains: 'CONTAINS' }[operator];
}

function combine(kind: 'andStatement' | 'orStatement', statements: Statement[]): Statement | undefined {
  if (statements.length === 0) return undefined;
  if (statements.length === 1) return statements[0];
  return { [kind]: { statements } };
}

function isStatement(statement: Statement | undefined): statement is Statement {
  return statement !== undefined;
}
