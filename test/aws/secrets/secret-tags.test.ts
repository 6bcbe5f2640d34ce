import { Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { addOwnTags, ENVIRONMENT_TAG, setOwnTags } from '../../../lib/aws/secrets/secret-tags';
import { secretScope } from './secret-fixtures';

describe('own tags', () => {
  it('win over an app-wide tag of the same key, on L1s and L2s', () => {
    const { stack, scope } = secretScope();
    setOwnTags(new secretsmanager.CfnSecret(scope, 'Secret'), { [ENVIRONMENT_TAG]: 'production' });
    addOwnTags(new iam.Role(scope, 'Role', { assumedBy: new iam.AccountRootPrincipal() }), { [ENVIRONMENT_TAG]: 'production' });
    Tags.of(stack).add(ENVIRONMENT_TAG, 'staging');
    const template = Template.fromStack(stack);
    for (const type of ['AWS::SecretsManager::Secret', 'AWS::IAM::Role']) {
      const [resource] = Object.values(template.findResources(type)) as { Properties: { Tags: unknown } }[];
      expect(resource.Properties.Tags).toEqual([{ Key: ENVIRONMENT_TAG, Value: 'production' }]);
    }
  });
});
