import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { PolicySecret } from '../../policy/model';
import { SECRET_TIERS, type SecretTier } from '../../profile/schema';

/** The read rule of each tier: construct id and the word its description uses. */
const READ_RULES: Readonly<Record<SecretTier, { readonly id: string; readonly label: string }>> = {
  critical: { id: 'CriticalReads', label: 'critical' },
  sensitive: { id: 'SensitiveReads', label: 'sensitive' },
  standard: { id: 'StandardReads', label: 'standard' },
};

/** Where audit events go besides the topic, for a rule set that is not one app's own. */
export interface AuditRuleOptions {
  /**
   * The role EventBridge publishes with: a topic of another account takes events only through
   * a role of the rule's account (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html).
   * @default - none: the topic's policy lets EventBridge publish
   */
  readonly role?: iam.IRole;
  /**
   * Watch failed rotations even when `items` is empty: an account baseline watches the secrets
   * its application teams create later.
   * @default false
   */
  readonly alwaysWatchRotation?: boolean;
}

/**
 * The EventBridge rules under `scope` that send reads of the secrets of each audited tier
 * (`CriticalReads`, `SensitiveReads`, `StandardReads`) and failed rotations (`RotationFailures`) to `topic`.
 *
 * @param auditedTiers the tiers whose reads are sent (the profile's monitoring.auditSecretReads)
 */
export function createAuditRules(
  scope: Construct,
  items: readonly PolicySecret[],
  topic: sns.ITopic,
  auditedTiers: readonly SecretTier[] = ['critical'],
  options: AuditRuleOptions = {},
): void {
  const target = new targets.SnsTopic(topic, options.role ? { role: options.role } : {});
  // One rule per tier keeps each event pattern small and the critical rule's id what it always was.
  for (const tier of SECRET_TIERS.filter((candidate) => auditedTiers.includes(candidate)).reverse()) {
    const audited = items.filter((item) => item.tier === tier);
    if (audited.length === 0) continue;
    const { id, label } = READ_RULES[tier];
    const reads = new events.Rule(scope, id, {
      description: `Every read of a ${label} secret (CloudTrail GetSecretValue; needs a CloudTrail trail in the account)`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventName: ['GetSecretValue'], requestParameters: { secretId: audited.flatMap((item) => secretIdPatterns(item.id)) } },
      },
      targets: [target],
    });
    // GetSecretValue is a read-only management event: EventBridge delivers those only in this state.
    (reads.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  }
  if (items.length > 0 || options.alwaysWatchRotation === true) {
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
