import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/**
 * A CloudTrail trail is recording (IsLogging; a trail created stopped records nothing) in every
 * region, with log files encrypted by a KMS key and signed (file validation), so the audit trail
 * can be neither read nor rewritten unnoticed. Each missing protection is a finding of its own.
 */
export const TrailProtected: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::CloudTrail::Trail') return NOT_APPLICABLE;
  const key = resolved(node, 'kmsKeyId');
  const validation = resolved(node, 'enableLogFileValidation');
  const multiRegion = resolved(node, 'isMultiRegionTrail');
  const logging = resolved(node, 'isLogging');
  // A key given as a reference is still a key; only the three switches must be known.
  if (isIntrinsic(validation) || isIntrinsic(multiRegion) || isIntrinsic(logging)) return UNRESOLVED;
  const findings = [
    ...(logging === true ? [] : ['not-logging']),
    ...(key === undefined || key === '' ? ['not-encrypted'] : []),
    ...(validation === true ? [] : ['no-file-validation']),
    ...(multiRegion === true ? [] : ['single-region']),
  ];
  return findings.length === 0 ? COMPLIANT : findings;
};
