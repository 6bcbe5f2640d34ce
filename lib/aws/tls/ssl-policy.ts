import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { TlsPolicy } from '../../policy/model';

// Pure, without aws-cdk-lib (the doctor runs it): kept in ./tls-problems, exported here as before.
export { tlsProblems } from './tls-problems';

/**
 * The ALB security policy for the profile's TLS floor: the recommended TLS 1.3 + 1.2 policy
 * for "1.2", the TLS 1.3-only policy for "1.3", each in its hybrid post-quantum variant when
 * `tls.postQuantum` is on. Call after `tlsProblems` came back empty.
 */
export function loadBalancerSslPolicy(tls: TlsPolicy): elbv2.SslPolicy {
  if (tls.minVersion === '1.3') return tls.postQuantum ? elbv2.SslPolicy.TLS13_13_PQ : elbv2.SslPolicy.TLS13_13;
  return tls.postQuantum ? elbv2.SslPolicy.TLS13_12_PQ : elbv2.SslPolicy.RECOMMENDED_TLS;
}

/** The CloudFront viewer security policy for the profile's TLS floor. */
export function cloudFrontSecurityPolicy(tls: TlsPolicy): cloudfront.SecurityPolicyProtocol {
  return tls.minVersion === '1.3' ? cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025 : cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021;
}
