import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/** A distribution serves a certificate of its own with a minimum viewer protocol of TLS 1.2 (2021 or later) or 1.3; the default certificate accepts TLS 1.0. */
export const CloudFrontMinimumTls: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::CloudFront::Distribution') return NOT_APPLICABLE;
  const config = resolved<{ viewerCertificate?: { minimumProtocolVersion?: unknown; cloudFrontDefaultCertificate?: unknown } }>(node, 'distributionConfig');
  const certificate = config?.viewerCertificate;
  if (isIntrinsic(certificate) || isIntrinsic(certificate?.minimumProtocolVersion)) return UNRESOLVED;
  const version = certificate?.minimumProtocolVersion;
  return compliantIf(
    certificate !== undefined &&
      certificate.cloudFrontDefaultCertificate !== true &&
      typeof version === 'string' &&
      /^TLSv1\.(2_20(2[1-9]|[3-9]\d)|3_)/.test(version),
  );
};
