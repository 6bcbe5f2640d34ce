import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';
import { hstsShortfalls, type Hsts } from '../../../../policy/invariants';
import { headerSetByEdgeCode, parseHstsHeader, weakestHsts } from './function-headers';
import { behaviorFinding, behaviorSecurityHeaders, behaviorsResult, distributionBehaviors, overridesOrigin } from './distribution-behaviors';

/** The HSTS edge code sets, or undefined when a value is not a plain HSTS value. */
function codeHsts(values: readonly string[]): Hsts | undefined {
  const parsed = values.map(parseHstsHeader);
  return parsed.some((hsts) => hsts === undefined) ? undefined : weakestHsts(parsed as Hsts[]);
}

/**
 * Every behavior of a distribution (the default and each path pattern) sends HSTS as the profile
 * asks for it (tls.hsts): a max-age of at least the profile's (never under one year),
 * includeSubDomains and preload when the profile sets them. Where the value comes from, latest
 * first: a viewer-response edge function of the app whose code visibly sets the header (a
 * CloudFront Function, or a Lambda@Edge function with inline code; it runs after the response
 * headers policy, so its value is what viewers get); a response headers policy whose HSTS
 * overrides the origin's (`override: true`); an origin-response Lambda@Edge function that sets it
 * (it is the origin's value, kept when the policy does not override). A policy's HSTS that does not
 * override is `hsts-not-overriding`: viewers get whatever the origin sends. Edge code the rule
 * cannot read leaves a behavior that would otherwise fall short unresolved. A finding names what
 * falls short (`hsts-max-age`, `hsts-include-subdomains`, `hsts-preload`, `hsts-not-overriding`,
 * `no-hsts`, or why no policy is read), and the path pattern of a behavior other than the default.
 */
export const CloudFrontHsts: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const behaviors = distributionBehaviors(node);
  if (behaviors === 'unresolved') return UNRESOLVED;
  const result = behaviorsResult(
    behaviors.map((behavior) => {
      const judged = (hsts: Hsts) => hstsShortfalls(hsts, policy.tls.hsts).map((shortfall) => behaviorFinding(`hsts-${shortfall}`, behavior.pathPattern));
      const fromCode = headerSetByEdgeCode(node, behavior, index, 'strict-transport-security');
      const codeValue = typeof fromCode === 'object' ? codeHsts(fromCode.values) : undefined;
      if (typeof fromCode === 'object' && codeValue === undefined) return 'unresolved';
      if (typeof fromCode === 'object' && fromCode.stage === 'viewer-response') return judged(codeValue!);
      // Can't tell is not a pass, nor a finding: unreadable edge code may set HSTS.
      const fallsShort = (findings: string[]) => (findings.length > 0 && fromCode === 'unresolved' ? 'unresolved' : findings);
      const headers = behaviorSecurityHeaders(node, behavior, index);
      if (headers === 'unresolved') return 'unresolved';
      const hsts = typeof headers === 'string' ? undefined : headers.strictTransportSecurity;
      if (isIntrinsic(hsts)) return 'unresolved';
      const overrides = isDataObject(hsts) ? overridesOrigin(hsts) : false;
      if (overrides === 'unresolved') return 'unresolved';
      // The origin-response function's value is the origin's: viewers get it unless the policy overrides.
      if (codeValue !== undefined && !overrides) return judged(codeValue);
      if (typeof headers === 'string') return fallsShort([behaviorFinding(headers, behavior.pathPattern)]);
      if (!isDataObject(hsts)) return fallsShort([behaviorFinding('no-hsts', behavior.pathPattern)]);
      const { accessControlMaxAgeSec: maxAge, includeSubdomains, preload } = hsts;
      if ([maxAge, includeSubdomains, preload].some(isIntrinsic)) return 'unresolved';
      const shortfalls = [
        ...hstsShortfalls(
          { maxAgeSeconds: typeof maxAge === 'number' ? maxAge : 0, includeSubdomains: includeSubdomains === true, preload: preload === true },
          policy.tls.hsts,
        ),
        ...(overrides ? [] : ['not-overriding']),
      ];
      return fallsShort(shortfalls.map((shortfall) => behaviorFinding(`hsts-${shortfall}`, behavior.pathPattern)));
    }),
  );
  if (result === 'unresolved') return UNRESOLVED;
  return result.length === 0 ? COMPLIANT : result;
};
