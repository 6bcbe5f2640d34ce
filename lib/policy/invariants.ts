import { coversWholeAddressSpace, isWholeInternet } from '../profile/cidr';
import { contentSecurityPolicyNoLooser } from './content-security-policy';

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

/** HSTS as an edge sends it, or as the profile asks for it. */
export interface Hsts {
  readonly maxAgeSeconds: number;
  readonly includeSubdomains: boolean;
  readonly preload: boolean;
}

/** What sent HSTS falls short of: a max-age under the profile's (and never under one year), and includeSubDomains or preload the profile asks for. */
export type HstsShortfall = 'max-age' | 'include-subdomains' | 'preload';

/** How HSTS as sent falls short of the profile's (empty when it does not). */
export function hstsShortfalls(sent: Hsts, required: Hsts): HstsShortfall[] {
  return [
    ...(sent.maxAgeSeconds < Math.max(required.maxAgeSeconds, MIN_HSTS_MAX_AGE_SECONDS) ? (['max-age'] as const) : []),
    ...(required.includeSubdomains && !sent.includeSubdomains ? (['include-subdomains'] as const) : []),
    ...(required.preload && !sent.preload ? (['preload'] as const) : []),
  ];
}

/**
 * The security headers besides HSTS that every response must carry with the profile's value,
 * where the profile sets one, on every edge that can set them.
 */
export const REQUIRED_SECURITY_HEADERS: readonly string[] = ['X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy', 'Content-Security-Policy'];

/**
 * Whether a security header value an edge sends meets the profile's (HSTS aside: see
 * hstsShortfalls): a Content-Security-Policy no looser than the profile's; X-Frame-Options DENY for
 * SAMEORIGIN (stricter); Referrer-Policy no-referrer for any policy (it sends nothing);
 * otherwise the same value, case aside (nosniff, DENY).
 */
export function securityHeaderMeets(header: string, sent: string | undefined, required: string): boolean {
  if (sent === undefined) return false;
  const name = header.toLowerCase();
  if (name === 'content-security-policy') return contentSecurityPolicyNoLooser(sent, required);
  const value = sent.trim().toLowerCase();
  if (name === 'x-frame-options' && value === 'deny') return true;
  if (name === 'referrer-policy' && value === 'no-referrer') return true;
  return value === required.trim().toLowerCase();
}

/**
 * The comparison a certificate expiry alarm makes on DaysToExpiry: it fires when fewer days are
 * left than its threshold.
 */
export const CERTIFICATE_EXPIRY_COMPARISONS: readonly string[] = ['LessThanThreshold', 'LessThanOrEqualToThreshold'];

/**
 * Whether an alarm on a certificate's DaysToExpiry warns in time: it fires as the days left fall
 * (a less-than comparison) at a threshold of at least the profile's warning days.
 */
export function certificateExpiryAlarmWarnsInTime(alarm: { readonly comparisonOperator: string; readonly threshold: number }, warningDays: number): boolean {
  return CERTIFICATE_EXPIRY_COMPARISONS.includes(alarm.comparisonOperator) && alarm.threshold >= warningDays;
}

/** The TLS versions a viewer may be held to: 1.2 and later (1.0 and 1.1 are deprecated by RFC 8996). */
export const ACCEPTED_MINIMUM_TLS_VERSIONS: readonly string[] = ['1.2', '1.3'];

/** Whether a minimum TLS version ("1.0" … "1.3") lets viewers in below TLS 1.2; anything unknown does. */
export function acceptsTlsBelow12(minimumVersion: string): boolean {
  return !ACCEPTED_MINIMUM_TLS_VERSIONS.includes(minimumVersion);
}

/** The Cloudflare SSL modes that encrypt to the origin: full (certificate unverified) and strict (verified). */
export const ENCRYPTED_ORIGIN_SSL_MODES: readonly string[] = ['full', 'strict'];

/** Whether a Cloudflare SSL mode reaches the origin in plaintext (off, flexible); anything unknown is taken to. */
export function sendsPlaintextToOrigin(sslMode: string): boolean {
  return !ENCRYPTED_ORIGIN_SSL_MODES.includes(sslMode);
}

/** SSH, which only admin networks may reach. */
export const SSH_PORT = 22;
/** The ports an internet-facing load balancer serves: 80 only to redirect, 443. */
export const PUBLIC_WEB_PORTS: readonly number[] = [80, 443];

/**
 * Ports of administration and data services that are probed from the whole internet within
 * minutes of being opened: SSH, RDP and the common databases, caches and search engines. Every
 * port but the web ports is refused to the internet anyway; these give the refusal a name.
 */
export const NEVER_PUBLIC_PORTS: Readonly<Record<number, string>> = {
  22: 'SSH',
  1433: 'SQL Server',
  1521: 'Oracle',
  2049: 'NFS',
  3306: 'MySQL',
  3389: 'RDP',
  5432: 'PostgreSQL',
  5984: 'CouchDB',
  6379: 'Redis',
  9042: 'Cassandra',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  27017: 'MongoDB',
};

/** A port as a message names it: `5432 (PostgreSQL)`, or the number alone. */
export function describePort(port: number): string {
  const service = NEVER_PUBLIC_PORTS[port];
  return service === undefined ? String(port) : `${port} (${service})`;
}

/** Whether a port may be open to the internet: the web ports only. */
export function isPublicWebPort(port: number): boolean {
  return PUBLIC_WEB_PORTS.includes(port);
}

/** Whether a TCP port may be open to the whole internet under a profile's ingress ports: a web port the profile opens. */
export function mayOpenToInternet(port: number, ingressPorts: readonly number[]): boolean {
  return isPublicWebPort(port) && ingressPorts.includes(port);
}

/**
 * Whether an ingress permission opens a port the internet may not reach: any protocol (-1)
 * opens every port; TCP and UDP open their range (UDP none of the web ports); ICMP opens no port.
 * `fromPort`/`toPort` as CloudFormation takes them (-1 or absent: every port).
 */
export function opensForbiddenPort(
  permission: { readonly protocol: string; readonly fromPort?: number; readonly toPort?: number },
  ingressPorts: readonly number[],
): boolean {
  const protocol = permission.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (['icmp', '1', 'icmpv6', '58'].includes(protocol)) return false;
  const from = permission.fromPort === undefined || permission.fromPort === -1 ? 0 : permission.fromPort;
  const to = permission.toPort === undefined || permission.toPort === -1 ? 65_535 : permission.toPort;
  if (protocol !== 'tcp' && protocol !== '6') return to >= from; // UDP or another protocol: no web port
  for (let port = from; port <= to; port++) if (!mayOpenToInternet(port, ingressPorts)) return true;
  return false;
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
