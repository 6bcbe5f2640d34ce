import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { CENTRAL_TOPIC_NAME, CentralSecurityTopic } from '../../../lib/aws/organization/central-security-topic';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';
import { ORGANIZATION_ID, baselineProfile } from './baseline-fixtures';

const env = { account: '111111111111', region: 'eu-west-1' };

function centralStack(): { stack: Stack; central: CentralSecurityTopic } {
  const stack = new Stack(new App(), 'Security', { env });
  return { stack, central: new CentralSecurityTopic(stack, 'Central', { organizationId: ORGANIZATION_ID, profile: baselineProfile() }) };
}

describe('CentralSecurityTopic', () => {
  it('has the fixed name member baselines build its ARN from, and is encrypted with a key of its own', () => {
    const { stack } = centralStack();
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Topic', {
      TopicName: CENTRAL_TOPIC_NAME,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CentralAlarmsTopicKey'), 'Arn'] },
    });
  });

  it("lets the organization's alarms (aws:SourceOrgID) and roles (aws:PrincipalOrgID) publish, and no one else's", () => {
    const { stack } = centralStack();
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowAlarmsOfTheOrganization',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceOrgID': ORGANIZATION_ID } },
          }),
          Match.objectLike({
            Sid: 'AllowRolesOfTheOrganization',
            Action: 'sns:Publish',
            Principal: { AWS: '*' },
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
          }),
        ]),
      },
    });
  });

  it("lets the organization's publishers use the topic key, roles only through SNS", () => {
    const { stack } = centralStack();
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowAlarmsOfTheOrganization',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceOrgID': ORGANIZATION_ID } },
          }),
          Match.objectLike({
            Sid: 'AllowRolesOfTheOrganizationThroughSns',
            Principal: { AWS: '*' },
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID, 'kms:ViaService': 'sns.eu-west-1.amazonaws.com' } },
          }),
        ]),
      },
    });
  });

  it("subscribes the profile's emails", () => {
    const { stack } = centralStack();
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
  });

  it('refuses an organization ID or topic name AWS would not take, without echoing them', () => {
    const stack = new Stack(new App(), 'Security', { env });
    expect(() => new CentralSecurityTopic(stack, 'Central', { organizationId: 'org-1', topicName: 'a topic' })).toThrow(
      /organizationId: not an organization ID[\s\S]*topicName: not a topic name/,
    );
  });

  it('get zero findings from BulwarkChecks and no AwsSolutions findings', () => {
    const { stack } = centralStack();
    const app = stack.node.root;
    const profile = baselineProfile();
    expect(new BulwarkChecks(undefined, { profile }).validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual([]);
  });
});

describe('CentralSecurityTopic under the CloudFormation validator', () => {
  useCloudFormationValidator();

  it('synthesizes a valid template', () => {
    expect(synthValidated((stack) => new CentralSecurityTopic(stack, 'Central', { organizationId: ORGANIZATION_ID, profile: baselineProfile() }))).toEqual([]);
  });
});
