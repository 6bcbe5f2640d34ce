import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { webAclRules } from './web-acl-rules';

/** Every rule of a Web ACL publishes CloudWatch metrics; a finding names each rule that does not. */
export const WebAclRuleMetrics: AwsRule = (node, context) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const rules = webAclRules(node, context.index);
  if (rules === 'unresolved') return UNRESOLVED;
  const silent = rules
    .filter((rule) => (rule.visibilityConfig as CfnWebACL.VisibilityConfigProperty | undefined)?.cloudWatchMetricsEnabled !== true)
    .map((rule) => rule.name);
  return silent.length === 0 ? COMPLIANT : silent;
};
