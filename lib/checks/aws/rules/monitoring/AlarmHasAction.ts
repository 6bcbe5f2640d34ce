import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';

/** A CloudWatch alarm notifies someone: actions enabled and at least one alarm action. */
export const AlarmHasAction: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::CloudWatch::Alarm') return NOT_APPLICABLE;
  const enabled = resolved(node, 'actionsEnabled');
  const actions = resolved<unknown[]>(node, 'alarmActions');
  if (isIntrinsic(enabled) || isIntrinsic(actions)) return UNRESOLVED;
  return compliantIf(enabled !== false && Array.isArray(actions) && actions.length > 0);
};
