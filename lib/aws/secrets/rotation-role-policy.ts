import { Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import type { RotatedSecret } from './initial-values-gate';
import { IAM_INLINE_ROLE_POLICY_LIMIT, IAM_MANAGED_POLICY_LIMIT, resolvedSizeBound } from './policy-size';
import { secretArnPattern, secretWildcardFinding } from './secret-arn-pattern';
import { viaSecretsManager } from './secrets-key';
import { PER_SECRET_PERMISSIONS } from './rotation-schedule';

const SECRET_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
];
const KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

/** What the rotation role's policy is sized against: the HardenedSecrets scope (holding `RotationLogs`), its key and the rotated secrets. */
export interface RotationPolicyContext {
  readonly scope: Construct;
  readonly key: kms.Key;
  readonly rotated: readonly RotatedSecret[];
}

/**
 * The rotation function's use of the secrets and the key: Decrypt (GetSecretValue) and
 * GenerateDataKey (PutSecretValue), through Secrets Manager, for the secrets it rotates only
 * (Secrets Manager's encryption context names the secret's ARN). Refused when even the
 * pattern form could outgrow IAM's limits once deployed.
 */
export function limitRotationKeyUse(context: RotationPolicyContext, rotation: lambda.Function, namespace: string): void {
  const listed = listedStatements(context);
  // Each secret by ARN when few enough for IAM's policy size limits (a list of ARNs outgrows
  // them at about 60 secrets); else one pattern for the environment's secrets.
  const perSecret = context.rotated.length <= PER_SECRET_PERMISSIONS && rotationPolicySize(context, listed) <= IAM_MANAGED_POLICY_LIMIT;
  const statements = perSecret ? listed : patternStatements(context, namespace);
  for (const statement of statements) rotation.addToRolePolicy(statement);
  if (!perSecret) {
    Validations.of(rotation.role ?? rotation).acknowledge({
      id: secretWildcardFinding(context.scope, `${namespace}/*`),
      reason: `With ${context.rotated.length} rotated secrets the rotation function reaches the ${namespace} secrets by pattern (a list of their ARNs would outgrow IAM's policy size limits); it rotates only those whose spec is pinned in its configuration.`,
    });
  }
  // Proof that the deployed policy fits: under the managed policy limit, any split aws-cdk-lib makes fits too.
  const size = rotationPolicySize(context, statements);
  if (size > IAM_MANAGED_POLICY_LIMIT) {
    throw new HardeningValidationError(context.scope, [
      {
        field: 'secrets.namespace',
        message: `the rotation function's role policy could take ${size} characters once deployed, above IAM's ${IAM_MANAGED_POLICY_LIMIT} for a managed policy (aws-cdk-lib moves statements into one when the role's inline policy, at most ${IAM_INLINE_ROLE_POLICY_LIMIT} in all, is full): use a shorter environment name`,
      },
    ]);
  }
}

/** The rotated secrets by ARN; the key for them only (a single-valued key: StringEquals with a list matches any of them). */
function listedStatements({ scope, key, rotated }: RotationPolicyContext): iam.PolicyStatement[] {
  const arns = rotated.map(({ secret }) => secret.ref);
  return [
    new iam.PolicyStatement({ actions: SECRET_ACTIONS, resources: arns }),
    new iam.PolicyStatement({
      actions: KEY_ACTIONS,
      resources: [key.keyArn],
      conditions: { StringEquals: { ...viaSecretsManager(scope), 'kms:EncryptionContext:SecretARN': arns } },
    }),
  ];
}

/** The environment's secrets by pattern, and the key for them. */
function patternStatements({ scope, key }: RotationPolicyContext, namespace: string): iam.PolicyStatement[] {
  const pattern = secretArnPattern(scope, `${namespace}/`);
  return [
    new iam.PolicyStatement({ actions: SECRET_ACTIONS, resources: [pattern] }),
    new iam.PolicyStatement({
      actions: KEY_ACTIONS,
      resources: [key.keyArn],
      conditions: { StringEquals: viaSecretsManager(scope), StringLike: { 'kms:EncryptionContext:SecretARN': pattern } },
    }),
  ];
}

/**
 * The most characters the rotation role's policy can take once CloudFormation resolves it
 * (aws-cdk-lib sizes it unresolved, where a secret's ARN counts as its short reference): the
 * given statements and the role's log statement.
 */
export function rotationPolicySize({ scope, key, rotated }: RotationPolicyContext, statements: readonly iam.PolicyStatement[]): number {
  const stack = Stack.of(scope);
  const arnPrefix = 'arn:aws-us-gov:'.length + (Token.isUnresolved(stack.region) ? 14 : stack.region.length) + 1 + 12 + 1;
  const bounds = new Map<string, number>();
  for (const { secret } of rotated)
    bounds.set(stack.resolve(secret.logicalId) as string, arnPrefix + 'secretsmanager:secret:'.length + String(secret.name).length + '-XXXXXX'.length);
  bounds.set(stack.resolve((key.node.defaultChild as kms.CfnKey).logicalId) as string, arnPrefix + 'kms:key/'.length + 36);
  const logGroup = scope.node.findChild('RotationLogs').node.defaultChild as logs.CfnLogGroup;
  const logGroupId = stack.resolve(logGroup.logicalId) as string;
  // CloudFormation names the log group <stack>-<logical ID>-<13 random characters>.
  bounds.set(
    logGroupId,
    arnPrefix + 'logs:log-group:'.length + (Token.isUnresolved(stack.stackName) ? 128 : stack.stackName.length) + 1 + logGroupId.length + 14 + ':*'.length,
  );
  const logStatement = new iam.PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [Fn.getAtt(logGroupId, 'Arn').toString()],
  });
  const document = {
    Version: '2012-10-17',
    Statement: [logStatement, ...statements].map((statement): unknown => stack.resolve(statement.toStatementJson())),
  };
  return resolvedSizeBound(document, (logicalId) => bounds.get(logicalId));
}
