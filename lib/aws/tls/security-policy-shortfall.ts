import type { TlsPolicy } from '../../policy/model';
import { cipherPolicyMeets } from '../../policy/tls-cipher-suites';
import { CLOUDFRONT_POLICY_CIPHERS, ELB_POLICY_CIPHERS } from './security-policy-ciphers';

/**
 * Why a predefined security policy falls short of the profile: `unknown` (a name Bulwark does
 * not know, so nothing is known about it), `ciphers` (it offers suites tls.ciphers does not
 * allow), `tls-1.2-allowed` (it accepts TLS 1.2 where tls.minVersion is "1.3").
 */
export type SecurityPolicyShortfall = 'unknown' | 'ciphers' | 'tls-1.2-allowed';

type TlsFloor = Pick<TlsPolicy, 'minVersion' | 'ciphers'>;

function shortfall(table: ReadonlyMap<string, TlsPolicy['ciphers']>, tls13Only: boolean, name: string, tls: TlsFloor): SecurityPolicyShortfall | undefined {
  if (!table.has(name)) return 'unknown';
  if (!cipherPolicyMeets(table.get(name), tls.ciphers)) return 'ciphers';
  return tls.minVersion === '1.3' && !tls13Only ? 'tls-1.2-allowed' : undefined;
}

/**
 * How an ELB (ALB HTTPS, NLB TLS) security policy falls short of the profile's TLS floor and
 * ciphers; undefined when it meets both. Only the TLS13-1-3 family accepts TLS 1.3 alone.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export function elbPolicyShortfall(name: string, tls: TlsFloor): SecurityPolicyShortfall | undefined {
  return shortfall(ELB_POLICY_CIPHERS, name.startsWith('ELBSecurityPolicy-TLS13-1-3-'), name, tls);
}

/**
 * How a CloudFront viewer security policy (minimumProtocolVersion) falls short of the profile's
 * TLS floor and ciphers; undefined when it meets both. Only TLSv1.3_2025 accepts TLS 1.3 alone.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export function cloudFrontPolicyShortfall(name: string, tls: TlsFloor): SecurityPolicyShortfall | undefined {
  return shortfall(CLOUDFRONT_POLICY_CIPHERS, name.startsWith('TLSv1.3_'), name, tls);
}
