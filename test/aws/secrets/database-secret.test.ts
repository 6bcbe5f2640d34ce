import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { describe, expect, it } from 'vitest';
import { createDatabaseSecret } from '../../../lib/aws/secrets/database-secret';
import { policySecret } from './secret-fixtures';
import { secretContext } from './secret-fixtures';

function databaseSecret(engine: 'postgres' | 'mysql', options: { placed: boolean; allowedCidrs?: string[] }) {
  const { stack, context } = secretContext({ allowedCidrs: options.allowedCidrs ?? [] });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const database = new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.POSTGRES,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const item = policySecret({ name: 'DB', source: 'database', rotationDays: 30, database: { engine, username: 'app' } });
  const written = createDatabaseSecret(context, item, database, options.placed ? { vpc } : undefined);
  return { stack, written };
}

describe('createDatabaseSecret', () => {
  it("rotates with the engine's hosted single-user rotation, attached to its database", () => {
    const { stack, written } = databaseSecret('mysql', { placed: true });
    expect(written.database.node.path).toBe('Stack/Secrets/Secret-gateway-DB');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { HostedRotationLambda: Match.objectLike({ RotationType: 'MySQLSingleUser' }) });
    template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', {
      SecretId: { Ref: stack.getLogicalId(written.resources.secret) },
      TargetType: 'AWS::RDS::DBInstance',
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('warns when hosted rotation runs outside any VPC, and when the secret cannot take the network rule', () => {
    const { stack, written } = databaseSecret('postgres', { placed: false, allowedCidrs: ['203.0.113.0/24'] });
    const warnings = Annotations.fromStack(stack)
      .findWarning('*', Match.anyValue())
      .map((warning) => JSON.stringify(warning.entry.data));
    expect(warnings).toEqual([expect.stringContaining('runs outside any VPC'), expect.stringContaining('has no network rule')]);
    const statements = (written.resources.resourcePolicy.resourcePolicy as { toJSON(): { Statement: { Sid: string }[] } }).toJSON().Statement;
    expect(statements.map((statement) => statement.Sid)).toEqual(['DenyOtherEnvironments']);
  });
});
