import { Stack, type Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { PolicySecret } from '../../policy/model';
import { secretArnPattern } from './secret-arn-pattern';

/** Up to this many rotated secrets, each has its own invoke permission (SourceArn = the secret); above, one for the environment's secrets. */
export const PER_SECRET_PERMISSIONS = 20;

/** Bulwark's rotation function and what its permissions depend on. */
export interface FunctionRotation {
  readonly rotation: lambda.Function;
  /** How many secrets the function rotates (known before their resources are made). */
  readonly pinnedCount: number;
  readonly namespace: string;
}

/**
 * Rotation by Bulwark's function (`Rotation` under the secret's scope), as aws-cdk-lib's
 * RotationSchedule sets it up, on the L1s; but Secrets Manager may invoke the function only for
 * this account's secrets (this one, when few enough).
 */
export function rotateWithBulwarkFunction(
  scope: Construct,
  item: PolicySecret,
  secret: secretsmanager.CfnSecret,
  every: Duration,
  rotation: FunctionRotation,
): secretsmanager.CfnRotationSchedule {
  const schedule = new secretsmanager.CfnRotationSchedule(new Construct(scope, 'Rotation'), 'Resource', {
    secretId: secret.ref,
    rotationLambdaArn: rotation.rotation.functionArn,
    rotationRules: { scheduleExpression: events.Schedule.rate(every).expressionString },
    // Rotates when created, so the first value fits the spec before the gate (initialValues) lets dependants read it.
    rotateImmediatelyOnUpdate: true,
  });
  // Secrets Manager may invoke the function only once the permission exists.
  schedule.node.addDependency(invokePermission(item, secret, rotation));
  return schedule;
}

/**
 * Lets Secrets Manager invoke the rotation function for this account only (SourceAccount) and
 * for this secret (SourceArn); beyond PER_SECRET_PERMISSIONS secrets, for this environment's
 * secrets (one statement, as the function's policy is limited to 20 KB).
 */
function invokePermission(item: PolicySecret, secret: secretsmanager.CfnSecret, { rotation, pinnedCount, namespace }: FunctionRotation): lambda.CfnPermission {
  const perSecret = pinnedCount <= PER_SECRET_PERMISSIONS;
  const id = perSecret ? `InvokedBySecretsManager-${item.service}-${item.name}` : 'InvokedBySecretsManager';
  const existing = rotation.node.tryFindChild(id);
  if (existing) return existing as lambda.CfnPermission;
  rotation.addPermission(id, {
    principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
    action: 'lambda:InvokeFunction',
    sourceAccount: Stack.of(rotation).account,
    sourceArn: perSecret ? secret.ref : secretArnPattern(rotation, `${namespace}/`),
  });
  return rotation.node.findChild(id) as lambda.CfnPermission;
}
