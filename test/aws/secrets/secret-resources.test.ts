import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { createSecretResources } from '../../../lib/aws/secrets/secret-resources';
import { policySecret } from './secret-fixtures';
import { secretContext } from './secret-fixtures';
import { inlineFunction } from './secret-fixtures';

describe('createSecretResources', () => {
  it('starts a bundle as its map of empty values, and reminds its owners to rotate it', () => {
    const { stack, context } = secretContext();
    const { resources } = createSecretResources(context, policySecret({ source: 'bundle', bundle: ['A', 'B'], rotationDays: 30 }));
    expect(resources.secret.secretString).toBe('{"A":"","B":""}');
    expect(resources.rotationSchedule).toBeUndefined();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 days)' });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Tags: [
        { Key: 'bulwark:environment', Value: 'production' },
        { Key: 'bulwark:rotation-reminder-days', Value: '30' },
        { Key: 'bulwark:tier', Value: 'sensitive' },
      ],
    });
  });

  it("rotates a generated secret with Bulwark's function, which alone is exempt from the network rule, and denies its deletion", () => {
    const { stack, scope, context } = secretContext({ allowedCidrs: ['203.0.113.0/24'] });
    const rotation = { rotation: inlineFunction(scope), pinnedCount: 1, namespace: 'production' };
    const written = createSecretResources({ ...context, rotation }, policySecret({ source: 'generated', generate: { bytes: 32, encoding: 'hex' } }));
    expect(written.resources.rotationSchedule).toBeDefined();
    expect(written.resources.secret.node.path).toBe('Stack/Secrets/Secret-gateway-API_KEY/Resource');
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::SecretsManager::ResourcePolicy')) as {
      Properties: { ResourcePolicy: { Statement: Record<string, unknown>[] } };
    }[];
    const statements = policy.Properties.ResourcePolicy.Statement;
    expect(statements.map((statement) => statement.Sid ?? statement.Action)).toEqual([
      'secretsmanager:DeleteSecret',
      'DenyReadsFromOtherNetworks',
      'DenyOtherEnvironments',
    ]);
    expect(JSON.stringify(statements[1])).toContain('ArnNotEquals');
  });

  it('adds statements to the same resource policy', () => {
    const { context } = secretContext();
    const written = createSecretResources(context, policySecret());
    expect(written.addToResourcePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:DescribeSecret'], principals: [] })).policyDependable).toBe(
      written.resources.resourcePolicy,
    );
  });
});
