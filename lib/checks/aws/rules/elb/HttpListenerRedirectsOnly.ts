import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { onlyRedirectsToHttps } from '../../../../aws/core/alb-hardening';
import { resolved } from '../../../../aws/core/app-index';

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
