import type { CfnResource } from 'aws-cdk-lib';
import { isDataObject, isIntrinsic, resolved, type AppIndex } from '../../../../aws/core/app-index';

/** A distribution's cache behavior as the rules read it: its path pattern (undefined for the default) and its properties. */
export interface Behavior {
  readonly pathPattern: unknown;
  readonly properties: Record<string, unknown>;
}

/** Every behavior of a distribution, the default first; 'unresolved' when the configuration or the list is known only at deploy time. */
export function distributionBehaviors(node: CfnResource): Behavior[] | 'unresolved' {
  const config = resolved<{ defaultCacheBehavior?: unknown; cacheBehaviors?: unknown }>(node, 'distributionConfig');
  if (config === undefined || isIntrinsic(config) || isIntrinsic(config.defaultCacheBehavior)) return 'unresolved';
  const extra = config.cacheBehaviors;
  if (extra !== undefined && (!Array.isArray(extra) || extra.some((behavior) => !isDataObject(behavior)))) return 'unresolved';
  return [
    { pathPattern: undefined, properties: isDataObject(config.defaultCacheBehavior) ? config.defaultCacheBehavior : {} },
    ...((extra ?? []) as Record<string, unknown>[]).map((properties) => ({ pathPattern: properties.pathPattern, properties })),
  ];
}

/** A finding for a behavior: the verdict, followed by the path pattern of a behavior other than the default. */
export function behaviorFinding(verdict: string, pathPattern: unknown): string {
  return pathPattern === undefined ? verdict : `${verdict}:${typeof pathPattern === 'string' ? pathPattern : JSON.stringify(pathPattern)}`;
}

/** A response headers policy's securityHeadersConfig, as CloudFormation takes it. */
export type SecurityHeadersConfig = Record<string, unknown>;

/**
 * What AWS-managed response headers policies send (the IDs aws-cdk-lib's ResponseHeadersPolicy
 * constants name): SecurityHeadersPolicy and the two CORS-and-SecurityHeaders policies send
 * HSTS max-age 31536000 without includeSubDomains or preload, nosniff, X-Frame-Options
 * SAMEORIGIN and Referrer-Policy strict-origin-when-cross-origin, and no CSP.
 */
const AWS_SECURITY_HEADERS: SecurityHeadersConfig = {
  strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, includeSubdomains: false, preload: false, override: false },
  contentTypeOptions: { override: false },
  frameOptions: { frameOption: 'SAMEORIGIN', override: false },
  referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: false },
  xssProtection: { protection: true, modeBlock: true, override: false },
};
const MANAGED_POLICIES: ReadonlyMap<string, SecurityHeadersConfig> = new Map([
  ['67f7725c-6f97-4210-82d7-5512b31e9d03', AWS_SECURITY_HEADERS],
  ['e61eb60c-9c35-4d20-a928-2b84e02af89c', AWS_SECURITY_HEADERS],
  ['eaab4381-ed33-4a86-88ca-d9558dc6cd63', AWS_SECURITY_HEADERS],
]);

/**
 * The security headers a behavior's response headers policy sends: an AWS-managed policy's, or
 * one of the app's; otherwise why none can be read.
 */
export function behaviorSecurityHeaders(
  node: CfnResource,
  behavior: Behavior,
  index: AppIndex,
): SecurityHeadersConfig | 'unresolved' | 'no-response-headers-policy' | 'response-headers-policy-outside-app' {
  const policyId = behavior.properties.responseHeadersPolicyId;
  if (policyId === undefined) return 'no-response-headers-policy';
  if (typeof policyId === 'string' && MANAGED_POLICIES.has(policyId)) return MANAGED_POLICIES.get(policyId)!;
  const policy = index.target(node, policyId);
  if (!policy || policy.cfnResourceType !== 'AWS::CloudFront::ResponseHeadersPolicy')
    return isIntrinsic(policyId) ? 'unresolved' : 'response-headers-policy-outside-app';
  const config = resolved<{ securityHeadersConfig?: unknown }>(policy, 'responseHeadersPolicyConfig');
  if (isIntrinsic(config) || isIntrinsic(config?.securityHeadersConfig)) return 'unresolved';
  return isDataObject(config?.securityHeadersConfig) ? config.securityHeadersConfig : {};
}

/**
 * Whether a header entry of a response headers policy replaces the origin's header of that name
 * (`override: true`); without it, CloudFront passes on what the origin sends, so the value
 * viewers get is the origin's whenever it sends one. 'unresolved' when known only at deploy time.
 */
export function overridesOrigin(entry: Record<string, unknown>): boolean | 'unresolved' {
  if (isIntrinsic(entry.override)) return 'unresolved';
  return entry.override === true;
}

/** The findings of a rule judging each behavior: empty, ['unresolved'] when any verdict is, else each behavior's findings. */
export function behaviorsResult(findings: readonly (readonly string[] | 'unresolved')[]): string[] | 'unresolved' {
  if (findings.includes('unresolved')) return 'unresolved';
  return (findings as readonly (readonly string[])[]).flat();
}
