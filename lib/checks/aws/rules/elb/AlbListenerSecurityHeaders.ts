import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { ALB_RESPONSE_HEADER_ATTRIBUTES, ALB_SECURITY_HEADERS } from '../../../../aws/core/alb-response-headers';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { hstsShortfalls, securityHeaderMeets, type Hsts } from '../../../../policy/invariants';
import { listenerInternetFacing } from './listener-internet-facing';
import type { Policy } from '../../../../policy/model';

/** An HSTS header value as directives; undefined when it has no max-age a browser would take. */
function parseHsts(value: string): Hsts | undefined {
  const directives = value.split(';').map((directive) => directive.trim().toLowerCase());
  const maxAge = directives.find((directive) => directive.startsWith('max-age='))?.slice('max-age='.length);
  if (maxAge === undefined || !/^\d{1,12}$/.test(maxAge)) return undefined;
  return { maxAgeSeconds: Number(maxAge), includeSubdomains: directives.includes('includesubdomains'), preload: directives.includes('preload') };
}

/** Whether a header value the listener sends meets the profile's: HSTS no weaker, DENY for SAMEORIGIN, nosniff, the profile's CSP. */
function meets(header: string, sent: string | undefined, policy: Policy): boolean {
  if (sent === undefined) return false;
  const required = policy.headers.values[header];
  if (header === 'Strict-Transport-Security') {
    const hsts = parseHsts(sent);
    return hsts !== undefined && hstsShortfalls(hsts, policy.tls.hsts).length === 0;
  }
  return securityHeaderMeets(header, sent, required);
}

/**
 * An HTTPS listener of an internet-facing application load balancer sends, through its own
 * listener attributes, the profile's HSTS (no shorter, with the includeSubDomains and preload it
 * asks for), X-Content-Type-Options nosniff, X-Frame-Options (DENY meets SAMEORIGIN) and its
 * Content-Security-Policy when it sets one: a request that goes around the CDN gets them too. A
 * finding names each header (lowercase). A listener of a load balancer the template does not
 * show as internet-facing or internal is judged only when it sends them all.
 */
export const AlbListenerSecurityHeaders: AwsRule = (node, { policy }) => {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener' || resolved(node, 'protocol') !== 'HTTPS') return NOT_APPLICABLE;
  const facing = listenerInternetFacing(node);
  if (facing === false) return NOT_APPLICABLE;
  const attributes = resolved<unknown>(node, 'listenerAttributes') ?? [];
  if (!Array.isArray(attributes) || isIntrinsic(attributes) || !attributes.every(isDataObject)) return UNRESOLVED;
  const required = ALB_SECURITY_HEADERS.filter((header) => policy.headers.values[header] !== undefined);
  const sent = required.map((header) => ({ header, value: attributes.find((a) => a.key === ALB_RESPONSE_HEADER_ATTRIBUTES[header])?.value }));
  if (sent.some(({ value }) => value !== undefined && typeof value !== 'string')) return UNRESOLVED;
  const findings = sent.filter(({ header, value }) => !meets(header, value as string | undefined, policy)).map(({ header }) => header.toLowerCase());
  if (findings.length === 0) return COMPLIANT;
  return facing === undefined ? UNRESOLVED : findings;
};
