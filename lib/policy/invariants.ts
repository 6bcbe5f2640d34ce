import { coversWholeAddressSpace, isWholeInternet } from '../profile/cidr';

/*
 * The security invariants Bulwark enforces, each defined once and used by the constructs that
 * refuse to build a weaker edge, the doctor rules that judge a profile, and the check rules
 * that judge a template or Terraform output. Each takes plain values, so every side can ask.
 */

/** The shortest HSTS max-age accepted: one year (the checklists' `max-age=31536000`). */
export const MIN_HSTS_MAX_AGE_SECONDS = 31_536_000;

/** Whether an HSTS max-age is shorter than {@link MIN_HSTS_MAX_AGE_SECONDS}. */
export function isHstsMaxAgeTooShort(maxAgeSeconds: number): boolean {
  return maxAgeSeconds < MIN_HSTS_MAX_AGE_SECONDS;
}

/** The TLS versions a viewer may be held to: 1.2 and later (1.0 and 1.1 are deprecated by RFC 8996). */
export const ACCEPTED_MINIMUM_TLS_VERSIONS: readonly string[] = ['1.2', '1.3'];

/** Whether a minimum TLS version ("1.0" … "1.3") lets viewers in below TLS 1.2; anything unknown does. */
export function acceptsTlsBelow12(minimumVersion: string): boolean {
  return !ACCEPTED_MINIMUM_TLS_VERSIONS.includes(minimumVersion);
}

/** SSH, which only admin networks may reach. */
export const SSH_PORT = 22;
/** The ports an internet-facing load balancer serves: 80 only to redirect, 443. */
export const PUBLIC_WEB_PORTS: readonly number[] = [80, 443];

/** Whether a port may be open to the internet: the web ports only. */
export function isPublicWebPort(port: number): boolean {
  return PUBLIC_WEB_PORTS.includes(port);
}

/**
 * Whether source blocks let the whole internet in: a /0, or blocks that together cover a whole
 * address family (0.0.0.0/1 and 128.0.0.0/1). Expects valid CIDR blocks.
 */
export function opensToWholeInternet(cidrs: readonly string[]): boolean {
  return cidrs.some(isWholeInternet) || coversWholeAddressSpace(cidrs) !== undefined;
}

/** Whether CORS lets any site make credentialed requests: a wildcard origin with credentials. */
export function allowsAnyOriginWithCredentials(cors: { readonly allowAnyOrigin: boolean; readonly allowCredentials: boolean }): boolean {
  return cors.allowAnyOrigin && cors.allowCredentials;
}
