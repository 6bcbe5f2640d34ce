import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

const ATTACHABLE = new Set(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGateway::Stage', 'AWS::AppSync::GraphQLApi']);

/** The finding on an internet-facing Classic Load Balancer, which no Web ACL can be associated with. */
export const CLASSIC_LOAD_BALANCER = 'classic-load-balancer';

/**
 * Every internet-facing ALB, REST API stage and AppSync API is associated with a Web ACL, and
 * every CloudFront distribution names one. An internet-facing Classic Load Balancer is a finding of
 * its own: it cannot have a Web ACL, so it must be replaced by an ALB or put behind an edge that has one.
 */
export const WebAclAttached: AwsRule = (node, { index }) => {
  if (node.cfnResourceType === 'AWS::CloudFront::Distribution') {
    const config = resolved<{ webAclId?: unknown; WebACLId?: unknown }>(node, 'distributionConfig');
    const webAclId = config?.webAclId ?? config?.WebACLId;
    return compliantIf(webAclId !== undefined && webAclId !== '');
  }
  if (node.cfnResourceType === 'AWS::ElasticLoadBalancing::LoadBalancer') {
    // AWS WAF cannot protect a Classic Load Balancer: facing the internet, it is an unprotected entry point.
    const scheme = resolved(node, 'scheme');
    if (isIntrinsic(scheme)) return UNRESOLVED;
    return scheme === 'internal' ? NOT_APPLICABLE : [CLASSIC_LOAD_BALANCER];
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
