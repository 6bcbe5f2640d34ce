import type { AwsRule, AwsRuleResult } from '../../aws-rule';
import { COMPLIANT, compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import type { CfnResource } from 'aws-cdk-lib';
import { isDataObject, isIntrinsic, resolved, type AppIndex } from '../../../../aws/core/app-index';
import { AWS_WAF_CAPABILITIES } from '../../../../policy/edges/aws-waf-capabilities';
import { fitRate } from '../../../../policy/edges/edge-capabilities';
import type { Policy, PolicyRule } from '../../../../policy/model';
import {
  countsNoFiner,
  enforcedRateLimits,
  isKeyedOnClientIp,
  isRateNoLooser,
  rateLimitName,
  rateLimitProbes,
  type Rate,
} from '../../../../policy/rate-limits';
import { statementMatches } from './statement-matches';
import { resolveRules, webAclRules, type ResolvedRule } from './web-acl-rules';

/** AWS WAF's evaluation window when a rate-based statement names none. */
const DEFAULT_WINDOW_SECONDS = 300;

type Verdict = 'meets' | 'fails' | 'unresolved';

/** A rule's action blocks or challenges: block, challenge or CAPTCHA (not count or allow). */
function enforces(rule: ResolvedRule): Verdict {
  if (isIntrinsic(rule.action)) return 'unresolved';
  if (!isDataObject(rule.action)) return 'fails';
  return Object.keys(rule.action).some((action) => ['block', 'challenge', 'captcha'].includes(action)) ? 'meets' : 'fails';
}

/** The keys a rate-based statement counts by, as rate key names; undefined for a key the profile cannot name. */
function countedBy(statement: Record<string, unknown>): string[] | 'unresolved' | undefined {
  const type = statement.aggregateKeyType;
  if (isIntrinsic(type)) return 'unresolved';
  if (type === 'CONSTANT') return [];
  if (type === 'IP' || type === 'FORWARDED_IP') return ['ip'];
  if (type !== 'CUSTOM_KEYS') return undefined;
  if (isIntrinsic(statement.customKeys)) return 'unresolved';
  if (!Array.isArray(statement.customKeys)) return undefined;
  const names = statement.customKeys.map((key: unknown) => {
    if (!isDataObject(key)) return isIntrinsic(key) ? 'unresolved' : '?';
    const [kind, body] = Object.entries(key)[0] ?? [];
    const name = isDataObject(body) ? body.name : undefined;
    if (kind === 'ip' || kind === 'forwardedIP') return 'ip';
    if (isIntrinsic(name)) return 'unresolved';
    if (kind === 'header' && typeof name === 'string') return `header:${name.toLowerCase()}`;
    if (kind === 'cookie' && typeof name === 'string') return `cookie:${name}`;
    if (kind === 'queryArgument' && typeof name === 'string') return `queryArg:${name}`;
    return '?';
  });
  return names.includes('unresolved') ? 'unresolved' : names;
}

/**
 * Whether a Web ACL rule enforces a profile rate limit: it blocks or challenges, counts by no
 * finer key, allows no more than the rate AWS WAF fits the limit to (or the limit itself), and
 * its scope-down statement matches every request the limit applies to.
 */
function enforcesLimit(rule: ResolvedRule, limit: PolicyRule, required: readonly Rate[]): Verdict {
  const statement = rule.statement.rateBasedStatement;
  if (isIntrinsic(statement)) return 'unresolved';
  if (!isDataObject(statement)) return 'fails';
  const verdicts: Verdict[] = [enforces(rule)];
  const { limit: count, evaluationWindowSec: window } = statement;
  if (isIntrinsic(count) || isIntrinsic(window)) verdicts.push('unresolved');
  else if (typeof count !== 'number' || (window !== undefined && typeof window !== 'number')) verdicts.push('fails');
  else {
    const actual = { limit: count, windowSeconds: window ?? DEFAULT_WINDOW_SECONDS };
    verdicts.push(required.some((rate) => isRateNoLooser(actual, rate)) ? 'meets' : 'fails');
  }
  const keys = countedBy(statement);
  verdicts.push(keys === 'unresolved' ? 'unresolved' : keys !== undefined && countsNoFiner(keys, limit.rate?.keys ?? []) ? 'meets' : 'fails');
  const scope = statement.scopeDownStatement;
  if (scope !== undefined) {
    const matches = rateLimitProbes(limit).map((probe) => statementMatches(scope, probe));
    verdicts.push(matches.every((m) => m === true) ? 'meets' : matches.includes(false) || !matches.includes('unresolved') ? 'fails' : 'unresolved');
  }
  return verdicts.includes('fails') ? 'fails' : verdicts.includes('unresolved') ? 'unresolved' : 'meets';
}

/** Rules by priority, as AWS WAF evaluates them; as written when a priority is not a number (CloudFormation refuses that anyway). */
function byPriority(rules: readonly ResolvedRule[]): ResolvedRule[] {
  return rules.every((rule) => typeof rule.priority === 'number') ? [...rules].sort((a, b) => a.priority - b.priority) : [...rules];
}

/**
 * A Web ACL's rules in the order AWS WAF evaluates them, with each rule group of the app in the
 * place of the rule that references it: its rules by priority, each with the action it takes
 * there (count for all when the reference overrides the group to count; a rule action override
 * by name). A reference to a group outside the app, or one known only at deploy time, stays as
 * it is (its rules cannot be read), and `unreadGroups` says so.
 */
function evaluationOrder(node: CfnResource, rules: readonly ResolvedRule[], index: AppIndex): { rules: ResolvedRule[]; unreadGroups: boolean } {
  const ordered: ResolvedRule[] = [];
  let unreadGroups = false;
  for (const rule of byPriority(rules)) {
    const reference = rule.statement.ruleGroupReferenceStatement;
    if (reference === undefined) {
      ordered.push(rule);
      continue;
    }
    const group = isDataObject(reference) ? index.target(node, reference.arn) : undefined;
    const groupRules = group?.cfnResourceType === 'AWS::WAFv2::RuleGroup' ? resolveRules(group) : 'unresolved';
    const overrides = isDataObject(reference) ? reference.ruleActionOverrides : undefined;
    if (groupRules === 'unresolved' || isIntrinsic(rule.overrideAction) || isIntrinsic(overrides)) {
      unreadGroups = true;
      ordered.push(rule);
      continue;
    }
    const countsAll = isDataObject(rule.overrideAction) && 'count' in rule.overrideAction;
    const overrideFor = (name: unknown) =>
      (Array.isArray(overrides) ? overrides : []).find((override: unknown) => isDataObject(override) && override.name === name) as
        { actionToUse?: unknown } | undefined;
    for (const inner of byPriority(groupRules))
      ordered.push({ ...inner, action: countsAll ? { count: {} } : ((overrideFor(inner.name)?.actionToUse as ResolvedRule['action']) ?? inner.action) });
  }
  return { rules: ordered, unreadGroups };
}

/**
 * A Web ACL carries, for each rate limit of the profile that AWS enforces, a rate-based rule
 * that blocks or challenges with a limit no looser than the profile's (as AWS WAF fits it to its
 * windows, the same fit the constructs compile), counting by no finer key, over at least the
 * limit's paths and methods, and evaluated before any rule that allows the limit's requests (an
 * Allow ends evaluation: a rate rule after it never counts them). Rules are read in AWS WAF's
 * order, with the rate rules of the app's rule groups where the Web ACL references them (and
 * their action as the reference overrides it). Each limit no rule enforces is its own finding, by name. Without
 * such limits in the profile, any blocking rate-based rule passes. A REGIONAL ACL behind
 * CloudFront (network.origin.behind) is not asked for limits keyed on the client's address: it
 * sees CloudFront's address, and they hold on the CLOUDFRONT-scope ACL, which is asked for them.
 */
export const WebAclRateBasedRule: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const rules = webAclRules(node, index);
  if (rules === 'unresolved') return UNRESOLVED;
  const scope = policy.network.origin.behind === 'cloudfront' ? resolved<unknown>(node, 'scope') : undefined;
  if (isIntrinsic(scope)) return UNRESOLVED;
  const ordered = evaluationOrder(node, rules, index);
  const verdict = rateLimitFindings(ordered.rules, policy, scope === 'REGIONAL');
  // A rule group the rule cannot read may hold the rate rule that is missing: can't tell is not a finding.
  return ordered.unreadGroups && verdict !== COMPLIANT ? UNRESOLVED : verdict;
};

/** Whether a rule allows a limit's requests before later rules see them: true when its statement matches one of them, 'unresolved' when that is known only at deploy time. */
function allowsFirst(rule: ResolvedRule, probes: readonly ReturnType<typeof rateLimitProbes>[number][]): boolean | 'unresolved' {
  if (isIntrinsic(rule.action)) return 'unresolved';
  if (!isDataObject(rule.action) || !('allow' in rule.action)) return false;
  const matches = probes.map((probe) => statementMatches(rule.statement, probe));
  // An allow on what a probe does not carry (an IP set, a label) is an allowlist, not the limit's requests.
  return matches.includes(true) ? true : matches.includes('unresolved') ? 'unresolved' : false;
}

/** A limit's verdict over rules in evaluation order: met by a rate rule no earlier Allow pre-empts. */
function limitVerdict(rules: readonly ResolvedRule[], limit: PolicyRule, required: readonly Rate[]): Verdict {
  const probes = rateLimitProbes(limit);
  let unresolved = false;
  for (const rule of rules) {
    if (rule.statement.rateBasedStatement !== undefined) {
      const verdict = enforcesLimit(rule, limit, required);
      if (verdict === 'meets') return unresolved ? 'unresolved' : 'meets';
      if (verdict === 'unresolved') unresolved = true;
      continue;
    }
    const allows = allowsFirst(rule, probes);
    if (allows === true) return unresolved ? 'unresolved' : 'fails';
    if (allows === 'unresolved') unresolved = true;
  }
  return unresolved ? 'unresolved' : 'fails';
}

/**
 * WebAclRateBasedRule's verdict on a list of rules in evaluation order (a Web ACL's, or those of
 * the rule groups a Firewall Manager policy runs): each of the profile's rate limits AWS enforces
 * needs a rule that enforces it, before any rule that allows its requests. `behindCloudFront`: a REGIONAL ACL behind CloudFront, asked for no limit
 * keyed on the client's address.
 */
export function rateLimitFindings(rules: readonly ResolvedRule[], policy: Policy, behindCloudFront: boolean): AwsRuleResult {
  const rateRules = rules.filter((rule) => rule.statement.rateBasedStatement !== undefined);
  const enforced = enforcedRateLimits(policy.rules, 'aws');
  const held = behindCloudFront ? enforced.filter((limit) => !isKeyedOnClientIp(limit)) : enforced;
  // Every limit of the profile is keyed on the address and held upstream: nothing is asked of this ACL.
  if (held.length === 0 && enforced.length > 0) return COMPLIANT;
  const limits = held.flatMap((limit) => {
    const rate = limit.rate!;
    const fitted = fitRate(rate.limit, rate.windowSeconds, AWS_WAF_CAPABILITIES.rates);
    // A limit AWS WAF cannot enforce is refused when it is compiled; the doctor reports it.
    return fitted === undefined ? [] : [{ limit, required: [fitted, rate] }];
  });
  if (limits.length === 0) return compliantIf(rateRules.some((rule) => enforces(rule) === 'meets'));
  const findings = limits.flatMap(({ limit, required }): string[] => {
    const verdict = limitVerdict(rules, limit, required);
    if (verdict === 'meets') return [];
    return [verdict === 'unresolved' ? 'unresolved' : rateLimitName(limit)];
  });
  return findings.length === 0 ? COMPLIANT : ([...new Set(findings)] satisfies AwsRuleResult);
}
