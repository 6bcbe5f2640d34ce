import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { createAuditRules, secretIdPatterns } from '../../../lib/aws/secrets/audit-rules';
import { policySecret } from './secret-fixtures';
import { secretScope } from './secret-fixtures';

function rules(items: Parameters<typeof createAuditRules>[1], tiers?: Parameters<typeof createAuditRules>[3]) {
  const { stack, scope } = secretScope();
  createAuditRules(scope, items, new sns.Topic(stack, 'Topic'), tiers);
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

  it('watches reads of every audited tier, one rule per tier, each naming only its own secrets', () => {
    const found = rules(
      [policySecret({ name: 'CRIT', tier: 'critical' }), policySecret({ name: 'SENS', tier: 'sensitive' }), policySecret({ name: 'STD' })],
      ['sensitive', 'critical'],
    ) as Record<string, { Properties: { State?: string; EventPattern: unknown } }>;
    const read = (prefix: string) => Object.entries(found).find(([id]) => id.startsWith(prefix))?.[1];
    expect(JSON.stringify(read('SecretsCriticalReads')?.Properties.EventPattern)).toContain('CRIT');
    expect(JSON.stringify(read('SecretsCriticalReads')?.Properties.EventPattern)).not.toContain('SENS');
    expect(read('SecretsSensitiveReads')?.Properties.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(JSON.stringify(read('SecretsSensitiveReads')?.Properties.EventPattern)).toContain('SENS');
    expect(read('SecretsStandardReads')).toBeUndefined();
  });

  it('watches no reads when no tier is audited, failed rotations still', () => {
    expect(Object.keys(rules([policySecret({ tier: 'critical' })], []))).toEqual([expect.stringMatching(/^SecretsRotationFailures/)]);
  });
});
