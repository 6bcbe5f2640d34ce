import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createSecretsKey, defaultKeyAlias, keyAliasProblems, uniqueSid } from '../../../lib/aws/secrets/secrets-key';

describe('keyAliasProblems', () => {
  it('accepts alias names KMS accepts and unresolved tokens', () => {
    expect(keyAliasProblems('alias/bulwark/production/x_y-z')).toEqual([]);
    expect(keyAliasProblems(Token.asString({ Ref: 'Alias' }))).toEqual([]);
  });

  it("refuses AWS's own aliases and names without the alias/ prefix", () => {
    expect(keyAliasProblems('alias/aws/secretsmanager')).toEqual([{ field: 'keyAlias', message: expect.stringContaining('not under alias/aws/') as string }]);
    expect(keyAliasProblems('bulwark')).toHaveLength(1);
  });
});

describe('defaultKeyAlias', () => {
  it('is under alias/bulwark/<environment>/ and within KMS limits for any construct path', () => {
    const stack = new Stack(new App(), 'Stack');
    const deep = new Construct(new Construct(stack, 'A'.repeat(200)), 'B'.repeat(200));
    const alias = defaultKeyAlias(deep, 'production');
    expect(alias.startsWith('alias/bulwark/production/')).toBe(true);
    expect(alias.length).toBeLessThanOrEqual(256);
    expect(keyAliasProblems(alias)).toEqual([]);
  });
});

describe('uniqueSid', () => {
  it('numbers a statement ID already used, and remembers each one', () => {
    const used = new Set<string>();
    expect([uniqueSid(used, 'DecryptApigw'), uniqueSid(used, 'DecryptApigw'), uniqueSid(used, 'DecryptApigw')]).toEqual([
      'DecryptApigw',
      'DecryptApigw2',
      'DecryptApigw3',
    ]);
    expect(used.size).toBe(3);
  });
});

describe('createSecretsKey', () => {
  const keyPolicyActions = (hasSecrets: boolean) => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    createSecretsKey(stack, 'production', 'alias/bulwark/production/key', hasSecrets);
    const [key] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')) as {
      Properties: { KeyPolicy: { Statement: { Action: unknown }[] } };
    }[];
    return key.Properties.KeyPolicy.Statement.flatMap((statement) => statement.Action);
  };

  it('lets Secrets Manager use the key only once there are secrets', () => {
    expect(keyPolicyActions(false)).not.toContain('kms:CreateGrant');
    expect(keyPolicyActions(true)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:CreateGrant', 'kms:DescribeKey']));
  });
});
