import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { webAclRules } from './web-acl-rules';

/** The managed groups every Web ACL needs: common, known bad inputs and SQL injection. */
export const REQUIRED_MANAGED_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

/** A Web ACL runs the common, known-bad-inputs and SQLi managed groups; a finding names each one missing. */
export const WebAclManagedProtections: AwsRule = (node, context) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const rules = webAclRules(node, context.index);
  if (rules === 'unresolved') return UNRESOLVED;
  const present = new Set(rules.map((rule) => (rule.statement.managedRuleGroupStatement as { name?: string } | undefined)?.name));
  const missing = REQUIRED_MANAGED_GROUPS.filter((group) => !present.has(group));
  return missing.length === 0 ? COMPLIANT : missing;
};
