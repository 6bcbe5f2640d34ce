import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../app-index';

/** Whether actions only redirect to HTTPS; undefined when they are known only at deploy time. */
export function onlyRedirectsToHttps(actions: unknown): boolean | undefined {
  if (!Array.isArray(actions) || actions.some(isIntrinsic)) return undefined;
  return actions.length > 0 && actions.every((action) => {
    const { type, redirectConfig } = action as { type?: string; redirectConfig?: { protocol?: string } };
    return type === 'redirect' && redirectConfig?.protocol === 'HTTPS';
  });
}

/**
 * A plain-HTTP listener only answers with a redirect to HTTPS: its default actions and the
 * actions of each of its listener rules (anywhere in the app); a finding names each rule that
 * serves content.
 */
export const HttpListenerRedirectsOnly: AwsRule = (node, { index }) => {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener' || resolved(node, 'protocol') !== 'HTTP') return NOT_APPLICABLE;
  const defaults = onlyRedirectsToHttps(resolved(node, 'defaultActions'));
  const rules = (index.rulesByListener.get(node) ?? []).map((rule: CfnResource) => ({ rule, redirects: onlyRedirectsToHttps(resolved(rule, 'actions')) }));
  if (defaults === undefined || rules.some(({ redirects }) => redirects === undefined)) return UNRESOLVED;
  if (!defaults) return NON_COMPLIANT;
  const serving = rules.filter(({ redirects }) => !redirects).map(({ rule }) => `listener-rule:${rule.node.path}`);
  return serving.length === 0 ? COMPLIANT : serving;
};
