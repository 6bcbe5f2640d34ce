import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic } from '../../../../aws/core/app-index';
import { behaviorFinding, distributionBehaviors } from './distribution-behaviors';

/** The viewer protocol policies that keep viewers on HTTPS. */
const HTTPS_ONLY_POLICIES = ['redirect-to-https', 'https-only'];

/**
 * Every behavior of a distribution (the default and each path pattern) keeps viewers on HTTPS:
 * its ViewerProtocolPolicy is redirect-to-https or https-only, never allow-all. A finding names
 * the policy, and the path pattern of a behavior other than the default.
 */
export const CloudFrontViewerHttps: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const behaviors = distributionBehaviors(node);
  if (behaviors === 'unresolved' || behaviors.some((behavior) => isIntrinsic(behavior.properties.viewerProtocolPolicy))) return UNRESOLVED;
  const failing = behaviors.filter((behavior) => !HTTPS_ONLY_POLICIES.includes(String(behavior.properties.viewerProtocolPolicy)));
  return failing.length === 0
    ? COMPLIANT
    : failing.map((behavior) => {
        const policy = behavior.properties.viewerProtocolPolicy;
        return behaviorFinding(typeof policy === 'string' ? policy : 'none', behavior.pathPattern);
      });
};
