import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { PolicySecret } from '../../policy/model';

/** A value set out of band cannot be rotated by a function: its owners are reminded on schedule instead (`Reminder-<service>-<NAME>` under `scope`). */
export function remindToRotate(scope: Construct, item: PolicySecret, every: Duration, topic: sns.ITopic): events.Rule {
  return new events.Rule(scope, `Reminder-${item.service}-${item.name}`, {
    description: `Rotation reminder for ${item.id}`,
    schedule: events.Schedule.rate(every),
    targets: [
      new targets.SnsTopic(topic, {
        message: events.RuleTargetInput.fromText(`Rotate ${item.id}: its value is set out of band and is due every ${item.rotationDays} days.`),
      }),
    ],
  });
}
