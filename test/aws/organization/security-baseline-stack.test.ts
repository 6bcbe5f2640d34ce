import { App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { Profile } from '../../../lib/tooling';
import { SecurityBaselineStack } from '../../../lib/aws/organization/security-baseline-stack';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { SECURITY_ACCOUNT, baselineProfile, managementAndBaseline } from './baseline-fixtures';

/** The central topic's ARN as each stack instance builds it: the security account's topic in the instance's own region. */
const CENTRAL_TOPIC_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, `:${SECURITY_ACCOUNT}:bulwark-security-notifications`]],
};

describe('SecurityBaselineStack', () => {
  it("sends failed rotations of any secret to the central topic of the instance's region, through its own role", () => {
    const { baseline } = managementAndBaseline();
    const template = Template.fromStack(baseline);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.secretsmanager'], detail: { eventName: ['RotationFailed', 'RotationAbandoned'] } },
      Targets: [{ Arn: CENTRAL_TOPIC_ARN, RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CentralTopicPublisher'), 'Arn'] } }],
    });
  });

  it('watches failed rotations even when the profile lists no secret (application teams create them later)', () => {
    const baseline = new SecurityBaselineStack(new Stage(new App(), 'Members'), 'Baseline', { securityAccount: SECURITY_ACCOUNT });
    Template.fromStack(baseline).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { eventName: ['RotationFailed', 'RotationAbandoned'] } }),
    });
  });

  it("sends every read of the profile's critical secrets to the central topic", () => {
    const { baseline } = managementAndBaseline();
    Template.fromStack(baseline).hasResourceProperties('AWS::Events::Rule', {
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      EventPattern: Match.objectLike({
        detail: { eventName: ['GetSecretValue'], requestParameters: { secretId: Match.arrayWith(['production/payment/STRIPE_SECRET_KEY']) } },
      }),
      Targets: [Match.objectLike({ Arn: CENTRAL_TOPIC_ARN })],
    });
  });

  it('lets the publisher role publish to the central topic and use its key through SNS only', () => {
    const { baseline } = managementAndBaseline();
    const template = Template.fromStack(baseline);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
          }),
          Match.objectLike({ Action: 'sns:Publish', Resource: CENTRAL_TOPIC_ARN }),
        ]),
      },
    });
  });

  it('creates a rotating secrets key under a fixed alias, usable through Secrets Manager', () => {
    const { baseline } = managementAndBaseline();
    const template = Template.fromStack(baseline);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/bulwark/production/baseline' });
  });

  it('notifies the central topic from the alarms added to it', () => {
    const { baseline } = managementAndBaseline();
    baseline.alarms.alarmOnAuthFailures(new logs.LogGroup(baseline, 'AppLogs', { retention: logs.RetentionDays.THREE_MONTHS }));
    Template.fromStack(baseline).hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [CENTRAL_TOPIC_ARN] });
  });

  it('needs no bootstrap in member accounts: no BootstrapVersion parameter or rule', () => {
    const { baseline } = managementAndBaseline();
    const template = Template.fromStack(baseline).toJSON() as { Parameters?: object; Rules?: object };
    expect(template.Parameters).toBeUndefined();
    expect(template.Rules).toBeUndefined();
  });

  it('creates a trail when the profile asks (monitoring.cloudTrail), and none by default', () => {
    const withTrail = managementAndBaseline({ profile: Profile.fromObject({ name: 'demo', monitoring: { cloudTrail: true } }) }).baseline;
    Template.fromStack(withTrail).resourceCountIs('AWS::CloudTrail::Trail', 1);
    Template.fromStack(managementAndBaseline().baseline).resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  it('notifies exactly the topic ARN given for a one-region baseline', () => {
    const arn = `arn:aws:sns:eu-west-1:${SECURITY_ACCOUNT}:alerts`;
    const { baseline } = managementAndBaseline({ securityAccount: undefined, centralTopicArn: arn, env: { region: 'eu-west-1' } });
    Template.fromStack(baseline).hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: arn })] });
  });

  it('refuses neither or both of securityAccount and centralTopicArn, a bad account or topic name, and a topic of another region', () => {
    const stage = () => new Stage(new App(), 'Members');
    expect(() => new SecurityBaselineStack(stage(), 'B', {})).toThrow(/securityAccount: give either securityAccount/);
    expect(() => new SecurityBaselineStack(stage(), 'B', { securityAccount: SECURITY_ACCOUNT, centralTopicArn: 'arn:aws:sns:eu-west-1:1:t' })).toThrow(
      /not both or neither/,
    );
    expect(() => new SecurityBaselineStack(stage(), 'B', { securityAccount: '12345' })).toThrow(/securityAccount: not an AWS account ID/);
    expect(() => new SecurityBaselineStack(stage(), 'B', { securityAccount: SECURITY_ACCOUNT, centralTopicName: 'alerts:*' })).toThrow(
      /centralTopicName: not a topic name/,
    );
    expect(() => new SecurityBaselineStack(stage(), 'B', { centralTopicArn: 'arn:aws:sns:us-east-1:111111111111:t', env: { region: 'eu-west-1' } })).toThrow(
      /the topic is in us-east-1; alarms and rules in eu-west-1 can only notify a topic of their own region/,
    );
  });

  it('get zero findings from BulwarkChecks and no unacknowledged AwsSolutions findings', () => {
    const app = new App();
    const { baseline } = managementAndBaseline({ profile: Profile.fromObject({ ...baselineProfileInput(), monitoring: { cloudTrail: true } }) }, app);
    baseline.alarms.alarmOnAuthFailures(new logs.LogGroup(baseline, 'AppLogs', { retention: logs.RetentionDays.THREE_MONTHS }));
    new Stack(app, 'Unrelated');
    expect(new BulwarkChecks(undefined, { profile: baselineProfile() }).validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual([]);
  });

  it('leaves no unacknowledged AwsSolutions finding when given the topic ARN instead', () => {
    const app = new App();
    managementAndBaseline(
      { securityAccount: undefined, centralTopicArn: `arn:aws:sns:eu-west-1:${SECURITY_ACCOUNT}:alerts`, env: { region: 'eu-west-1' } },
      app,
    );
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual([]);
  });
});

function baselineProfileInput() {
  return { name: 'demo', secrets: { items: [{ name: 'STRIPE_SECRET_KEY', service: 'payment', tier: 'critical' as const }] } };
}
