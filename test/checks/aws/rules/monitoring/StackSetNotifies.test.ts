import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { StackSetNotifies } from '../../../../../lib/checks/aws/rules/monitoring/StackSetNotifies';

/** The rule's verdict on a StackSet with what `props` gives it. */
function judge(props: (stack: Stack) => Partial<cloudformation.CfnStackSetProps>) {
  const app = new App();
  const stack = new Stack(app, 'Management');
  const set = new cloudformation.CfnStackSet(stack, 'Set', { permissionModel: 'SERVICE_MANAGED', stackSetName: 'baseline', ...props(stack) });
  return StackSetNotifies(set, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
}

const body = (resources: Record<string, unknown>) => () => ({ templateBody: JSON.stringify({ Resources: resources }) });
const alarm = (properties: Record<string, unknown>) => ({ Type: 'AWS::CloudWatch::Alarm', Properties: { Threshold: 1, ...properties } });

describe('Bulwark-CW2: what a StackSet deploys notifies someone', () => {
  it('passes alarms with actions and rules with targets, a Ref to the topic parameter included', () => {
    expect(
      judge(
        body({
          Alarm: alarm({ AlarmActions: [{ Ref: 'CentralTopicArn' }] }),
          Rule: { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Arn: 'arn:aws:sns:eu-west-1:111111111111:t', Id: 'T' }] } },
        }),
      ),
    ).toBe(COMPLIANT);
  });

  it('names each alarm without an enabled action and each rule without a target', () => {
    expect(
      judge(
        body({
          Silent: alarm({}),
          Disabled: alarm({ AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:t'], ActionsEnabled: false }),
          Rule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 day)' } },
        }),
      ),
    ).toEqual(['alarm-without-action:Silent', 'alarm-without-action:Disabled', 'rule-without-target:Rule']);
  });

  it('reads a YAML template body', () => {
    expect(judge(() => ({ templateBody: 'Resources:\n  Silent:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      Threshold: 1\n' }))).toEqual([
      'alarm-without-action:Silent',
    ]);
  });

  it('takes ActionsEnabled "false" (a string, as CloudFormation also takes a Boolean) as disabled', () => {
    const actions = ['arn:aws:sns:eu-west-1:111111111111:t'];
    expect(judge(body({ Off: alarm({ AlarmActions: actions, ActionsEnabled: 'false' }) }))).toEqual(['alarm-without-action:Off']);
    expect(judge(body({ On: alarm({ AlarmActions: actions, ActionsEnabled: 'true' }) }))).toBe(COMPLIANT);
  });

  it('reads YAML short-form tags as the intrinsics they stand for', () => {
    const yaml = (properties: string) =>
      `Resources:\n  Alarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      Threshold: 1\n${properties
        .split('\n')
        .map((line) => `      ${line}`)
        .join('\n')}\n`;
    expect(judge(() => ({ templateBody: yaml('AlarmActions: [!Ref CentralTopicArn]') }))).toBe(COMPLIANT);
    expect(judge(() => ({ templateBody: yaml('AlarmActions: [!Ref CentralTopicArn]\nActionsEnabled: !If [Notify, true, false]') }))).toEqual(UNRESOLVED);
    expect(judge(() => ({ templateBody: yaml('AlarmActions: !If [Notify, [!Ref CentralTopicArn], []]') }))).toEqual(UNRESOLVED);
    expect(judge(() => ({ templateBody: yaml('AlarmActions: [!If [Notify, !Ref CentralTopicArn, !Ref AWS::NoValue]]') }))).toEqual(UNRESOLVED);
    expect(judge(() => ({ templateBody: yaml('AlarmActions: [!Ref AWS::NoValue]') }))).toEqual(['alarm-without-action:Alarm']);
  });

  it('is unresolved when the template is built at deploy time, lies elsewhere (TemplateURL), or its actions are an intrinsic', () => {
    expect(judge((stack) => ({ templateBody: new CfnParameter(stack, 'Template', { type: 'String' }).valueAsString }))).toEqual(UNRESOLVED);
    expect(judge(() => ({ templateUrl: 'https://s3.amazonaws.com/bucket/baseline.json' }))).toEqual(UNRESOLVED);
    expect(judge(body({ Alarm: alarm({ AlarmActions: { 'Fn::If': ['Notify', ['arn:aws:sns:eu-west-1:1:t'], []] } }) }))).toEqual(UNRESOLVED);
  });

  it('is unresolved on a body that is not a template, and does not name a malformed logical ID', () => {
    expect(judge(() => ({ templateBody: '{ not json' }))).toEqual(UNRESOLVED);
    expect(judge(body({ 'Bad id': alarm({}) }))).toEqual(['alarm-without-action:resource']);
  });

  it('skips an entry of Resources that is not a resource (an empty YAML key reads as null), and resources other than alarms and rules', () => {
    expect(
      judge(() => ({
        templateBody:
          'Resources:\n  Empty:\n  Topic:\n    Type: AWS::SNS::Topic\n  Alarm:\n    Type: AWS::CloudWatch::Alarm\n    Properties:\n      Threshold: 1\n',
      })),
    ).toEqual(['alarm-without-action:Alarm']);
  });

  it('is unresolved on an alarm whose properties are chosen at deploy time', () => {
    expect(judge(body({ Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { 'Fn::If': ['Prod', { AlarmActions: ['arn'] }, {}] } } }))).toEqual(UNRESOLVED);
  });

  it('does not apply to other resources', () => {
    const app = new App();
    const topic = new cloudformation.CfnWaitConditionHandle(new Stack(app, 'S'), 'Handle');
    expect(StackSetNotifies(topic, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) })).toBe(NOT_APPLICABLE);
  });
});
