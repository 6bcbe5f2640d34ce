import { Annotations, Duration } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { PolicySecret } from '../../policy/model';
import type { DatabaseRotationOptions } from './database-rotation-options';
import { resourcePolicyStatements } from './resource-policy';
import { describeSecret, initialValue } from './secret-defaults';
import type { SecretContext, SecretResources, WrittenSecret } from './secret-resources';
import { addOwnTags, ENVIRONMENT_TAG } from './secret-tags';

/** A database secret as written: its `Secret` too, which is what `HardenedSecrets.secrets` hands out. */
export interface WrittenDatabaseSecret extends WrittenSecret {
  readonly database: secretsmanager.Secret;
}

/**
 * A database secret (`Secret-<service>-<NAME>`): aws-cdk-lib's Secret, attachment and hosted
 * rotation (rare; kept on L2 for the hosted rotation they set up).
 */
export function createDatabaseSecret(
  context: SecretContext,
  item: PolicySecret,
  target: secretsmanager.ISecretAttachmentTarget,
  placement: DatabaseRotationOptions | undefined,
): WrittenDatabaseSecret {
  const { scope, secrets } = context;
  const secret = new secretsmanager.Secret(scope, `Secret-${item.service}-${item.name}`, {
    secretName: item.id,
    description: describeSecret(item),
    encryptionKey: context.key,
    generateSecretString: initialValue(item),
  });
  addOwnTags(secret, { [ENVIRONMENT_TAG]: secrets.namespace, 'bulwark:tier': item.tier });
  if (!placement) {
    Annotations.of(scope).addWarningV2(
      `bulwark:db-rotation-outside-vpc-${item.name}`,
      `hosted rotation of ${item.id} runs outside any VPC: pass databaseRotation.vpc when the database is private`,
    );
  }
  // The attachment adds the host, port and engine that hosted rotation reads from the secret.
  const schedule = secret
    .attach(target)
    .addRotationSchedule('Rotation', { hostedRotation: hostedRotation(item, placement), automaticallyAfter: Duration.days(item.rotationDays) });
  // Hosted rotation runs as a role Secrets Manager names, which a network rule cannot exempt.
  if (secrets.access.allowedCidrs.length > 0 || secrets.access.vpcEndpointIds.length > 0) {
    Annotations.of(scope).addWarningV2(
      `bulwark:db-secret-network-rule-${item.name}`,
      `${item.id} has no network rule in its resource policy: its hosted rotation role cannot be exempted from one`,
    );
  }
  const addToResourcePolicy = (statement: Parameters<typeof secret.addToResourcePolicy>[0]) => secret.addToResourcePolicy(statement);
  for (const statement of resourcePolicyStatements(secrets, { exemptNetworkRule: true })) addToResourcePolicy(statement);
  const resources: SecretResources = {
    secret: secret.node.defaultChild as secretsmanager.CfnSecret,
    resourcePolicy: secret.node.findChild('Policy').node.defaultChild as secretsmanager.CfnResourcePolicy,
    rotationSchedule: schedule.node.defaultChild as secretsmanager.CfnRotationSchedule,
  };
  return { database: secret, resources, addToResourcePolicy };
}

/** Secrets Manager's hosted single-user rotation for the database's engine. */
function hostedRotation(item: PolicySecret, placement: DatabaseRotationOptions | undefined): secretsmanager.HostedRotation {
  const options = placement ?? {};
  const engine = (item.database as NonNullable<PolicySecret['database']>).engine;
  return {
    postgres: () => secretsmanager.HostedRotation.postgreSqlSingleUser(options),
    mysql: () => secretsmanager.HostedRotation.mysqlSingleUser(options),
    mariadb: () => secretsmanager.HostedRotation.mariaDbSingleUser(options),
  }[engine]();
}
