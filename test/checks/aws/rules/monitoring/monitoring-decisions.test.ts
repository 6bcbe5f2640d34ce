// The monitoring and identity rules on the values their resources can hold: unset, set, and known
// only at deploy time (CW1 alarms, ACM1 certificate alarms, LOG1 retention, LOG2 secret-read
// audit rules, LOG3 trails, IAM2 sessions).
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { CfnResource } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED, type AwsRule } from '../../../../../lib/checks/aws/aws-rule';
import { RoleSessionWithinMaximum } from '../../../../../lib/checks/aws/rules/iam/RoleSessionWithinMaximum';
import { AlarmHasAction } from '../../../../../lib/checks/aws/rules/monitoring/AlarmHasAction';
import { CertificateExpiryAlarm } from '../../../../../lib/checks/aws/rules/monitoring/CertificateExpiryAlarm';
import { LogGroupRetention } from '../../../../../lib/checks/aws/rules/monitoring/LogGroupRetention';
import { SecretReadAuditDelivered } from '../../../../../lib/checks/aws/rules/monitoring/SecretReadAuditDelivered';
import { TrailProtected } from '../../../../../lib/checks/aws/rules/monitoring/TrailProtected';

const policy = buildPolicy(extendPreset('baseline', { name: 'demo' }));

function judge(rule: AwsRule, build: (stack: Stack) => CfnResource): unknown {
  const app = new App();
  const node = build(new Stack(app, 'S'));
  return rule(node, { index: AppIndex.of(app), policy });
}

describe('Bulwark-CW1: an alarm notifies someone', () => {
  const alarm = (props: Partial<cloudwatch.CfnAlarmProps>) => (s: Stack) =>
    new cloudwatch.CfnAlarm(s, 'Alarm', { comparisonOperator: 'GreaterThanThreshold', evaluationPeriods: 1, threshold: 1, ...props });

  it('passes an alarm with an action and actions not disabled, flags one with no action list', () => {
    expect(judge(AlarmHasAction, alarm({ alarmActions: ['arn:aws:sns:eu-west-1:1:t'] }))).toBe(COMPLIANT);
    expect(judge(AlarmHasAction, alarm({}))).toBe(NON_COMPLIANT);
  });

  it('is unresolved when the actions or whether they are enabled are known only at deploy time', () => {
    expect(judge(AlarmHasAction, alarm({ alarmActions: Fn.split(',', Fn.importValue('Topics')) }))).toEqual(UNRESOLVED);
    expect(judge(AlarmHasAction, alarm({ alarmActions: ['arn:aws:sns:eu-west-1:1:t'], actionsEnabled: Fn.conditionIf('On', true, false) as never }))).toEqual(
      UNRESOLVED,
    );
  });
});

describe('Bulwark-ACM1: a certificate has an alarm on its days to expiry', () => {
  const certificate =
    (...alarms: Partial<cloudwatch.CfnAlarmProps>[]) =>
    (s: Stack) => {
      const cert = new acm.CfnCertificate(s, 'Cert', { domainName: 'example.com' });
      alarms.forEach(
        (props, i) =>
          new cloudwatch.CfnAlarm(s, `Alarm${i}`, {
            comparisonOperator: 'LessThanThreshold',
            evaluationPeriods: 1,
            threshold: 45,
            metricName: 'DaysToExpiry',
            namespace: 'AWS/CertificateManager',
            dimensions: [{ name: 'CertificateArn', value: cert.ref }],
            ...props,
          }),
      );
      return cert;
    };

  it('flags a certificate with no alarm, and names an alarm on another metric', () => {
    expect(judge(CertificateExpiryAlarm, certificate())).toBe(NON_COMPLIANT);
    expect(judge(CertificateExpiryAlarm, certificate({ metricName: 'Other' }))).toEqual(['not-days-to-expiry']);
  });

  it('passes when any one of its alarms warns in time, whatever the others do', () => {
    expect(judge(CertificateExpiryAlarm, certificate({ threshold: 1 }, {}))).toBe(COMPLIANT);
    expect(judge(CertificateExpiryAlarm, certificate({ threshold: Fn.importValue('Days') as never }, {}))).toBe(COMPLIANT);
  });

  it('is unresolved when no alarm warns in time and one is known only at deploy time; names each distinct shortfall once', () => {
    expect(judge(CertificateExpiryAlarm, certificate({ threshold: 1 }, { threshold: Fn.importValue('Days') as never }))).toEqual(UNRESOLVED);
    expect(judge(CertificateExpiryAlarm, certificate({ threshold: 1 }, { threshold: 1 }, { metricName: 'Other' }))).toEqual([
      'alarms-under-1-days',
      'not-days-to-expiry',
    ]);
  });
});

describe('Bulwark-LOG1, IAM2: a value known only at deploy time is unresolved', () => {
  it('LOG1 on a retention, IAM2 on a session duration', () => {
    expect(judge(LogGroupRetention, (s) => new logs.CfnLogGroup(s, 'Logs', { retentionInDays: Fn.importValue('Days') as never }))).toEqual(UNRESOLVED);
    expect(
      judge(
        RoleSessionWithinMaximum,
        (s) => new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, maxSessionDuration: Fn.importValue('Seconds') as never }),
      ),
    ).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-LOG2: a rule that watches secret reads is in the state that delivers them', () => {
  const rule =
    (eventPattern: unknown, state: unknown = 'ENABLED') =>
    (s: Stack) =>
      new events.CfnRule(s, 'Rule', { eventPattern: eventPattern as never, state: state as never });
  const reads = { source: ['aws.secretsmanager'], detail: { eventName: ['GetSecretValue'] } };

  it('passes ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS and flags plain ENABLED', () => {
    expect(judge(SecretReadAuditDelivered, rule(reads, 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'))).toBe(COMPLIANT);
    expect(judge(SecretReadAuditDelivered, rule(reads))).toBe(NON_COMPLIANT);
    expect(judge(SecretReadAuditDelivered, rule(reads, undefined))).toBe(NON_COMPLIANT);
  });

  it('does not apply to a rule that watches another event, another source, or names no event', () => {
    expect(judge(SecretReadAuditDelivered, rule({ ...reads, detail: { eventName: ['GetSecretValueBatch'] } }))).toBe(NOT_APPLICABLE);
    expect(judge(SecretReadAuditDelivered, rule({ ...reads, source: undefined }))).toBe(NOT_APPLICABLE);
    expect(judge(SecretReadAuditDelivered, rule({ source: ['aws.secretsmanager'], detail: 'GetSecretValue' }))).toBe(NOT_APPLICABLE);
  });

  it('is unresolved when the pattern or the state is known only at deploy time', () => {
    expect(judge(SecretReadAuditDelivered, rule(Fn.conditionIf('Audit', reads, {})))).toEqual(UNRESOLVED);
    expect(judge(SecretReadAuditDelivered, rule(reads, Fn.conditionIf('Audit', 'ENABLED', 'DISABLED')))).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-LOG3: a trail is logging, encrypted, validated and multi-region', () => {
  const trail = (props: Partial<cloudtrail.CfnTrailProps>) => (s: Stack) =>
    new cloudtrail.CfnTrail(s, 'Trail', { isLogging: true, s3BucketName: 'b', ...props });

  it('names each missing protection, an empty key as no key, and takes a key given by reference', () => {
    expect(judge(TrailProtected, trail({}))).toEqual(['not-encrypted', 'no-file-validation', 'single-region']);
    expect(judge(TrailProtected, trail({ kmsKeyId: '', enableLogFileValidation: true, isMultiRegionTrail: true }))).toEqual(['not-encrypted']);
    expect(judge(TrailProtected, trail({ kmsKeyId: Fn.importValue('Key'), enableLogFileValidation: true, isMultiRegionTrail: true }))).toBe(COMPLIANT);
  });

  it('is unresolved when file validation or the region switch is known only at deploy time', () => {
    expect(
      judge(TrailProtected, trail({ kmsKeyId: 'k', enableLogFileValidation: Fn.conditionIf('V', true, false) as never, isMultiRegionTrail: true })),
    ).toEqual(UNRESOLVED);
    expect(
      judge(TrailProtected, trail({ kmsKeyId: 'k', enableLogFileValidation: true, isMultiRegionTrail: Fn.conditionIf('M', true, false) as never })),
    ).toEqual(UNRESOLVED);
  });
});
