import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/**
 * A distribution serves a certificate of its own with a minimum viewer protocol of TLS 1.2 or 1.3
 * (every `TLSv1.2_*` and `TLSv1.3_*` policy; which ciphers the older 1.2 policies allow is a
 * cipher question, not a version one); the default certificate accepts TLS 1.0.
 */
export const CloudFrontMinimumTls: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const config = resolved<{ viewerCertificate?: { minimumProtocolVersion?: unknown; cloudFrontDefaultCertificate?: unknown } }>(node, 'distributionConfig');
  const certificate = config?.viewerCertificate;
  if (isIntrinsic(certificate) || isIntrinsic(certificate?.minimumProtocolVersion)) return UNRESOLVED;
  const version = certificate?.minimumProtocolVersion;
  return compliantIf(
    certificate !== undefined && certificate.cloudFrontDefaultCertificate !== true && typeof version === 'string' && /^TLSv1\.[23]_/.test(version),
  );
};
