// Fixtures for the tests of the HardenedSecrets modules: policy secrets, a scope to write into, and what secrets are written with.
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SecretContext } from '../../../lib/aws/secrets/secret-resources';
import type { Policy, PolicySecret } from '../../../lib/policy/model';

/** A secret as the policy holds it: external by default, in production/gateway. */
export function policySecret(overrides: Partial<PolicySecret> = {}): PolicySecret {
  const name = overrides.name ?? 'API_KEY';
  const service = overrides.service ?? 'gateway';
  return { id: `production/${service}/${name}`, name, service, tier: 'sensitive', source: 'external', rotationDays: 90, readers: [service], ...overrides };
}

/** A HardenedSecrets-like scope in a pinned stack, for the modules that write resources into it. */
export function secretScope(env: { account?: string; region?: string } = { account: '123456789012', region: 'eu-west-1' }): { stack: Stack; scope: Construct } {
  const stack = new Stack(new App(), 'Stack', { env });
  return { stack, scope: new Construct(stack, 'Secrets') };
}

/** A stand-in for Bulwark's rotation function (inline code: no asset to build). */
export function inlineFunction(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'RotationFunction', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = () => {}'),
  });
}

/** A secret and its schedule, as L1s under `Secret-<name>`. */
export function rotatedSecret(scope: Construct, name: string, rotation: lambda.IFunction) {
  const secretScope = new Construct(scope, `Secret-${name}`);
  const secret = new secretsmanager.CfnSecret(secretScope, 'Resource', { name: `production/gateway/${name}` });
  const schedule = new secretsmanager.CfnRotationSchedule(secretScope, 'Rotation', { secretId: secret.ref, rotationLambdaArn: rotation.functionArn });
  return { secret, schedule };
}

/** What the secret modules write with: a scope, its key and topic, and the profile's access rules. */
export function secretContext(access: Partial<Policy['secrets']['access']> = {}) {
  const { stack, scope } = secretScope();
  const secrets = {
    namespace: 'production',
    access: { allowedCidrs: [], vpcEndpointIds: [], maxSessionSeconds: 3_600, ...access },
  } as unknown as Policy['secrets'];
  const context: SecretContext = { scope, key: new kms.Key(scope, 'Key'), secrets, notificationTopic: new sns.Topic(stack, 'Topic') };
  return { stack, scope, context };
}
