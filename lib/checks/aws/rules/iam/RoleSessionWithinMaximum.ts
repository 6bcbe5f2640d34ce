import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/** A role's MaxSessionDuration (default 1 hour) stays within the profile's secrets.access.maxSessionDuration. */
export const RoleSessionWithinMaximum: AwsRule = (node, { policy }) => {
  if (node.cfnResourceType !== 'AWS::IAM::Role') return NOT_APPLICABLE;
  const seconds = resolved(node, 'maxSessionDuration') ?? 3_600;
  if (isIntrinsic(seconds) || typeof seconds !== 'number') return UNRESOLVED;
  return compliantIf(seconds <= Math.max(3_600, policy.secrets.access.maxSessionSeconds));
};
