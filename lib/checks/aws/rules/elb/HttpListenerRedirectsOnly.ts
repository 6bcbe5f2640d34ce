import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule, AwsRuleResult } from '../../aws-rule';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { onlyRedirectsToHttps } from '../../../../aws/core/alb-hardening';
import { isDataObject, resolved } from '../../../../aws/core/app-index';
import { listenerInternetFacing } from './listener-internet-facing';

/**
 * A plain-HTTP listener of a load balancer that may face the internet only answers with a
 * redirect to HTTPS: its default actions and the actions of each of its listener rules
 * (anywhere in the app); a finding names each rule that serves content. A Classic Load Balancer
 * cannot redirect, so each of its HTTP listeners serves content: a finding names it by its load
 * balancer port. An internal load balancer answers inside the VPC only and is not judged; one
 * whose scheme the template does not give is.
 */
export const HttpListenerRedirectsOnly: AwsRule = (node, { index }) => {
  if (node.cfnResourceType === 'AWS::ElasticLoadBalancing::LoadBalancer') return classicHttpListeners(node);
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener' || resolved(node, 'protocol') !== 'HTTP') return NOT_APPLICABLE;
  // The checklist's "HTTPS only" is the firewall toward the internet; traffic inside the VPC is network isolation's.
  if (listenerInternetFacing(node) === false) return NOT_APPLICABLE;
  const defaults = onlyRedirectsToHttps(resolved(node, 'defaultActions'));
  const rules = (index.rulesByListener.get(node) ?? []).map((rule: CfnResource) => ({ rule, redirects: onlyRedirectsToHttps(resolved(rule, 'actions')) }));
  if (defaults === undefined || rules.some(({ redirects }) => redirects === undefined)) return UNRESOLVED;
  if (!defaults) return NON_COMPLIANT;
  const serving = rules.filter(({ redirects }) => !redirects).map(({ rule }) => `listener-rule:${rule.node.path}`);
  return serving.length === 0 ? COMPLIANT : serving;
};

/** The HTTP listeners of a Classic Load Balancer (its protocols are case-insensitive), as `classic-listener:<port>`. */
function classicHttpListeners(node: CfnResource): AwsRuleResult {
  if (resolved(node, 'scheme') === 'internal') return NOT_APPLICABLE;
  const listeners = resolved<unknown>(node, 'listeners');
  if (!Array.isArray(listeners)) return UNRESOLVED;
  let unresolved = false;
  const serving: string[] = [];
  for (const listener of listeners) {
    if (!isDataObject(listener) || typeof listener.protocol !== 'string') {
      unresolved = true;
      continue;
    }
    if (listener.protocol.toUpperCase() === 'HTTP')
      serving.push(
        // The port goes into a finding ID a user acknowledges: only a port number, never other template text.
        `classic-listener:${/^\d{1,5}$/.test(String(listener.loadBalancerPort)) ? String(listener.loadBalancerPort) : '?'}`,
      );
  }
  if (serving.length > 0) return serving;
  return unresolved ? UNRESOLVED : COMPLIANT;
}
