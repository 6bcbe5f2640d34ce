import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';
import { hstsShortfalls } from '../../../../policy/invariants';
import { behaviorFinding, behaviorSecurityHeaders, behaviorsResult, distributionBehaviors } from './distribution-behaviors';

/**
 * Every behavior of a distribution (the default and each path pattern) sends a response
 * headers policy with HSTS as the profile asks for it (tls.hsts): a max-age of at least the
 * profile's (never under one year), includeSubDomains and preload when the profile sets them.
 * One of the app's policies, or an AWS-managed policy by what it sends. A finding names what
 * falls short (`hsts-max-age`, `hsts-include-subdomains`, `hsts-preload`, `no-hsts`, or why no
 * policy is read), and the path pattern of a behavior other than the default.
 */
export const CloudFrontHsts: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const behaviors = distributionBehaviors(node);
  if (behaviors === 'unresolved') return UNRESOLVED;
  const result = behaviorsResult(
    behaviors.map((behavior) => {
      const headers = behaviorSecurityHeaders(node, behavior, index);
      if (headers === 'unresolved') return 'unresolved';
      if (typeof headers === 'string') return [behaviorFinding(headers, behavior.pathPattern)];
      const hsts = headers.strictTransportSecurity;
      if (isIntrinsic(hsts)) return 'unresolved';
      if (!isDataObject(hsts)) return [behaviorFinding('no-hsts', behavior.pathPattern)];
      const { accessControlMaxAgeSec: maxAge, includeSubdomains, preload } = hsts;
      if ([maxAge, includeSubdomains, preload].some(isIntrinsic)) return 'unresolved';
      const shortfalls = hstsShortfalls(
        { maxAgeSeconds: typeof maxAge === 'number' ? maxAge : 0, includeSubdomains: includeSubdomains === true, preload: preload === true },
        policy.tls.hsts,
      );
      return shortfalls.map((shortfall) => behaviorFinding(`hsts-${shortfall}`, behavior.pathPattern));
    }),
  );
  if (result === 'unresolved') return UNRESOLVED;
  return result.length === 0 ? COMPLIANT : result;
};
