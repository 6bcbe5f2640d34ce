import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { gateInitialValues } from '../../../lib/aws/secrets/initial-values-gate';
import { inlineFunction, rotatedSecret, secretScope } from './secret-fixtures';

describe('gateInitialValues', () => {
  it("waits for every rotated secret's schedule and names the secrets to check", () => {
    const { stack, scope } = secretScope();
    const rotation = inlineFunction(scope);
    const rotated = ['A', 'B'].map((name) => rotatedSecret(scope, name, rotation));
    gateInitialValues(scope, rotation, rotated);
    const [gate] = Object.values(Template.fromStack(stack).findResources('Custom::BulwarkInitialValues')) as {
      Properties: Record<string, unknown>;
      DependsOn: string[];
    }[];
    expect(gate.Properties).toMatchObject({ ServiceTimeout: '300', SecretIds: rotated.map(({ secret }) => ({ Ref: stack.getLogicalId(secret) })) });
    expect(gate.DependsOn).toEqual(rotated.map(({ schedule }) => stack.getLogicalId(schedule)).sort());
  });
});
