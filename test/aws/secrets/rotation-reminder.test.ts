import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { remindToRotate } from '../../../lib/aws/secrets/rotation-reminder';
import { policySecret } from './secret-fixtures';
import { secretScope } from './secret-fixtures';

describe('remindToRotate', () => {
  it("sends the owners a reminder to the topic on the secret's schedule", () => {
    const { stack, scope } = secretScope();
    const rule = remindToRotate(scope, policySecret({ rotationDays: 45 }), Duration.days(45), new sns.Topic(stack, 'Topic'));
    expect(rule.node.path).toBe('Stack/Secrets/Reminder-gateway-API_KEY');
    const [target] = (
      Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'))[0] as {
        Properties: { ScheduleExpression: string; Targets: { Input: string }[] };
      }
    ).Properties.Targets;
    expect(JSON.parse(target.Input)).toBe('Rotate production/gateway/API_KEY: its value is set out of band and is due every 45 days.');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(45 days)' });
  });
});
