import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';

/** The only rule state in which EventBridge delivers read-only management events such as GetSecretValue. */
const DELIVERS_READS = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/**
 * An EventBridge rule that watches secret reads (GetSecretValue from aws.secretsmanager) is in
 * the state that delivers them: enabled alone, it never fires, and the audit is silent
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html).
 */
export const SecretReadAuditDelivered: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::Events::Rule') return NOT_APPLICABLE;
  const pattern = resolved(node, 'eventPattern');
  if (pattern === undefined) return NOT_APPLICABLE;
  if (!isDataObject(pattern)) return UNRESOLVED;
  const detail = pattern.detail;
  const eventNames = isDataObject(detail) ? detail.eventName : undefined;
  const watchesReads = JSON.stringify(pattern.source ?? []).includes('aws.secretsmanager') && JSON.stringify(eventNames ?? []).includes('"GetSecretValue"');
  if (!watchesReads) return NOT_APPLICABLE;
  const state = resolved(node, 'state');
  if (isIntrinsic(state)) return UNRESOLVED;
  return compliantIf(state === DELIVERS_READS);
};
