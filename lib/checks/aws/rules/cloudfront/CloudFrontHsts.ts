import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../app-index';

export const MIN_HSTS_SECONDS = 31_536_000;

/** A distribution's default behavior sends a response headers policy (in this app) with HSTS of at least one year. */
export const CloudFrontHsts: AwsRule = (node, { index }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const policyId = resolved<{ defaultCacheBehavior?: { responseHeadersPolicyId?: unknown } }>(node, 'distributionConfig')?.defaultCacheBehavior?.responseHeadersPolicyId;
  if (policyId === undefined) return ['no-response-headers-policy'];
  const policy = index.target(node, policyId);
  if (!policy || policy.cfnResourceType !== 'AWS::CloudFront::ResponseHeadersPolicy') return isIntrinsic(policyId) ? UNRESOLVED : ['response-headers-policy-outside-app'];
  const hsts = resolved<{ securityHeadersConfig?: { strictTransportSecurity?: { accessControlMaxAgeSec?: unknown } } }>(policy, 'responseHeadersPolicyConfig')?.securityHeadersConfig?.strictTransportSecurity;
  if (isIntrinsic(hsts?.accessControlMaxAgeSec)) return UNRESOLVED;
  return compliantIf(typeof hsts?.accessControlMaxAgeSec === 'number' && hsts.accessControlMaxAgeSec >= MIN_HSTS_SECONDS);
};
