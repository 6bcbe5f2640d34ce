import type { AwsRule, AwsRuleResult } from '../../aws-rule';
import { COMPLIANT, compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';
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
import { webAclRules, type ResolvedRule } from './web-acl-rules';

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

/**
 * A Web ACL carries, for each rate limit of the profile that AWS enforces, a rate-based rule
 * that blocks or challenges with a limit no looser than the profile's (as AWS WAF fits it to its
 * windows, the same fit the constructs compile), counting by no finer key, over at least the
 * limit's paths and methods. Each limit no rule enforces is its own finding, by name. Without
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
  return rateLimitFindings(rules, policy, scope === 'REGIONAL');
};

/**
 * WebAclRateBasedRule's verdict on a list of rules (a Web ACL's, or those of the rule groups a
 * Firewall Manager policy runs): each of the profile's rate limits AWS enforces needs a rule
 * that enforces it. `behindCloudFront`: a REGIONAL ACL behind CloudFront, asked for no limit
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
    const verdicts = rateRules.map((rule) => enforcesLimit(rule, limit, required));
    if (verdicts.includes('meets')) return [];
    return [verdicts.includes('unresolved') ? 'unresolved' : rateLimitName(limit)];
  });
  return findings.length === 0 ? COMPLIANT : ([...new Set(findings)] satisfies AwsRuleResult);
}
