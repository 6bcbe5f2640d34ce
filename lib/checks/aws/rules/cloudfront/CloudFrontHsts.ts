import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';
import { hstsShortfalls } from '../../../../policy/invariants';
import { viewerResponseHsts } from './function-headers';
import { behaviorFinding, behaviorSecurityHeaders, behaviorsResult, distributionBehaviors, overridesOrigin } from './distribution-behaviors';

/**
 * Every behavior of a distribution (the default and each path pattern) sends a response
 * headers policy with HSTS as the profile asks for it (tls.hsts): a max-age of at least the
 * profile's (never under one year), includeSubDomains and preload when the profile sets them.
 * One of the app's policies, or an AWS-managed policy by what it sends; or a viewer-response
 * CloudFront Function of the app whose code visibly sets the header (it runs after the policy,
 * so its value is what viewers get; a function the rule cannot read leaves a behavior that
 * would otherwise fall short unresolved). A policy's HSTS must override the origin's
 * (`override: true`): otherwise viewers get whatever HSTS the origin sends. A finding names what
 * falls short (`hsts-max-age`, `hsts-include-subdomains`, `hsts-preload`, `hsts-not-overriding`,
 * `no-hsts`, or why no policy is read), and the path pattern of a behavior other than the default.
 */
export const CloudFrontHsts: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const behaviors = distributionBehaviors(node);
  if (behaviors === 'unresolved') return UNRESOLVED;
  const result = behaviorsResult(
    behaviors.map((behavior) => {
      const fromFunction = viewerResponseHsts(node, behavior, index);
      if (typeof fromFunction === 'object')
        return hstsShortfalls(fromFunction, policy.tls.hsts).map((shortfall) => behaviorFinding(`hsts-${shortfall}`, behavior.pathPattern));
      const headers = behaviorSecurityHeaders(node, behavior, index);
      if (headers === 'unresolved') return 'unresolved';
      if (typeof headers === 'string') return fromFunction === 'unresolved' ? 'unresolved' : [behaviorFinding(headers, behavior.pathPattern)];
      const hsts = headers.strictTransportSecurity;
      if (isIntrinsic(hsts)) return 'unresolved';
      // A viewer-response function the rule cannot read may set HSTS: can't tell is not a pass, nor a finding.
      if (!isDataObject(hsts)) return fromFunction === 'unresolved' ? 'unresolved' : [behaviorFinding('no-hsts', behavior.pathPattern)];
      const { accessControlMaxAgeSec: maxAge, includeSubdomains, preload } = hsts;
      const overrides = overridesOrigin(hsts);
      if ([maxAge, includeSubdomains, preload].some(isIntrinsic) || overrides === 'unresolved') return 'unresolved';
      const shortfalls = [
        ...hstsShortfalls(
          { maxAgeSeconds: typeof maxAge === 'number' ? maxAge : 0, includeSubdomains: includeSubdomains === true, preload: preload === true },
          policy.tls.hsts,
        ),
        ...(overrides ? [] : ['not-overriding']),
      ];
      if (shortfalls.length > 0 && fromFunction === 'unresolved') return 'unresolved';
      return shortfalls.map((shortfall) => behaviorFinding(`hsts-${shortfall}`, behavior.pathPattern));
    }),
  );
  if (result === 'unresolved') return UNRESOLVED;
  return result.length === 0 ? COMPLIANT : result;
};
