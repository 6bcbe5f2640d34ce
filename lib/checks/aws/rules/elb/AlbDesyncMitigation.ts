import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { DESYNC_MITIGATION_MODE_KEY, isSafeDesyncMitigationMode } from '../../../../aws/core/alb-hardening';
import { isApplicationLoadBalancer, loadBalancerAttribute } from './load-balancer-attributes';

/** An application load balancer mitigates HTTP desync in defensive (the AWS default) or strictest mode, not monitor. */
export const AlbDesyncMitigation: AwsRule = (node) => {
  if (!isApplicationLoadBalancer(node)) return NOT_APPLICABLE;
  const value = loadBalancerAttribute(node, DESYNC_MITIGATION_MODE_KEY);
  return value === 'unresolved' ? UNRESOLVED : compliantIf(isSafeDesyncMitigationMode(value));
};
