import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../lib/aws/monitoring/audit-trail';
import { SecurityAlarms } from '../../../lib/aws/monitoring/security-alarms';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { Profile } from '../../../lib/tooling';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';

const env = { account: '123456789012', region: 'eu-west-1' };

describe('AuditTrail', () => {
  it('logs management events of every region, signed and encrypted with a key only CloudTrail of this account may use', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const audit = new AuditTrail(stack, 'Audit');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditKey'), 'Arn'] },
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudTrailToEncrypt',
            Action: 'kms:GenerateDataKey*',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              StringLike: {
                'kms:EncryptionContext:aws:cloudtrail:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:123456789012:trail/*']] },
              },
            },
          }),
        ]),
      },
    });
    expect(audit.trail).toBeDefined();
  });

  it('keeps its logs in a private, versioned, TLS-only bucket that outlives the stack, with its access logged', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    new AuditTrail(stack, 'Audit');
    const template = Template.fromStack(stack);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^AuditAccessLogBucket') } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('detection resources under the CloudFormation validator (strict mode)', () => {
  useCloudFormationValidator();

  it('has zero findings: trail, attack alarms, Contributor Insights rules and their alarms', () => {
    const violations = synthValidated((stack) => {
      const profile = Profile.fromObject({ name: 'demo', waf: { managedRules: ['sqlDatabase'] }, monitoring: { notify: { email: ['security@example.com'] } } });
      new AuditTrail(stack, 'Audit');
      const alarms = new SecurityAlarms(stack, 'Alarms', { profile });
      alarms.alarmOnWebAcl(new HardenedWebAcl(stack, 'Waf', { profile }));
      alarms.alarmOnFailedLoginsPerContributor(new logs.LogGroup(stack, 'AppLogs'));
    });
    expect(violations).toEqual([]);
  });
});

describe('the detection constructs under their own checks', () => {
  function detectionApp(): App {
    const app = new App();
    const stack = new Stack(app, 'Detection', { env });
    const profile = Profile.fromObject({ name: 'demo', monitoring: { notify: { email: ['security@example.com'] } } });
    new AuditTrail(stack, 'Audit');
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile });
    alarms.alarmOnWebAcl(new HardenedWebAcl(stack, 'Waf', { profile }));
    alarms.alarmOnFailedLoginsPerContributor(new logs.LogGroup(stack, 'AppLogs', { retention: logs.RetentionDays.ONE_YEAR }));
    return app;
  }

  it('get zero findings from BulwarkChecks', () => {
    const profile = Profile.fromObject({ name: 'demo' });
    expect(
      new BulwarkChecks(undefined, { profile }).validateScope(detectionApp()).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`),
    ).toEqual([]);
  });

  it('get no unacknowledged AwsSolutions findings', () => {
    expect(new AwsSolutionsChecks().validateScope(detectionApp()).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual([]);
  });
});
