import type { AwsRule } from '../../aws-rule';
import { compliantIf, NOT_APPLICABLE } from '../../aws-rule';
import { resolved } from '../../app-index';

/** A secret is encrypted with a customer-managed KMS key, not the AWS-managed aws/secretsmanager key. */
export const SecretCustomerManagedKey: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::SecretsManager::Secret') return NOT_APPLICABLE;
  const key = resolved(node, 'kmsKeyId');
  return compliantIf(key !== undefined && key !== 'alias/aws/secretsmanager');
};
