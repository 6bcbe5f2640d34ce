import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isApplicationLoadBalancer, loadBalancerAttribute } from './load-balancer-attributes';

/** An application load balancer drops header fields that are not valid HTTP. */
export const AlbDropsInvalidHeaders: AwsRule = (node) => {
  if (!isApplicationLoadBalancer(node)) return NOT_APPLICABLE;
  const value = loadBalancerAttribute(node, 'routing.http.drop_invalid_header_fields.enabled');
  return value === 'unresolved' ? UNRESOLVED : compliantIf(value === 'true');
};
