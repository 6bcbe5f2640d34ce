import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { TlsPolicy } from '../../policy/model';

// Pure, without aws-cdk-lib (the doctor runs it): kept in ./tls-problems, exported here as before.
export { tlsProblems } from './tls-problems';

/**
 * The ALB security policy for the profile's TLS floor and ciphers, each in its hybrid
 * post-quantum variant when `tls.postQuantum` is on: for "1.3" the TLS 1.3-only policy (every
 * TLS 1.3 suite is forward-secret AEAD); for "1.2" the restricted TLS 1.3 + 1.2 policy (ECDHE
 * with AES-GCM only) under `tls.ciphers: modern`, the recommended one (which adds ECDHE AES-CBC
 * with SHA-256/384) under `compatible`. ALB offers no ChaCha20-Poly1305, so modern is a subset
 * of the profile's set, never more. Call after `tlsProblems` came back empty.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export function loadBalancerSslPolicy(tls: TlsPolicy): elbv2.SslPolicy {
  if (tls.minVersion === '1.3') return tls.postQuantum ? elbv2.SslPolicy.TLS13_13_PQ : elbv2.SslPolicy.TLS13_13;
  if (tls.ciphers === 'modern') return tls.postQuantum ? elbv2.SslPolicy.TLS13_12_RES_PQ : elbv2.SslPolicy.TLS13_RES;
  return tls.postQuantum ? elbv2.SslPolicy.TLS13_12_PQ : elbv2.SslPolicy.RECOMMENDED_TLS;
}

/**
 * The CloudFront viewer security policy for the profile's TLS floor and ciphers: TLSv1.3_2025
 * for "1.3"; for "1.2", TLSv1.2_2021 (ECDHE with AES-GCM or ChaCha20-Poly1305: exactly modern)
 * or TLSv1.2_2019 (which adds ECDHE AES-CBC with SHA-256/384: exactly compatible).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
 */
export function cloudFrontSecurityPolicy(tls: TlsPolicy): cloudfront.SecurityPolicyProtocol {
  if (tls.minVersion === '1.3') return cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025;
  return tls.ciphers === 'modern' ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : cloudfront.SecurityPolicyProtocol.TLS_V1_2_2019;
}
