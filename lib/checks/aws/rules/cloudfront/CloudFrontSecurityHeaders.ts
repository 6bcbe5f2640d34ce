import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';
import type { Policy } from '../../../../policy/model';
import { behaviorFinding, behaviorSecurityHeaders, behaviorsResult, distributionBehaviors, type SecurityHeadersConfig } from './distribution-behaviors';

/** The headers judged besides HSTS (CF2's): what each sends, read from a securityHeadersConfig. */
function sentValue(config: SecurityHeadersConfig, header: string): string | undefined {
  const entry = (name: string, field?: string): unknown => {
    const value = config[name];
    if (isIntrinsic(value)) return 'unresolved';
    if (!isDataObject(value)) return undefined;
    if (field === undefined) return 'present';
    return isIntrinsic(value[field]) ? 'unresolved' : value[field];
  };
  const readers: Readonly<Record<string, () => unknown>> = {
    'X-Content-Type-Options': () => (entry('contentTypeOptions') === 'present' ? 'nosniff' : entry('contentTypeOptions')),
    'X-Frame-Options': () => entry('frameOptions', 'frameOption'),
    'Referrer-Policy': () => entry('referrerPolicy', 'referrerPolicy'),
    'Content-Security-Policy': () => entry('contentSecurityPolicy', 'contentSecurityPolicy'),
  };
  const value = readers[header]?.();
  return typeof value === 'string' ? value : undefined;
}

/** Whether a header as sent meets the profile's value: the same (case aside for keywords), or DENY for SAMEORIGIN and no-referrer for any referrer policy. */
function meets(header: string, sent: string | undefined, required: string): boolean {
  if (sent === undefined) return false;
  if (header === 'Content-Security-Policy') return sent.trim() === required;
  const value = sent.toLowerCase();
  if (header === 'X-Frame-Options' && value === 'deny') return true;
  if (header === 'Referrer-Policy' && value === 'no-referrer') return true;
  return value === required.toLowerCase();
}

/** The headers the profile requires of every response, with its values: nosniff, X-Frame-Options, Referrer-Policy, and CSP when it sets one. */
function requiredHeaders(policy: Policy): [string, string][] {
  return ['X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy', 'Content-Security-Policy'].flatMap((header): [string, string][] => {
    const value = policy.headers.values[header];
    return value === undefined ? [] : [[header, value]];
  });
}

/**
 * Every behavior of a distribution sends, through its response headers policy, the security
 * headers the profile sets besides HSTS, with the profile's values (policy.headers):
 * X-Content-Type-Options nosniff, X-Frame-Options (DENY meets SAMEORIGIN), Referrer-Policy
 * (no-referrer meets any), and the profile's Content-Security-Policy when it sets one. A finding
 * names the header (lowercase) and the path pattern of a behavior other than the default.
 */
export const CloudFrontSecurityHeaders: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const behaviors = distributionBehaviors(node);
  if (behaviors === 'unresolved') return UNRESOLVED;
  const required = requiredHeaders(policy);
  const result = behaviorsResult(
    behaviors.map((behavior) => {
      const headers = behaviorSecurityHeaders(node, behavior, index);
      if (headers === 'unresolved') return 'unresolved';
      if (typeof headers === 'string') return [behaviorFinding(headers, behavior.pathPattern)];
      const sent = required.map(([header, value]) => ({ header, value, sent: sentValue(headers, header) }));
      if (sent.some((entry) => entry.sent === 'unresolved')) return 'unresolved';
      return sent
        .filter((entry) => !meets(entry.header, entry.sent, entry.value))
        .map((entry) => behaviorFinding(entry.header.toLowerCase(), behavior.pathPattern));
    }),
  );
  if (result === 'unresolved') return UNRESOLVED;
  return result.length === 0 ? COMPLIANT : result;
};
