import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

const ATTACHABLE = new Set(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGateway::Stage', 'AWS::AppSync::GraphQLApi']);

/** Every ALB, REST API stage and AppSync API is associated with a Web ACL, and every CloudFront distribution names one. */
export const WebAclAttached: AwsRule = (node, { index }) => {
  if (node.cfnResourceType === 'AWS::CloudFront::Distribution') {
    const config = resolved<{ webAclId?: unknown; WebACLId?: unknown }>(node, 'distributionConfig');
    const webAclId = config?.webAclId ?? config?.WebACLId;
    return compliantIf(webAclId !== undefined && webAclId !== '');
  }
  if (!ATTACHABLE.has(node.cfnResourceType)) return NOT_APPLICABLE;
  if (node.cfnResourceType === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
    const type = resolved(node, 'type');
    if (isIntrinsic(type)) return UNRESOLVED;
    if (type !== undefined && type !== 'application') return NOT_APPLICABLE;
  }
  return compliantIf(index.protectedByWebAcl.has(node));
};
