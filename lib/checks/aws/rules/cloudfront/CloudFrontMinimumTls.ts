import type { AwsRule } from '../../aws-rule';
import { compliantIf, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { cloudFrontPolicyShortfall } from '../../../../aws/tls/security-policy-shortfall';

/**
 * A distribution serves a certificate of its own with a minimum viewer protocol of TLS 1.2 or 1.3
 * whose cipher suites the profile's tls.ciphers allows: TLSv1.2_2021, TLSv1.2_2025 or
 * TLSv1.3_2025 under modern, also TLSv1.2_2019 under compatible (TLSv1.2_2018 offers RSA key
 * exchange); the default certificate accepts TLS 1.0. Under a TLS 1.3 floor only TLSv1.3_2025
 * passes: a TLSv1.2_… policy gives the finding `tls-1.2-allowed`.
 */
export const CloudFrontMinimumTls: AwsRule = (node, { policy: { tls } }) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const config = resolved<{ viewerCertificate?: { minimumProtocolVersion?: unknown; cloudFrontDefaultCertificate?: unknown } }>(node, 'distributionConfig');
  const certificate = config?.viewerCertificate;
  if (isIntrinsic(certificate) || isIntrinsic(certificate?.minimumProtocolVersion)) return UNRESOLVED;
  const version = certificate?.minimumProtocolVersion;
  if (certificate === undefined || certificate.cloudFrontDefaultCertificate === true || typeof version !== 'string') return NON_COMPLIANT;
  const shortfall = cloudFrontPolicyShortfall(version, tls);
  if (shortfall === 'tls-1.2-allowed') return [shortfall];
  return compliantIf(shortfall === undefined);
};
