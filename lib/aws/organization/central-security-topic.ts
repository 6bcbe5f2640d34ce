import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import { profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import { type Profile, profileOfValidated } from '../../profile/profile';
import { profileData } from '../../profile/profile-data';
import { SecurityAlarms } from '../monitoring/security-alarms';

/** The central topic's name unless told otherwise: one fixed name, so that a baseline in any region can build its ARN. */
export const CENTRAL_TOPIC_NAME = 'bulwark-security-notifications';

/** An organization ID as AWS Organizations writes it (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html). */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** What SNS accepts as a topic name: 1 to 256 letters, digits, hyphens and underscores. */
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

export interface CentralSecurityTopicProps extends PolicySourceProps {
  /** The organization whose accounts may publish: `o-` and 10 to 32 lowercase letters or digits. */
  readonly organizationId: string;
  /**
   * The topic's name. Member-account baselines build the topic's ARN from it, the security
   * account and their own region (SecurityBaselineStack's `securityAccount`).
   * @default CENTRAL_TOPIC_NAME ('bulwark-security-notifications')
   */
  readonly topicName?: string;
}

/**
 * The one topic, in the security account, that the security alarms and audit events of every
 * member account notify: the SecurityAlarms topic (TLS only, encrypted with a key of its own,
 * subscribed to the profile's emails), with a fixed name, whose policy and key let the
 * organization's accounts publish and no one else. Deploy one in each region the baseline
 * StackSet targets: an alarm or an EventBridge rule notifies only a topic of its own region.
 */
export class CentralSecurityTopic extends Construct {
  public readonly topic: sns.ITopic;
  /** The key encrypting the topic. */
  public readonly key: kms.IKey;
  /** The security account's own alarms, notifying this topic. */
  public readonly alarms: SecurityAlarms;
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;

  constructor(scope: Construct, id: string, props: CentralSecurityTopicProps) {
    super(scope, id);
    const topicName = props.topicName ?? CENTRAL_TOPIC_NAME;
    const problems = centralTopicProblems(props.organizationId, topicName);
    if (problems.length > 0) throw new HardeningValidationError(this, problems);
    this.profile = profileFrom(props);
    // This construct is the topic: a topic named in the profile (notify.snsTopicArn) would take its place.
    const data = profileData(this.profile);
    const { snsTopicArn: _named, ...notify } = data.monitoring.notify;
    const ownTopic = profileOfValidated({ ...data, monitoring: { ...data.monitoring, notify } });
    this.alarms = new SecurityAlarms(this, 'Alarms', { profile: ownTopic });
    this.topic = this.alarms.topic;
    this.key = this.alarms.topicKey as kms.IKey;
    (this.topic.node.defaultChild as sns.CfnTopic).topicName = topicName;
    this.allowOrganization(props.organizationId);
  }

  /**
   * CloudWatch alarms of member accounts publish as the CloudWatch service on their account's
   * behalf (aws:SourceOrgID, as aws-samples/amazon-cloudwatch-auto-alarms grants it); EventBridge
   * rules of member accounts publish through a role of their account (aws:PrincipalOrgID).
   * Either needs the key as well as the topic.
   */
  private allowOrganization(organizationId: string): void {
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfTheOrganization',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceOrgID': organizationId } },
      }),
    );
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowRolesOfTheOrganization',
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
      }),
    );
    const keyActions = ['kms:Decrypt', 'kms:GenerateDataKey*'];
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfTheOrganization',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: keyActions,
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceOrgID': organizationId } },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowRolesOfTheOrganizationThroughSns',
        principals: [new iam.AnyPrincipal()],
        actions: keyActions,
        resources: ['*'],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId, 'kms:ViaService': `sns.${this.topic.env.region}.amazonaws.com` } },
      }),
    );
  }
}

function centralTopicProblems(organizationId: string, topicName: string): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  if (!Token.isUnresolved(organizationId) && !ORGANIZATION_ID.test(organizationId)) {
    problems.push({ field: 'organizationId', message: 'not an organization ID: o- then 10 to 32 lowercase letters or digits' });
  }
  return [...problems, ...topicNameProblems('topicName', topicName)];
}

/** A problem when `topicName` is not a name SNS takes (tokens pass: known only at deploy time). */
export function topicNameProblems(field: string, topicName: string): HardeningProblem[] {
  return Token.isUnresolved(topicName) || TOPIC_NAME.test(topicName)
    ? []
    : [{ field, message: 'not a topic name: 1 to 256 letters, digits, hyphens and underscores' }];
}
