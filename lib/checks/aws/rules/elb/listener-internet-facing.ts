import type { CfnResource } from 'aws-cdk-lib';
import { isIntrinsic, referencedResources, resolved } from '../../../../aws/core/app-index';

/**
 * Whether a listener's load balancer may answer the internet: true for an internet-facing one
 * (the default scheme), false for an internal one, undefined when the template does not say
 * (a load balancer defined elsewhere, or a scheme known only at deploy time).
 */
export function listenerInternetFacing(node: CfnResource): boolean | undefined {
  const [loadBalancer] = referencedResources(node, 'loadBalancerArn').filter((r) => r.cfnResourceType === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  if (loadBalancer === undefined) return undefined;
  const scheme = resolved(loadBalancer, 'scheme');
  if (isIntrinsic(scheme)) return undefined;
  return scheme !== 'internal';
}
