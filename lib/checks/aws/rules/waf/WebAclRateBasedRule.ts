import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { webAclRules } from './web-acl-rules';

/** A Web ACL has at least one rate-based rule that blocks or challenges. */
export const WebAclRateBasedRule: AwsRule = (node, context) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const rules = webAclRules(node, context.index);
  if (rules === 'unresolved') return UNRESOLVED;
  return compliantIf(
    rules.some((rule) => rule.statement.rateBasedStatement !== undefined && rule.action !== undefined && !('count' in (rule.action as object))),
  );
};
