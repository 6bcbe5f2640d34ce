import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { AttackClass, Condition, Policy, PolicyRule, RateKey, RequestField, RuleIntent } from '../../policy/model';
import { isIpv6Cidr } from '../../profile/cidr';
import { compareStrings } from '../../core/compare-strings';
import { statementCapacity } from './capacity';
import { AWS_MANAGED_RULE_GROUPS } from './managed-rule-groups';
import { AWS_WAF_CAPABILITIES } from '../../policy/edges/aws-waf-capabilities';
import { fitRate } from '../../policy/edges/edge-capabilities';

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

/** Something the compiler wants the user to know: an adjusted rate, a skipped duplicate, an impossible rule. */
export interface WafFinding {
  readonly severity: 'info' | 'warning' | 'error';
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
  /**
   * Per managed group: a pinned version and rule action overrides (rule name → action).
   * @default - AWS's default version, no overrides
   */
  readonly managedRuleGroups?: ManagedRuleGroupOptionsMap;
}

export type WafRuleAction = 'allow' | 'block' | 'count' | 'challenge' | 'captcha';

export interface ManagedRuleGroupOptions {
  /** Pin the group to a version, e.g. `Version_1.20`. @default - AWS's default version */
  readonly version?: string;
  /**
   * Override the action of named rules in the group, e.g. `{ SizeRestrictions_BODY: 'count' }`.
   * @default - every rule keeps its own action
   */
  readonly ruleActionOverrides?: Readonly<Record<string, WafRuleAction>>;
}

export type ManagedRuleGroupOptionsMap = Readonly<Partial<Record<keyof typeof AWS_MANAGED_RULE_GROUPS, ManagedRuleGroupOptions>>>;

export interface CompiledWafRules {
  readonly rules: readonly CompiledWafRule[];
  readonly ipSets: readonly IpSetSpec[];
  readonly findings: readonly WafFinding[];
}

const COVERED_CLASS: Partial<Record<PolicyRule['kind'], string>> = {
  'sql-injection': 'SQL injection',
  'cross-site-scripting': 'cross-site scripting',
  'path-traversal': 'path traversal',
  'bad-bots': 'bad bots',
};

const DECODE = [
  { priority: 0, type: 'URL_DECODE' },
  { priority: 1, type: 'HTML_ENTITY_DECODE' },
];
const DOUBLE_URL_DECODE = [
  { priority: 0, type: 'URL_DECODE' },
  { priority: 1, type: 'URL_DECODE_UNI' },
];
const LOWERCASE = [{ priority: 0, type: 'LOWERCASE' }];
const NO_TRANSFORM = [{ priority: 0, type: 'NONE' }];
/** WAF rejects longer regular expressions. */
const MAX_REGEX_LENGTH = 200;
/** `..` as a path segment: after the start, a slash, a backslash, `=`, `&` or `?`, and before a slash, a backslash or the end. */
const TRAVERSAL_REGEX = '(^|[/\\\\=&?])\\.\\.([/\\\\]|$)';

/**
 * Compiles the AWS rules of a policy into Web ACL rules, in policy order with unique,
 * deterministic priorities. Pure apart from `ipSetArn`.
 */
export function compileWafRules(policy: Policy, options: CompileWafOptions): CompiledWafRules {
  const findings: WafFinding[] = [];
  const ipSets: IpSetSpec[] = [];
  const rules: CompiledWafRule[] = [];
  const managedSets = new Set(policy.rules.filter((r) => r.kind === 'managed' && r.edges.includes('aws')).map((r) => r.managedRuleSet));

  for (const rule of policy.rules) {
    if (!rule.edges.includes('aws')) continue;
    const coveredBy = rule.coveredBy.filter((set) => managedSets.has(set));
    if (coveredBy.length > 0 && !policy.waf.customRulesWhenManaged) {
      const groups = coveredBy.map((set) => AWS_MANAGED_RULE_GROUPS[set].name).join(', ');
      findings.push({
        severity: 'info',
        ruleId: rule.id,
        source: rule.source,
        message: `custom rule skipped: ${groups} already covers ${COVERED_CLASS[rule.kind] ?? rule.kind} (set waf.customRulesWhenManaged: true to pay for both)`,
      });
      continue;
    }
    const context: RuleContext = { policy, options, findings, ipSets };
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
  return { rules, ipSets, findings };
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
}

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
  if (rule.rate) return compileRateRule(rule, context);
  const statement = rule.kind === 'bad-bots' ? badBotStatement(rule.match) : conditionStatement(rule.match, rule, context);
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
      severity: 'error',
      ruleId: rule.id,
      source: rule.source,
      message: `${rate.limit} requests per ${rate.windowSeconds} s is stricter than AWS WAF can enforce (at least ${rates.minLimit} requests per window of at most ${Math.max(...rates.windows)} s); raise the limit to ${rates.minLimit} per ${Math.max(...rates.windows)} s or more, or limit this rule to other edges with "edges"`,
    });
    return undefined;
  }
  if (waf.adjusted) {
    context.findings.push({
      severity: 'info',
      ruleId: rule.id,
      source: rule.source,
      message: `${rate.limit} per ${rate.windowSeconds} s becomes ${waf.limit} per ${waf.windowSeconds} s on AWS WAF, which allows windows of ${rates.windows.join(', ')} s and at least ${rates.minLimit} requests`,
    });
  }
  const onlyIp = rate.keys.length === 1 && rate.keys[0].type === 'ip';
  const scopeDown = conditionStatement(rule.match, rule, context);
  return {
    statement: {
      rateBasedStatement: {
        limit: waf.limit,
        evaluationWindowSec: waf.windowSeconds,
        aggregateKeyType: onlyIp ? 'IP' : 'CUSTOM_KEYS',
        ...(onlyIp ? {} : { customKeys: rate.keys.map(rateKey) }),
        ...(scopeDown ? { scopeDownStatement: scopeDown } : {}),
      },
    },
    action: ruleAction(rule.intent, RESPONSE_BODY_RATE_LIMITED, 429),
  };
}

function rateKey(key: RateKey): CfnWebACL.RateBasedStatementCustomKeyProperty {
  switch (key.type) {
    case 'ip':
      return { ip: {} };
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
function conditionStatement(condition: Condition, rule: PolicyRule, context: RuleContext): Statement | undefined {
  switch (condition.type) {
    case 'always':
      return undefined;
    case 'all':
      return combine('andStatement', condition.conditions.map((c) => conditionStatement(c, rule, context)).filter(isStatement));
    case 'any':
      return combine('orStatement', condition.conditions.map((c) => conditionStatement(c, rule, context)).filter(isStatement));
    case 'not': {
      const inner = conditionStatement(condition.condition, rule, context);
      return inner ? { notStatement: { statement: inner } } : undefined;
    }
    case 'string':
      return byteMatch(condition.field, positional(condition.operator), condition.value, condition.caseSensitive);
    case 'in':
      return combine(
        'orStatement',
        condition.values.map((value) => byteMatch(condition.field, 'EXACTLY', value, true)),
      );
    case 'country':
      return { geoMatchStatement: { countryCodes: [...condition.codes] } };
    case 'sourceIp':
      return combine('orStatement', ipSetStatements(condition.cidrs, rule, context));
    case 'attack':
      return attackStatement(condition.attack, condition.fields, context);
  }
}

function attackStatement(attack: AttackClass, fields: readonly RequestField[], context: RuleContext): Statement | undefined {
  switch (attack) {
    case 'sqlInjection':
      return combine(
        'orStatement',
        fields.map((field) => ({
          sqliMatchStatement: {
            fieldToMatch: fieldToMatch(field),
            textTransformations: DECODE,
            sensitivityLevel: context.policy.waf.sqlInjectionSensitivity === 'high' ? 'HIGH' : 'LOW',
          },
        })),
      );
    case 'crossSiteScripting':
      return combine(
        'orStatement',
        fields.map((field) => ({ xssMatchStatement: { fieldToMatch: fieldToMatch(field), textTransformations: DECODE } })),
      );
    case 'pathTraversal':
      return combine(
        'orStatement',
        fields.map((field) => ({
          regexMatchStatement: { regexString: TRAVERSAL_REGEX, fieldToMatch: fieldToMatch(field), textTransformations: DOUBLE_URL_DECODE },
        })),
      );
  }
}

function ipSetStatements(cidrs: readonly string[], rule: PolicyRule, context: RuleContext): Statement[] {
  const families = [
    { version: 'IPV4' as const, suffix: 'v4', addresses: cidrs.filter((cidr) => !isIpv6Cidr(cidr)) },
    { version: 'IPV6' as const, suffix: 'v6', addresses: cidrs.filter((cidr) => isIpv6Cidr(cidr)) },
  ];
  return families
    .filter((family) => family.addresses.length > 0)
    .map((family) => {
      const spec: IpSetSpec = { id: `${rule.id}-${family.suffix}`, ipAddressVersion: family.version, addresses: family.addresses };
      context.ipSets.push(spec);
      return { ipSetReferenceStatement: { arn: context.options.ipSetArn(spec) } };
    });
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
 * Bad bots as lowercase user-agent regexes: one regex (3 WCU + 10 for lowercasing) per 200
 * characters of names instead of a 20-WCU string match per name.
 */
function badBotStatement(match: Condition): Statement | undefined {
  const agents = (match.type === 'any' ? match.conditions : [match]).flatMap((c) => (c.type === 'string' ? [c.value.toLowerCase()] : []));
  return combine(
    'orStatement',
    userAgentRegexes(agents).map((regexString) => ({
      regexMatchStatement: { regexString, fieldToMatch: fieldToMatch({ type: 'userAgent' }), textTransformations: LOWERCASE },
    })),
  );
}

/** Bad-bot user agents as few regexes as WAF's 200-character limit allows, OR'ed. */
export function userAgentRegexes(agents: readonly string[]): string[] {
  const regexes: string[] = [];
  let current: string[] = [];
  const render = (parts: string[]) => `(${parts.join('|')})`;
  for (const agent of agents.map(escapeRegex)) {
    if (current.length > 0 && render([...current, agent]).length > MAX_REGEX_LENGTH) {
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
