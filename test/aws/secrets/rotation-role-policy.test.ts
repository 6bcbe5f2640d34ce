import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { limitRotationKeyUse, rotationPolicySize } from '../../../lib/aws/secrets/rotation-role-policy';
import { inlineFunction, rotatedSecret, secretScope } from './secret-fixtures';

function setUp(secretCount: number, namespace = 'production') {
  const { stack, scope } = secretScope();
  new logs.LogGroup(scope, 'RotationLogs');
  const key = new kms.Key(scope, 'Key');
  const rotation = inlineFunction(scope);
  const rotated = Array.from({ length: secretCount }, (_, i) => rotatedSecret(scope, `SECRET_${i}`, rotation));
  const context = { scope, key, rotated };
  return { stack, context, run: () => limitRotationKeyUse(context, rotation, namespace) };
}

const rolePolicyResources = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
  );

describe('limitRotationKeyUse', () => {
  it('lists each rotated secret by ARN when few', () => {
    const { stack, run } = setUp(3);
    run();
    const statements = rolePolicyResources(Template.fromStack(stack));
    expect(statements.find((statement) => JSON.stringify(statement).includes('secretsmanager:PutSecretValue'))?.Resource).toHaveLength(3);
  });

  it("reaches the environment's secrets by pattern above 20, and acknowledges the wildcard", () => {
    const { stack, run } = setUp(21);
    run();
    const statements = rolePolicyResources(Template.fromStack(stack));
    expect(JSON.stringify(statements)).toContain(':secret:production/*');
    expect(JSON.stringify(statements)).toContain('kms:EncryptionContext:SecretARN');
  });
});

describe('rotationPolicySize', () => {
  it('counts each secret reference at the length of its ARN once deployed, not of its short reference', () => {
    const { context } = setUp(10);
    const references = new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: context.rotated.map(({ secret }) => secret.ref) });
    // arn:aws-us-gov:secretsmanager:eu-west-1:123456789012:secret:<name>-XXXXXX, as a JSON string.
    const arns = context.rotated.reduce(
      (sum, { secret }) => sum + 'arn:aws-us-gov:secretsmanager:eu-west-1:123456789012:secret:'.length + String(secret.name).length + 7 + 2,
      0,
    );
    expect(rotationPolicySize(context, [references]) - rotationPolicySize(context, [])).toBeGreaterThanOrEqual(arns);
  });
});
