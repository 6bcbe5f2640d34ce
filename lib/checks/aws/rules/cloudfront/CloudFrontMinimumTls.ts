import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { CLOUDFRONT_POLICY_CIPHERS } from '../../../../aws/tls/security-policy-ciphers';
import { cipherPolicyMeets } from '../../../../policy/tls-cipher-suites';

/**
 * A distribution serves a certificate of its own with a minimum viewer protocol of TLS 1.2 or 1.3
 * whose cipher suites the profile's tls.ciphers allows: TLSv1.2_2021, TLSv1.2_2025 or
 * TLSv1.3_2025 under modern, also TLSv1.2_2019 under compatible (TLSv1.2_2018 offers RSA key
 * exchange); the default certificate accepts TLS 1.0.
 */
export const CloudFrontMinimumTls: AwsRule = (node, { policy: { tls } }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const config = resolved<{ viewerCertificate?: { minimumProtocolVersion?: unknown; cloudFrontDefaultCertificate?: unknown } }>(node, 'distributionConfig');
  const certificate = config?.viewerCertificate;
  if (isIntrinsic(certificate) || isIntrinsic(certificate?.minimumProtocolVersion)) return UNRESOLVED;
  const version = certificate?.minimumProtocolVersion;
  return compliantIf(
    certificate !== undefined &&
      certificate.cloudFrontDefaultCertificate !== true &&
      typeof version === 'string' &&
      cipherPolicyMeets(CLOUDFRONT_POLICY_CIPHERS.get(version), tls.ciphers),
  );
};
