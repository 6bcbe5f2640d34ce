import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../app-index';

/** A plain-HTTP listener only answers with a redirect to HTTPS. */
export const HttpListenerRedirectsOnly: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener' || resolved(node, 'protocol') !== 'HTTP') return NOT_APPLICABLE;
  const actions = resolved<unknown[]>(node, 'defaultActions');
  if (!Array.isArray(actions) || actions.some(isIntrinsic)) return UNRESOLVED;
  return compliantIf(actions.length > 0 && actions.every((action) => {
    const { type, redirectConfig } = action as { type?: string; redirectConfig?: { protocol?: string } };
    return type === 'redirect' && redirectConfig?.protocol === 'HTTPS';
  }));
};
