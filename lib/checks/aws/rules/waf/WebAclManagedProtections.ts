import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic } from '../../../../aws/core/app-index';
import { managedGroupBlocksNothing } from './managed-group-rules';
import { webAclRules } from './web-acl-rules';

/** The managed groups every Web ACL needs: common, known bad inputs and SQL injection. */
export const REQUIRED_MANAGED_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

/**
 * A Web ACL runs the common, known-bad-inputs and SQLi managed groups; a finding names each one
 * missing, and each one present that blocks nothing: its override action only counts, or every
 * rule of it is excluded or overridden to count (some rules counted still protect, so that passes).
 */
export const WebAclManagedProtections: AwsRule = (node, context) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const rules = webAclRules(node, context.index);
  if (rules === 'unresolved') return UNRESOLVED;
  if (rules.some((rule) => isIntrinsic(rule.overrideAction))) return UNRESOLVED;
  const groups = rules.map((rule) => {
    const statement = rule.statement.managedRuleGroupStatement as { name?: unknown; ruleActionOverrides?: unknown; excludedRules?: unknown } | undefined;
    const silenced = managedGroupBlocksNothing(statement?.name, statement?.ruleActionOverrides, statement?.excludedRules);
    return { name: statement?.name, silenced, countsOnly: silenced === true || isCountOverride(rule.overrideAction) };
  });
  if (groups.some((group) => group.silenced === 'unresolved' && REQUIRED_MANAGED_GROUPS.includes(group.name as string))) return UNRESOLVED;
  const findings = REQUIRED_MANAGED_GROUPS.flatMap((group) => {
    const present = groups.filter((candidate) => candidate.name === group);
    if (present.length === 0) return [group];
    return present.every((candidate) => candidate.countsOnly) ? [`count-only:${group}`] : [];
  });
  return findings.length === 0 ? COMPLIANT : findings;
};

function isCountOverride(overrideAction: unknown): boolean {
  return overrideAction !== null && typeof overrideAction === 'object' && 'count' in overrideAction;
}
