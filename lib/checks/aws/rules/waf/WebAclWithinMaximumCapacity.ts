import { WCU_MAXIMUM } from '../../../../aws/waf/capacity';
import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { webAclCapacity } from './web-acl-capacity';

/** A Web ACL needs at most the 5,000 WCU AWS allows. */
export const WebAclWithinMaximumCapacity: AwsRule = (node, context) => {
  if (node.cfnResourceType !== 'AWS::WAFv2::WebACL') return NOT_APPLICABLE;
  const capacity = webAclCapacity(node, context.index);
  return capacity === 'unresolved' ? UNRESOLVED : compliantIf(capacity <= WCU_MAXIMUM);
};
