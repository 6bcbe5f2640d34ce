import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { rotateWithBulwarkFunction } from '../../../lib/aws/secrets/rotation-schedule';
import { policySecret } from './secret-fixtures';
import { inlineFunction, secretScope } from './secret-fixtures';

function schedules(pinnedCount: number, names: string[]) {
  const { stack, scope } = secretScope();
  const rotation = { rotation: inlineFunction(scope), pinnedCount, namespace: 'production' };
  for (const name of names) {
    const secretScope = new Construct(scope, `Secret-gateway-${name}`);
    const secret = new secretsmanager.CfnSecret(secretScope, 'Resource', { name: `production/gateway/${name}` });
    rotateWithBulwarkFunction(secretScope, policySecret({ name, source: 'generated' }), secret, Duration.days(30), rotation);
  }
  return Template.fromStack(stack);
}

describe('rotateWithBulwarkFunction', () => {
  it('rotates on the schedule, immediately when created, once Secrets Manager may invoke the function for this secret', () => {
    const template = schedules(2, ['A', 'B']);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: true,
    });
    const permissions = template.findResources('AWS::Lambda::Permission');
    expect(Object.keys(permissions)).toHaveLength(2);
    for (const permission of Object.values(permissions))
      expect(permission).toMatchObject({ Properties: { SourceAccount: '123456789012', SourceArn: { Ref: expect.any(String) as string } } });
    const [schedule] = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule')) as { DependsOn: string[] }[];
    expect(Object.keys(permissions)).toContain(schedule.DependsOn[0]);
  });

  it("shares one permission for the environment's secrets beyond 20 rotated secrets", () => {
    const permissions = Object.values(schedules(21, ['A', 'B']).findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(1);
    expect(JSON.stringify(permissions[0])).toContain(':secret:production/*');
  });
});
