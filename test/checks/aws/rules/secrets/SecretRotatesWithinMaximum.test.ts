import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { scheduleIntervalDays } from '../../../../../lib/checks/aws/rules/secrets/rotation-schedule';
import { SecretRotatesWithinMaximum } from '../../../../../lib/checks/aws/rules/secrets/SecretRotatesWithinMaximum';

const policy = buildPolicy(extendPreset('baseline', { name: 'demo', secrets: { maxRotationDays: 31 } } as never));

function verdictOn(app: App, secret: secretsmanager.CfnSecret): unknown {
  return SecretRotatesWithinMaximum(secret, { index: AppIndex.of(app), policy });
}

/** The database's own (master) secret, the one the attachment names. */
const masterSecret = (stack: Stack) =>
  stack.node.findAll().find((c): c is secretsmanager.CfnSecret => c instanceof secretsmanager.CfnSecret && c.node.path.includes('/Db/Secret/'))!;

function withSchedule(scheduleExpression: string): unknown {
  const app = new App();
  const stack = new Stack(app, 'Secrets');
  const secret = new secretsmanager.CfnSecret(stack, 'Secret', {});
  new secretsmanager.CfnRotationSchedule(stack, 'Rotation', { secretId: secret.ref, rotationRules: { scheduleExpression } });
  return verdictOn(app, secret);
}

describe('Bulwark-SEC1 follows RDS rotation to its secret', () => {
  it.each(['single', 'multi'])('passes an RDS secret rotated with addRotation%sUser (the schedule names the target attachment)', (kind) => {
    const app = new App();
    const stack = new Stack(app, 'Db');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const instance = new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc });
    if (kind === 'single') instance.addRotationSingleUser({ automaticallyAfter: Duration.days(30) });
    else
      instance.addRotationMultiUser('App', {
        secret: new rds.DatabaseSecret(stack, 'AppUser', { username: 'app', masterSecret: instance.secret }).attach(instance),
        automaticallyAfter: Duration.days(30),
      });
    // Multi-user rotation rotates the user's secret with the master's; the master itself is rotated on its own schedule.
    const rotated = kind === 'single' ? masterSecret(stack) : (stack.node.findChild('AppUser').node.defaultChild as secretsmanager.CfnSecret);
    expect(verdictOn(app, rotated)).toBe(COMPLIANT);
  });

  it('still reports an RDS secret whose rotation is longer than the maximum', () => {
    const app = new App();
    const stack = new Stack(app, 'Db');
    const instance = new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc: new ec2.Vpc(stack, 'Vpc') });
    instance.addRotationSingleUser({ automaticallyAfter: Duration.days(90) });
    expect(verdictOn(app, masterSecret(stack))).toEqual(['rotates-every-90-days']);
  });
});

describe('Bulwark-SEC1 judges rate() exactly and cron() by its longest gap', () => {
  it.each([
    ['rate(30 days)', 30],
    ['rate(1 day)', 1],
    ['rate(12 hours)', 0.5],
    ['rate(720 minutes)', 0.5],
    ['cron(0 3 1 * ? *)', 31],
    ['cron(0 3 15 * ? *)', 31],
    ['cron(0 3 L * ? *)', 31],
    ['cron(0 3 31 * ? *)', 61],
    ['cron(0 3 30 * ? *)', 60],
    ['cron(0 3 1,15 * ? *)', 17],
    ['cron(0 3 */7 * ? *)', 7],
    ['cron(0 3 ? * MON *)', 7],
    ['cron(0 3 ? * 2 *)', 7],
    ['cron(0 3 ? * MON-FRI *)', 3],
    ['cron(0 3 ? * SUN#1 *)', 35],
    ['cron(0 3 ? * 6L *)', 35],
    ['cron(0 0,12 * * ? *)', 1],
    ['cron(0 3 1 1,4,7,10 ? *)', 92],
    ['cron(0 3 1 JAN-DEC/3 ? *)', 92],
  ])('%s: at most %s days between rotations', (expression, days) => {
    expect(scheduleIntervalDays(expression)).toBe(days);
  });

  it.each([
    'cron(0 3 1 * ? 2027)',
    'cron(0 3 15W * ? *)',
    'cron(0 3 1 * 2 *)',
    'cron(0 3 ? * ? *)',
    'cron(0 3 1 *)',
    'cron(0 3 30 2 ? *)',
    'cron(0 3 32 * ? *)',
    'cron(0 3 1,,15 * ? *)',
    'cron(0 3 *-5 * ? *)',
    'cron(0 3 1 * ? * *)',
    'cron(60 3 1 * ? *)',
    'cron(0 24 1 * ? *)',
    'rate(0 days)',
    'rate(2 weeks)',
    'at(2027-01-01T00:00:00)',
  ])('%s cannot be bounded', (expression) => {
    expect(scheduleIntervalDays(expression)).toBeUndefined();
  });

  it('passes a monthly cron within the maximum, reports a longer one, and leaves an unbounded one unresolved', () => {
    expect(withSchedule('cron(0 3 1 * ? *)')).toBe(COMPLIANT);
    expect(withSchedule('rate(30 days)')).toBe(COMPLIANT);
    expect(withSchedule('cron(0 3 31 * ? *)')).toEqual(['rotates-every-61-days']);
    expect(withSchedule('cron(0 3 15W * ? *)')).toBe(UNRESOLVED);
  });
});
