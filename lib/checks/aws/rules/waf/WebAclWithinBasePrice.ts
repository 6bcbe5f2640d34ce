import { WCU_BASE_PRICE_LIMIT } from '../../../../aws/waf/capacity';
import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { webAclCapacity } from './web-acl-capacity';

/** A Web ACL needs at most the 1,500 WCU its base price covers. */
export const WebAclWithinBasePrice: AwsRule = (node, context) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const capacity = webAclCapacity(node, context.index);
  return capacity === 'unresolved' ? UNRESOLVED : compliantIf(capacity <= WCU_BASE_PRICE_LIMIT);
};
