import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { Policy, PolicySecret } from '../../policy/model';
import { denyDeletion, resourcePolicyStatements, type ResourcePolicyAdder } from './resource-policy';
import { GENERATION_TAG } from './rotation-handler/generation-spec';
import { remindToRotate } from './rotation-reminder';
import { rotateWithBulwarkFunction, type FunctionRotation } from './rotation-schedule';
import { describeSecret, initialValue } from './secret-defaults';
import { ENVIRONMENT_TAG, ROTATION_REMINDER_TAG, setOwnTags } from './secret-tags';

/** The CloudFormation resources of one secret. */
export interface SecretResources {
  readonly secret: secretsmanager.CfnSecret;
  /** Its one resource policy; add statements with `HardenedSecrets.addToResourcePolicy`. */
  readonly resourcePolicy: secretsmanager.CfnResourcePolicy;
  /** Its rotation: by Bulwark's function (generated secrets) or hosted (database secrets). */
  readonly rotationSchedule?: secretsmanager.CfnRotationSchedule;
}

/** What a secret is written with: the HardenedSecrets scope, its key, the profile's secrets, where reminders go, and Bulwark's function. */
export interface SecretContext {
  readonly scope: Construct;
  readonly key: kms.IKey;
  readonly secrets: Policy['secrets'];
  readonly notificationTopic: sns.ITopic;
  readonly rotation?: FunctionRotation;
}

/** A secret written as L1s (`Secret-<service>-<NAME>`): the secret, its rotation or reminder, and its resource policy. */
export interface WrittenSecret {
  readonly resources: SecretResources;
  readonly addToResourcePolicy: ResourcePolicyAdder;
}

/**
 * A secret other than a database's: generated ones rotate with Bulwark's function (and cannot be
 * deleted), others are set out of band and their owners reminded to rotate them.
 */
export function createSecretResources(context: SecretContext, item: PolicySecret): WrittenSecret {
  const scope = new Construct(context.scope, `Secret-${item.service}-${item.name}`);
  const rotation = item.source === 'generated' && item.generate ? context.rotation : undefined;
  const secret = writeSecret(scope, context, item, rotation !== undefined);
  const document = new iam.PolicyDocument();
  const every = Duration.days(item.rotationDays);
  let rotationSchedule: secretsmanager.CfnRotationSchedule | undefined;
  if (rotation) {
    rotationSchedule = rotateWithBulwarkFunction(scope, item, secret, every, rotation);
    document.addStatements(denyDeletion());
  } else {
    Validations.of(scope).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: `The value is set out of band (no function can create it); its owners are reminded to rotate it every ${item.rotationDays} days.`,
    });
    remindToRotate(context.scope, item, every, context.notificationTopic);
  }
  const resourcePolicy = new secretsmanager.CfnResourcePolicy(new Construct(scope, 'Policy'), 'Resource', { secretId: secret.ref, resourcePolicy: document });
  context.scope.node.addValidation({ validate: () => document.validateForResourcePolicy() });
  const addToResourcePolicy: ResourcePolicyAdder = (statement) => {
    document.addStatements(statement);
    return { statementAdded: true, policyDependable: resourcePolicy };
  };
  const rotationRoleArn = rotation ? (rotation.rotation.role?.roleArn ?? '') : undefined;
  for (const statement of resourcePolicyStatements(context.secrets, { exemptNetworkRule: false, rotationRoleArn })) addToResourcePolicy(statement);
  return { resources: { secret, resourcePolicy, rotationSchedule }, addToResourcePolicy };
}

/** The secret itself, tagged with its environment, tier and either its generation spec or its reminder period. */
function writeSecret(scope: Construct, context: SecretContext, item: PolicySecret, generated: boolean): secretsmanager.CfnSecret {
  const secret = new secretsmanager.CfnSecret(scope, 'Resource', {
    name: item.id,
    description: describeSecret(item),
    kmsKeyId: context.key.keyArn,
    // A bundle starts as its flat map with empty values; everything else as a random placeholder.
    ...(item.bundle
      ? { secretString: JSON.stringify(Object.fromEntries(item.bundle.map((name) => [name, '']))) }
      : { generateSecretString: initialValue(item) }),
  });
  setOwnTags(secret, {
    [ENVIRONMENT_TAG]: context.secrets.namespace,
    'bulwark:tier': item.tier,
    // What Bulwark's function generates; or, for a value set out of band, the reminder the Bulwark checks read.
    ...(generated ? { [GENERATION_TAG]: JSON.stringify(item.generate) } : { [ROTATION_REMINDER_TAG]: String(item.rotationDays) }),
  });
  secret.applyRemovalPolicy(RemovalPolicy.DESTROY);
  return secret;
}
