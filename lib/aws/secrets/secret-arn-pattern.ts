import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** A name prefix (`…/`) as every secret under it, or one name with the suffix Secrets Manager appends. */
export function secretResourceName(prefix: string): string {
  return prefix.endsWith('/') ? `${prefix}*` : `${prefix}-??????`;
}

/** Secret ARNs under a name prefix (`…/`) or for one name (Secrets Manager appends -XXXXXX). */
export function secretArnPattern(scope: IConstruct, prefix: string): string {
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: secretResourceName(prefix),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * The cdk-nag finding for a wildcard on secrets matching `resourceName`: cdk-nag names it by
 * the rendered resource, with unresolved pseudo parameters in angle brackets.
 */
export function secretWildcardFinding(scope: IConstruct, resourceName: string): string {
  const stack = Stack.of(scope);
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${region}:${account}:secret:${resourceName}]`;
}
