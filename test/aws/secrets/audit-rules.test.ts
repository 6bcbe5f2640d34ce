import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { createAuditRules, secretIdPatterns } from '../../../lib/aws/secrets/audit-rules';
import { policySecret } from './secret-fixtures';
import { secretScope } from './secret-fixtures';

function rules(items: Parameters<typeof createAuditRules>[1]) {
  const { stack, scope } = secretScope();
  createAuditRules(scope, items, new sns.Topic(stack, 'Topic'));
  return Template.fromStack(stack).findResources('AWS::Events::Rule');
}

describe('secretIdPatterns', () => {
  it('matches a secret by name, by full ARN and by partial ARN', () => {
    expect(secretIdPatterns('production/gateway/KEY')).toEqual([
      'production/gateway/KEY',
      { wildcard: 'arn:*:secretsmanager:*:*:secret:production/gateway/KEY' },
      { wildcard: 'arn:*:secretsmanager:*:*:secret:production/gateway/KEY-??????' },
    ]);
  });
});

describe('createAuditRules', () => {
  it('watches reads of critical secrets (management events included) and failed rotations', () => {
    const found = Object.values(rules([policySecret({ tier: 'critical' }), policySecret({ name: 'OTHER' })])) as {
      Properties: { State: string; EventPattern: unknown };
    }[];
    expect(found).toHaveLength(2);
    expect(found[0].Properties.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(JSON.stringify(found[0].Properties.EventPattern)).not.toContain('OTHER');
  });

  it('adds no read rule without critical secrets, and no rule at all without secrets', () => {
    expect(Object.keys(rules([policySecret()]))).toEqual([expect.stringMatching(/^SecretsRotationFailures/)]);
    expect(rules([])).toEqual({});
  });
});
