import type { CfnResource } from 'aws-cdk-lib';
import type { AppIndex } from '../../../../aws/core/app-index';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { isHstsMaxAgeTooShort } from '../../../../policy/invariants';

/**
 * AWS-managed response headers policies that send Strict-Transport-Security with max-age
 * 31536000: SecurityHeadersPolicy and the two CORS-and-SecurityHeaders policies (the IDs
 * aws-cdk-lib's ResponseHeadersPolicy constants name).
 */
const MANAGED_POLICIES_WITH_HSTS = new Set([
  '67f7725c-6f97-4210-82d7-5512b31e9d03',
  'e61eb60c-9c35-4d20-a928-2b84e02af89c',
  'eaab4381-ed33-4a86-88ca-d9558dc6cd63',
]);

type BehaviorVerdict = 'compliant' | 'unresolved' | 'hsts-under-one-year' | 'no-response-headers-policy' | 'response-headers-policy-outside-app';

/** Whether the response headers policy a behavior names sends HSTS of at least a year. */
function behaviorVerdict(node: CfnResource, policyId: unknown, index: AppIndex): BehaviorVerdict {
  if (policyId === undefined) return 'no-response-headers-policy';
  if (typeof policyId === 'string' && MANAGED_POLICIES_WITH_HSTS.has(policyId)) return 'compliant';
  const policy = index.target(node, policyId);
  if (!policy || policy.cfnResourceType !== 'AWS::CloudFront::ResponseHeadersPolicy')
    return isIntrinsic(policyId) ? 'unresolved' : 'response-headers-policy-outside-app';
  const hsts = resolved<{ securityHeadersConfig?: { strictTransportSecurity?: { accessControlMaxAgeSec?: unknown } } }>(policy, 'responseHeadersPolicyConfig')
    ?.securityHeadersConfig?.strictTransportSecurity;
  if (isIntrinsic(hsts?.accessControlMaxAgeSec)) return 'unresolved';
  return typeof hsts?.accessControlMaxAgeSec === 'number' && !isHstsMaxAgeTooShort(hsts.accessControlMaxAgeSec) ? 'compliant' : 'hsts-under-one-year';
}

/**
 * Every behavior of a distribution (the default and each path pattern) sends a response
 * headers policy with HSTS of at least one year: one of the app's, or an AWS-managed policy
 * that sends it. A finding names what is wrong, and the path pattern of a behavior other than
 * the default.
 */
export const CloudFrontHsts: AwsRule = (node, { index }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const config = resolved<{ defaultCacheBehavior?: { responseHeadersPolicyId?: unknown }; cacheBehaviors?: unknown }>(node, 'distributionConfig');
  if (
    config === undefined ||
    isIntrinsic(config) ||
    (config.cacheBehaviors !== undefined && (!Array.isArray(config.cacheBehaviors) || config.cacheBehaviors.some(isIntrinsic)))
  )
    return UNRESOLVED;
  const behaviors = [
    { pathPattern: undefined as unknown, verdict: behaviorVerdict(node, config.defaultCacheBehavior?.responseHeadersPolicyId, index) },
    ...((config.cacheBehaviors ?? []) as { pathPattern?: unknown; responseHeadersPolicyId?: unknown }[]).map((behavior) => ({
      pathPattern: behavior.pathPattern,
      verdict: behaviorVerdict(node, behavior?.responseHeadersPolicyId, index),
    })),
  ];
  if (behaviors.some((behavior) => behavior.verdict === 'unresolved')) return UNRESOLVED;
  const failing = behaviors.filter((behavior) => behavior.verdict !== 'compliant');
  if (failing.length === 0) return COMPLIANT;
  if (failing.length === 1 && failing[0].pathPattern === undefined && failing[0].verdict === 'hsts-under-one-year') return NON_COMPLIANT;
  return failing.map(({ pathPattern, verdict }) =>
    pathPattern === undefined ? verdict : `${verdict}:${typeof pathPattern === 'string' ? pathPattern : JSON.stringify(pathPattern)}`,
  );
};
