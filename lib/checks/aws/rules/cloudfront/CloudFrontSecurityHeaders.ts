import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';
import { REQUIRED_SECURITY_HEADERS, securityHeaderMeets } from '../../../../policy/invariants';
import type { Policy } from '../../../../policy/model';
import { headerSetByEdgeCode } from './function-headers';
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

/** The headers the profile requires of every response, with its values: nosniff, X-Frame-Options, Referrer-Policy, and CSP when it sets one. */
function requiredHeaders(policy: Policy): [string, string][] {
  return REQUIRED_SECURITY_HEADERS.flatMap((header): [string, string][] => {
    const value = policy.headers.values[header];
    return value === undefined ? [] : [[header, value]];
  });
}

/**
 * Every behavior of a distribution sends the security headers the profile sets besides HSTS,
 * with the profile's values (policy.headers): X-Content-Type-Options nosniff, X-Frame-Options
 * (DENY meets SAMEORIGIN), Referrer-Policy (no-referrer meets any), and the profile's
 * Content-Security-Policy when it sets one. Where a header's value comes from, latest first: a
 * viewer-response edge function of the app whose code visibly sets it (a CloudFront Function, or
 * a Lambda@Edge function with inline code; it runs after the response headers policy); the
 * response headers policy, when its entry overrides the origin's (`override: true`); an
 * origin-response Lambda@Edge function that sets it (the origin's value, kept when the policy does
 * not override). A policy entry that does not override is `<header>-not-overriding`: viewers get
 * the origin's value whenever it sends one. Edge code the rule cannot read leaves a behavior that
 * would otherwise fall short unresolved. A finding names the header (lowercase), or why no policy
 * is read, and the path pattern of a behavior other than the default.
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
      let unreadableCode = false;
      const verdicts = required.map(([header, value]): string[] | 'unresolved' => {
        const finding = (verdict: string) => [behaviorFinding(verdict, behavior.pathPattern)];
        const judgedCode = (values: readonly string[]) =>
          values.every((sent) => securityHeaderMeets(header, sent, value)) ? [] : finding(header.toLowerCase());
        const fromCode = headerSetByEdgeCode(node, behavior, index, header);
        if (fromCode === 'unresolved') unreadableCode = true;
        if (typeof fromCode === 'object' && fromCode.stage === 'viewer-response') return judgedCode(fromCode.values);
        const sent = typeof headers === 'string' ? { overrides: false } : sentValue(headers, header);
        if (sent === 'unresolved') return 'unresolved';
        // The origin-response function's value is the origin's: viewers get it unless the policy overrides.
        if (typeof fromCode === 'object' && !sent.overrides) return judgedCode(fromCode.values);
        if (typeof headers === 'string') return ['no-policy'];
        if (!securityHeaderMeets(header, sent.value, value)) return finding(header.toLowerCase());
        return sent.overrides ? [] : finding(`${header.toLowerCase()}-not-overriding`);
      });
      if (verdicts.includes('unresolved')) return 'unresolved';
      const findings = (verdicts as string[][]).flat();
      // One finding for a behavior with no policy to read, whatever its headers.
      const merged = findings.includes('no-policy')
        ? [behaviorFinding(headers as string, behavior.pathPattern), ...findings.filter((entry) => entry !== 'no-policy')]
        : findings;
      // Can't tell is not a pass, nor a finding: unreadable edge code may set what falls short.
      return merged.length > 0 && unreadableCode ? 'unresolved' : merged;
    }),
  );
  if (result === 'unresolved') return UNRESOLVED;
  return result.length === 0 ? COMPLIANT : result;
};
