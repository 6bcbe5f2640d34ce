import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/** A log group keeps its events at least the profile's monitoring.logRetentionDays (no retention means forever). */
export const LogGroupRetention: AwsRule = (node, { policy }) => {
  if (node.cfnResourceType !== 'AWS::Logs::LogGroup') return NOT_APPLICABLE;
  const days = resolved(node, 'retentionInDays');
  if (isIntrinsic(days)) return UNRESOLVED;
  return compliantIf(days === undefined || (typeof days === 'number' && days >= policy.monitoring.logRetentionDays));
};
