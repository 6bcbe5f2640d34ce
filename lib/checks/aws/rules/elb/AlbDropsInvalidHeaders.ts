import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { DROP_INVALID_HEADER_FIELDS } from '../../../../aws/core/alb-hardening';
import { isApplicationLoadBalancer, loadBalancerAttribute } from './load-balancer-attributes';

/** An application load balancer drops header fields that are not valid HTTP. */
export const AlbDropsInvalidHeaders: AwsRule = (node) => {
  if (!isApplicationLoadBalancer(node)) return NOT_APPLICABLE;
  const value = loadBalancerAttribute(node, DROP_INVALID_HEADER_FIELDS.key);
  return value === 'unresolved' ? UNRESOLVED : compliantIf(value === DROP_INVALID_HEADER_FIELDS.value);
};
