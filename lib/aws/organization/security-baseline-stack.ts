import { ArnFormat, BootstraplessSynthesizer, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { AuditTrail } from '../monitoring/audit-trail';
import { SecurityAlarms } from '../monitoring/security-alarms';
import { createAuditRules } from '../secrets/audit-rules';
import { createSecretsKey, keyAliasProblems } from '../secrets/secrets-key';
import { CENTRAL_TOPIC_NAME, topicNameProblems } from './central-security-topic';

/** An AWS account ID: 12 digits. */
const ACCOUNT_ID = /^\d{12}$/;

export interface SecurityBaselineStackProps extends StackProps, PolicySourceProps {
  /**
   * The account of the CentralSecurityTopic: the baseline notifies the topic named
   * `centralTopicName` in that account and in the region each stack instance runs in (an alarm
   * or an EventBridge rule notifies only a topic of its own region). Give this or `centralTopicArn`.
   * @default - none; then `centralTopicArn` is required
   */
  readonly securityAccount?: string;
  /**
   * The central topic's name in `securityAccount`.
   * @default CENTRAL_TOPIC_NAME ('bulwark-security-notifications')
   */
  readonly centralTopicName?: string;
  /**
   * The central topic's full ARN, for a baseline deployed to that topic's region only. Give this or `securityAccount`.
   * @default - built from `securityAccount`, `centralTopicName` and the stack instance's region
   */
  readonly centralTopicArn?: string;
  /**
   * Create a CloudTrail trail in each account (AuditTrail). The secret read audit needs
   * CloudTrail management events; an organization trail already gives them.
   * @default - the profile's monitoring.cloudTrail (false unless set)
   */
  readonly auditTrail?: boolean;
  /**
   * The alias of the secrets key in each account: one fixed name, so that application teams find it.
   * @default - `alias/bulwark/<secrets namespace>/baseline`
   */
  readonly secretsKeyAlias?: string;
}

/**
 * The security baseline of one account and region, to deploy everywhere as a StackSet
 * (BaselineStackSet): a customer-managed key for secrets (rotation on, usable through Secrets
 * Manager by the account's principals), EventBridge rules that report failed rotations of any
 * secret and reads of the profile's audited secrets, a CloudTrail trail when asked, and a
 * SecurityAlarms whose alarms notify the central topic of the security account. Synthesized
 * without bootstrap and without assets, so that its template goes into a StackSet as it is.
 */
export class SecurityBaselineStack extends Stack {
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;
  /** The central topic every alarm and audit event of this baseline notifies. */
  public readonly centralTopic: sns.ITopic;
  public readonly secretsKey: kms.Key;
  /** The role EventBridge publishes to the central topic with (a topic of another account takes events only through one). */
  public readonly publisherRole: iam.Role;
  /** Alarms notifying the central topic: add the account's own (alarmOnAuthFailures, …) to the baseline here. */
  public readonly alarms: SecurityAlarms;
  public readonly auditTrail?: AuditTrail;

  constructor(scope: Construct, id: string, props: SecurityBaselineStackProps) {
    // A member account has no CDK bootstrap: the template must need neither its bucket nor its version parameter.
    super(scope, id, { ...props, synthesizer: props.synthesizer ?? new BootstraplessSynthesizer() });
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const { secrets, monitoring } = this.policy;
    const keyAlias = props.secretsKeyAlias ?? `alias/bulwark/${secrets.namespace}/baseline`;
    const centralTopicName = props.centralTopicName ?? CENTRAL_TOPIC_NAME;
    const problems = [...centralTopicProblems(props, this.region), ...topicNameProblems('centralTopicName', centralTopicName), ...keyAliasProblems(keyAlias)];
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    const topicArn = props.centralTopicArn ?? this.centralTopicArnOf(props.securityAccount as string, centralTopicName);
    this.centralTopic = sns.Topic.fromTopicArn(this, 'CentralTopic', topicArn);
    this.secretsKey = createSecretsKey(new Construct(this, 'Secrets'), secrets.namespace, keyAlias, true);
    this.publisherRole = this.createPublisherRole(topicArn, props.securityAccount);
    const audit = new Construct(this, 'SecretAudit');
    createAuditRules(audit, secrets.items, this.centralTopic, monitoring.auditSecretReads, { role: this.publisherRole, alwaysWatchRotation: true });
    this.alarms = new SecurityAlarms(this, 'Alarms', { profile: this.profile, topic: this.centralTopic });
    this.auditTrail = (props.auditTrail ?? monitoring.cloudTrail) ? new AuditTrail(this, 'AuditTrail') : undefined;
  }

  /** The topic of that name in the security account, in this stack instance's own region. */
  private centralTopicArnOf(securityAccount: string, topicName: string): string {
    return this.formatArn({ service: 'sns', account: securityAccount, resource: topicName });
  }

  /**
   * EventBridge publishes to a topic of another account only through a role of the rule's
   * account (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-cross-account.html);
   * the topic is encrypted, so the role also needs its key, which this account cannot name.
   * sns:Publish on the topic is granted by the rule targets (targets.SnsTopic with this role).
   */
  private createPublisherRole(topicArn: string, securityAccount: string | undefined): iam.Role {
    const role = new iam.Role(this, 'CentralTopicPublisher', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: 'EventBridge publishes audit events to the central security topic with this role',
    });
    const topic = securityAccount !== undefined ? { region: this.region, account: securityAccount } : topicRegionAndAccount(this, topicArn);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'UseCentralTopicKeyThroughSns',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: [this.formatArn({ service: 'kms', region: topic.region, account: topic.account, resource: 'key', resourceName: '*' })],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${topic.region}.amazonaws.com` } },
      }),
    );
    // cdk-nag names each wildcard finding by the rendered action or resource.
    const label = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const reason = "The central topic's key is in the security account and its ID unknown here; the statement reaches that account's keys only through SNS.";
    Validations.of(role).acknowledge(
      { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason },
      { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${label(topic.region, 'Region')}:${label(topic.account, 'AccountId')}:key/*]`, reason },
    );
    return role;
  }
}

/** The region and account of a topic ARN: read from the string when it is one, else at deploy time. */
function topicRegionAndAccount(scope: Stack, topicArn: string): { region: string; account: string } {
  if (!Token.isUnresolved(topicArn)) {
    const [, , , region, account] = topicArn.split(':');
    return { region, account };
  }
  const parts = scope.splitArn(topicArn, ArnFormat.NO_RESOURCE_NAME);
  return { region: parts.region as string, account: parts.account as string };
}

function centralTopicProblems(props: SecurityBaselineStackProps, region: string): HardeningProblem[] {
  const { securityAccount, centralTopicArn } = props;
  if ((securityAccount === undefined) === (centralTopicArn === undefined)) {
    return [
      {
        field: 'securityAccount',
        message: 'give either securityAccount (the central topic in every region) or centralTopicArn (one region), not both or neither',
      },
    ];
  }
  if (securityAccount !== undefined && !Token.isUnresolved(securityAccount) && !ACCOUNT_ID.test(securityAccount)) {
    return [{ field: 'securityAccount', message: 'not an AWS account ID: 12 digits' }];
  }
  if (centralTopicArn !== undefined && !Token.isUnresolved(centralTopicArn) && !centralTopicArn.startsWith('arn:')) {
    return [{ field: 'centralTopicArn', message: 'not an ARN: arn:<partition>:sns:<region>:<account>:<topic>' }];
  }
  const topicRegion = centralTopicArn === undefined || Token.isUnresolved(centralTopicArn) ? undefined : centralTopicArn.split(':')[3];
  if (topicRegion !== undefined && !Token.isUnresolved(region) && topicRegion !== region) {
    return [
      {
        field: 'centralTopicArn',
        message: `the topic is in ${topicRegion}; alarms and rules in ${region} can only notify a topic of their own region (give securityAccount instead)`,
      },
    ];
  }
  return [];
}
