import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { PolicySecret } from '../../policy/model';

/** The EventBridge rules under `scope` that send reads of critical secrets (`CriticalReads`) and failed rotations (`RotationFailures`) to `topic`. */
export function createAuditRules(scope: Construct, items: readonly PolicySecret[], topic: sns.ITopic): void {
  const target = new targets.SnsTopic(topic);
  const critical = items.filter((item) => item.tier === 'critical');
  if (critical.length > 0) {
    const reads = new events.Rule(scope, 'CriticalReads', {
      description: 'Every read of a critical secret (CloudTrail GetSecretValue; needs a CloudTrail trail in the account)',
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventName: ['GetSecretValue'], requestParameters: { secretId: critical.flatMap((item) => secretIdPatterns(item.id)) } },
      },
      targets: [target],
    });
    // GetSecretValue is a read-only management event: EventBridge delivers those only in this state.
    (reads.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  }
  if (items.length > 0) {
    new events.Rule(scope, 'RotationFailures', {
      description: 'Failed rotations of any secret',
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: { eventName: ['RotationFailed', 'RotationAbandoned'] },
      },
      targets: [target],
    });
  }
}

/** How a call names one secret: by name, by full ARN (name plus the 6-character suffix) or by partial ARN. */
export function secretIdPatterns(secretId: string): (string | { wildcard: string })[] {
  return [secretId, { wildcard: `arn:*:secretsmanager:*:*:secret:${secretId}` }, { wildcard: `arn:*:secretsmanager:*:*:secret:${secretId}-??????` }];
}
