import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

const ATTACHABLE = new Set(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGateway::Stage', 'AWS::AppSync::GraphQLApi']);

/** Every internet-facing ALB, REST API stage and AppSync API is associated with a Web ACL, and every CloudFront distribution names one. */
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
    // An internal ALB answers only inside the VPC: the internet edge in front of it (a CloudFront
    // distribution with VPC origins, an internet-facing ALB) is where the Web ACL belongs.
    const scheme = resolved(node, 'scheme');
    if (isIntrinsic(scheme)) return UNRESOLVED;
    if (scheme === 'internal') return NOT_APPLICABLE;
  }
  return compliantIf(index.protectedByWebAcl.has(node));
};
