import { isUnknown, type MatchResult } from './match-result';
import { compileRateBasedStatement } from './rate-based-statement';
import type { RequestContext } from './request-context';
import { compileStatement, statementParts, type CompiledStatement, type StatementOptions } from './statements';
import { resolveResource, type CfnTemplate } from './template-resources';
import { quoteValue, WebAclSimulationError } from './web-acl-simulation-error';

/*
 * A list of rules (a Web ACL's or a rule group's) evaluated in Priority order, per
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-action.html: Allow and Block
 * end the evaluation, Count goes on; Captcha and Challenge end it for a request without a
 * valid token. A rule's RuleLabels are added whenever it matches (count rules included) and
 * later rules' LabelMatch statements see them.
 */

export type RuleActionName = 'allow' | 'block' | 'count' | 'captcha' | 'challenge';

export interface RuleAction {
  readonly action: RuleActionName;
  /** Block's CustomResponse code. */
  readonly responseCode?: number;
}

/** The rule that ended the evaluation. */
export interface Terminal extends RuleAction {
  readonly action: 'allow' | 'block' | 'captcha' | 'challenge';
  readonly rule: string;
}

/** What one request's evaluation saw on its way. */
export interface RuleTrace {
  /** Rules that surely matched, in order. */
  readonly matched: string[];
  /** The first rule that may have acted but cannot be judged offline. */
  firstUnknown?: { readonly rule: string; readonly reason: string };
}

export interface CompiledRules {
  /**
   * Evaluates the rules in order. `countOnly`: every action is Count (a rule group under a
   * Count override). Returns the terminating rule, or undefined when none terminated; a rule
   * that may act but cannot be judged is recorded in `trace` and evaluation goes on as if it did not act.
   */
  run(context: RequestContext, trace: RuleTrace, countOnly: boolean): Terminal | undefined;
}

export interface RulesOptions {
  readonly template: CfnTemplate;
  readonly bodyLimit: number;
  /** Prefix of the labels these rules add, e.g. `awswaf:<account>:webacl:<name>:`. */
  readonly labelPrefix: string;
  /** For rule groups referenced by these rules. */
  readonly account: string;
  /** Prefixed to rule names in verdicts (a rule group's rules: `<Web ACL rule>/`). */
  readonly namePrefix: string;
  /** Rule groups may not reference rule groups. */
  readonly inRuleGroup: boolean;
  /** Per rule name: the action to use instead (ExcludedRules as Count, RuleActionOverrides). */
  readonly overrides?: ReadonlyMap<string, RuleAction>;
}

/** A request carrying this cookie may hold a solved CAPTCHA or challenge, which cannot be verified offline. */
const TOKEN_COOKIE = 'aws-waf-token';

interface CompiledRule {
  readonly name: string;
  run(context: RequestContext, trace: RuleTrace, countOnly: boolean): Terminal | undefined;
}

/**
 * Compiles a CloudFormation `Rules` list.
 *
 * @throws WebAclSimulationError for a rule without name, priority, statement or action, or a repeated priority or name
 */
export function compileRules(spec: unknown, options: RulesOptions): CompiledRules {
  if (spec === undefined) return { run: () => undefined };
  if (!Array.isArray(spec)) throw new WebAclSimulationError(null, 'Rules', `expected a list of rules, received ${quoteValue(spec)}`);
  const entries = spec.map((rule: unknown, index) => {
    const record = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<string, unknown>;
    const name = record.Name;
    if (typeof name !== 'string' || name === '')
      throw new WebAclSimulationError(null, `Rules[${index}].Name`, `expected a rule name, received ${quoteValue(name)}`);
    const priority = record.Priority;
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0) {
      throw new WebAclSimulationError(name, 'Priority', `expected an integer of at least 0, received ${quoteValue(priority)}`);
    }
    return { name, priority, record };
  });
  const seen = new Set<number>();
  const names = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.priority))
      throw new WebAclSimulationError(entry.name, 'Priority', `${entry.priority} is another rule's priority too; priorities must be unique`);
    if (names.has(entry.name)) throw new WebAclSimulationError(entry.name, 'Name', 'another rule has the same name; names must be unique');
    seen.add(entry.priority);
    names.add(entry.name);
  }
  const rules = entries.sort((a, b) => a.priority - b.priority).map((entry) => compileRule(entry.name, entry.record, options));
  return {
    run: (context, trace, countOnly) => {
      for (const rule of rules) {
        const terminal = rule.run(context, trace, countOnly);
        if (terminal !== undefined) return terminal;
      }
      return undefined;
    },
  };
}

function compileRule(name: string, record: Record<string, unknown>, options: RulesOptions): CompiledRule {
  if (record.Statement === undefined) throw new WebAclSimulationError(name, 'Statement', 'missing: every rule needs a statement');
  const { type, body } = statementParts(record.Statement, { rule: name }, 'Statement');
  const statementOptions: StatementOptions = { rule: name, template: options.template, bodyLimit: options.bodyLimit, labelPrefix: options.labelPrefix };
  const where = `Statement.${type}`;
  const shownName = `${options.namePrefix}${name}`;
  const labels = ruleLabels(record.RuleLabels, name, options.labelPrefix);
  if (type === 'ManagedRuleGroupStatement' || type === 'RuleGroupReferenceStatement') {
    if (options.inRuleGroup) throw new WebAclSimulationError(name, where, 'a rule group cannot contain rule group statements');
    const overrideCount = overrideActionOf(record, name);
    return type === 'ManagedRuleGroupStatement'
      ? managedGroupRule(shownName, body, statementOptions, where, overrideCount)
      : ruleGroupRule(name, shownName, body, options, statementOptions, where, overrideCount);
  }
  if (record.OverrideAction !== undefined) {
    throw new WebAclSimulationError(name, 'OverrideAction', 'only rule group statements take an OverrideAction; use Action');
  }
  const statement: CompiledStatement =
    type === 'RateBasedStatement' ? compileRateBasedStatement(body, statementOptions, where) : compileStatement(record.Statement, statementOptions);
  const action = options.overrides?.get(name) ?? actionOf(record.Action, name, 'Action');
  return {
    name: shownName,
    run: (context, trace, countOnly) => actOn(statement(context), shownName, countOnly ? COUNT : action, labels, context, trace),
  };
}

const COUNT: RuleAction = { action: 'count' };

/** What a rule does with its statement's result. */
function actOn(
  result: MatchResult,
  name: string,
  action: RuleAction,
  labels: readonly string[],
  context: RequestContext,
  trace: RuleTrace,
): Terminal | undefined {
  if (result === 'no-match') return undefined;
  if (isUnknown(result)) {
    for (const label of labels) context.addLabel(label, 'maybe');
    if (action.action !== 'count') trace.firstUnknown ??= { rule: name, reason: result.unknown };
    return undefined;
  }
  trace.matched.push(name);
  for (const label of labels) context.addLabel(label, 'certain');
  switch (action.action) {
    case 'count':
      return undefined;
    case 'captcha':
    case 'challenge':
      // Offline, a request without a token is taken not to have solved the puzzle; a token cannot be verified.
      if (hasToken(context)) {
        trace.firstUnknown ??= { rule: name, reason: `${action.action}: the request carries an ${TOKEN_COOKIE} cookie, which cannot be verified offline` };
        return undefined;
      }
      return { action: action.action, rule: name };
    default:
      return { ...action, action: action.action, rule: name };
  }
}

function hasToken(context: RequestContext): boolean {
  return context.header('cookie').some((header) => header.split(';').some((part) => part.trim().startsWith(`${TOKEN_COOKIE}=`)));
}

/** A managed rule group: its rules are private, so a request reaching it may be acted on (unknown). */
function managedGroupRule(name: string, body: Record<string, unknown>, options: StatementOptions, where: string, overrideCount: boolean): CompiledRule {
  const group = `${String(body.VendorName)}/${String(body.Name)}`;
  const scopeDown = body.ScopeDownStatement === undefined ? undefined : compileStatement(body.ScopeDownStatement, options, `${where}.ScopeDownStatement`, 1);
  const reason = `ManagedRuleGroupStatement ${group}: the group's rules are private to its vendor`;
  return {
    name,
    run: (context, trace, countOnly) => {
      const scope = scopeDown === undefined ? 'match' : scopeDown(context);
      if (scope === 'no-match') return undefined;
      context.managedGroupsReached.push(group);
      if (!overrideCount && !countOnly)
        trace.firstUnknown ??= { rule: name, reason: isUnknown(scope) ? `${reason}; its scope-down: ${scope.unknown}` : reason };
      return undefined;
    },
  };
}

/** A rule group of the same template, evaluated inline with its exclusions and overrides. */
function ruleGroupRule(
  name: string,
  shownName: string,
  body: Record<string, unknown>,
  options: RulesOptions,
  statementOptions: StatementOptions,
  where: string,
  overrideCount: boolean,
): CompiledRule {
  const resolved = resolveResource(options.template, body.Arn, 'AWS::WAFv2::RuleGroup');
  if ('unresolved' in resolved) {
    const reason = `RuleGroupReferenceStatement: ${resolved.unresolved}`;
    return {
      name: shownName,
      run: (_context, trace, countOnly) => {
        if (!overrideCount && !countOnly) trace.firstUnknown ??= { rule: shownName, reason };
        return undefined;
      },
    };
  }
  const overrides = new Map<string, RuleAction>();
  const excluded = body.ExcludedRules ?? [];
  if (!Array.isArray(excluded)) throw new WebAclSimulationError(name, `${where}.ExcludedRules`, `expected a list of {Name}, received ${quoteValue(excluded)}`);
  for (const entry of excluded as { Name?: unknown }[]) if (typeof entry?.Name === 'string') overrides.set(entry.Name, COUNT);
  const actionOverrides = body.RuleActionOverrides ?? [];
  if (!Array.isArray(actionOverrides)) {
    throw new WebAclSimulationError(name, `${where}.RuleActionOverrides`, `expected a list of {Name, ActionToUse}, received ${quoteValue(actionOverrides)}`);
  }
  actionOverrides.forEach((entry: { Name?: unknown; ActionToUse?: unknown }, index) => {
    if (typeof entry?.Name !== 'string')
      throw new WebAclSimulationError(name, `${where}.RuleActionOverrides[${index}].Name`, `expected a rule name, received ${quoteValue(entry?.Name)}`);
    overrides.set(entry.Name, actionOf(entry.ActionToUse, name, `${where}.RuleActionOverrides[${index}].ActionToUse`));
  });
  const groupName = typeof resolved.properties.Name === 'string' ? resolved.properties.Name : resolved.logicalId;
  const rules = compileRules(resolved.properties.Rules, {
    template: options.template,
    bodyLimit: statementOptions.bodyLimit,
    labelPrefix: `awswaf:${options.account}:rulegroup:${groupName}:`,
    account: options.account,
    namePrefix: `${shownName}/`,
    inRuleGroup: true,
    overrides,
  });
  return { name: shownName, run: (context, trace, countOnly) => rules.run(context, trace, countOnly || overrideCount) };
}

/** OverrideAction None (the group's actions apply) or Count (they are counted only). */
function overrideActionOf(record: Record<string, unknown>, name: string): boolean {
  const override = record.OverrideAction;
  const keys = typeof override === 'object' && override !== null ? Object.keys(override) : [];
  if (keys.length !== 1 || (keys[0] !== 'None' && keys[0] !== 'Count')) {
    throw new WebAclSimulationError(name, 'OverrideAction', `expected {None: {}} or {Count: {}} for a rule group statement, received ${quoteValue(override)}`);
  }
  return keys[0] === 'Count';
}

const ACTIONS: Readonly<Record<string, RuleActionName>> = { Allow: 'allow', Block: 'block', Count: 'count', Captcha: 'captcha', Challenge: 'challenge' };

/** Action: exactly one of Allow, Block (with an optional CustomResponse), Count, Captcha, Challenge. */
export function actionOf(spec: unknown, rule: string | null, field: string): RuleAction {
  const keys = typeof spec === 'object' && spec !== null ? Object.keys(spec) : [];
  const action = keys.length === 1 ? ACTIONS[keys[0]] : undefined;
  if (action === undefined) {
    throw new WebAclSimulationError(rule, field, `expected one of ${Object.keys(ACTIONS).join(', ')}, received ${quoteValue(spec)}`);
  }
  if (action !== 'block') return { action };
  const code = (spec as { Block?: { CustomResponse?: { ResponseCode?: unknown } } }).Block?.CustomResponse?.ResponseCode;
  if (code === undefined) return { action };
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 200 || code > 599) {
    throw new WebAclSimulationError(rule, `${field}.Block.CustomResponse.ResponseCode`, `expected an HTTP status code, received ${quoteValue(code)}`);
  }
  return { action, responseCode: code };
}

/** RuleLabels `[{Name}]` as fully qualified labels. */
function ruleLabels(spec: unknown, rule: string, prefix: string): string[] {
  if (spec === undefined) return [];
  if (!Array.isArray(spec)) throw new WebAclSimulationError(rule, 'RuleLabels', `expected a list of {Name}, received ${quoteValue(spec)}`);
  return spec.map((entry: { Name?: unknown }, index) => {
    if (typeof entry?.Name !== 'string' || entry.Name === '') {
      throw new WebAclSimulationError(rule, `RuleLabels[${index}].Name`, `expected a label such as ns1:name, received ${quoteValue(entry?.Name)}`);
    }
    return `${prefix}${entry.Name}`;
  });
}
