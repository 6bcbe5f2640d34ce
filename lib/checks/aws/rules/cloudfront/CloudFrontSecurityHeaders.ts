import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';
import type { Policy } from '../../../../policy/model';
import {
  behaviorFinding,
  behaviorSecurityHeaders,
  behaviorsResult,
  distributionBehaviors,
  overridesOrigin,
  type SecurityHeadersConfig,
} from './distribution-behaviors';

/** Each header judged besides HSTS (CF2's): the entry of a securityHeadersConfig that sets it, and the field holding its value. */
const ENTRIES: Readonly<Record<string, { readonly name: string; readonly field?: string }>> = {
  'X-Content-Type-Options': { name: 'contentTypeOptions' },
  'X-Frame-Options': { name: 'frameOptions', field: 'frameOption' },
  'Referrer-Policy': { name: 'referrerPolicy', field: 'referrerPolicy' },
  'Content-Security-Policy': { name: 'contentSecurityPolicy', field: 'contentSecurityPolicy' },
};

/**
 * What a policy sends for a header: its value (`nosniff` for X-Content-Type-Options, which has
 * none), and whether it overrides the origin's; 'unresolved' when known only at deploy time.
 */
function sentValue(config: SecurityHeadersConfig, header: string): { readonly value?: string; readonly overrides: boolean } | 'unresolved' {
  const { name, field } = ENTRIES[header];
  const entry = config[name];
  if (isIntrinsic(entry)) return 'unresolved';
  if (!isDataObject(entry)) return { overrides: false };
  const overrides = overridesOrigin(entry);
  const value = field === undefined ? 'nosniff' : entry[field];
  if (overrides === 'unresolved' || isIntrinsic(value)) return 'unresolved';
  return { ...(typeof value === 'string' ? { value } : {}), overrides };
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
 * (no-referrer meets any), and the profile's Content-Security-Policy when it sets one, each
 * overriding the origin's (`override: true`; otherwise viewers get the origin's value whenever it
 * sends one). A finding names the header (lowercase; `<header>-not-overriding` for a value that
 * does not override) and the path pattern of a behavior other than the default.
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
      return sent.flatMap(({ header, value, sent: sentHeader }) => {
        const { value: sentAs, overrides } = sentHeader as Exclude<typeof sentHeader, 'unresolved'>;
        if (!meets(header, sentAs, value)) return [behaviorFinding(header.toLowerCase(), behavior.pathPattern)];
        return overrides ? [] : [behaviorFinding(`${header.toLowerCase()}-not-overriding`, behavior.pathPattern)];
      });
    }),
  );
  if (result === 'unresolved') return UNRESOLVED;
  return result.length === 0 ? COMPLIANT : result;
};
