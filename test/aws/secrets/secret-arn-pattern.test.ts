import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { secretArnPattern, secretResourceName, secretWildcardFinding } from '../../../lib/aws/secrets/secret-arn-pattern';

describe('secretResourceName', () => {
  it('is every secret under a prefix, or one name with the suffix Secrets Manager appends', () => {
    expect(secretResourceName('production/gateway/')).toBe('production/gateway/*');
    expect(secretResourceName('production/payment/STRIPE_KEY')).toBe('production/payment/STRIPE_KEY-??????');
  });
});

describe('secretArnPattern', () => {
  it("is a secret ARN in the stack's account and region", () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(stack.resolve(secretArnPattern(stack, 'production/'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:123456789012:secret:production/*']],
    });
  });
});

describe('secretWildcardFinding', () => {
  it('names the account and region as cdk-nag renders them: literally, or as pseudo parameters when unresolved', () => {
    const pinned = new Stack(new App(), 'Pinned', { env: { account: '123456789012', region: 'eu-west-1' } });
    const agnostic = new Stack(new App(), 'Agnostic');
    expect(secretWildcardFinding(pinned, 'production/*')).toBe(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:eu-west-1:123456789012:secret:production/*]',
    );
    expect(secretWildcardFinding(agnostic, 'production/*')).toBe(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:production/*]',
    );
  });
});
