import type { AwsRule } from '../../aws-rule';
import { compliantIf, COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { referencedResources, resolved } from '../../../../aws/core/app-index';

/** The AWS-managed key of Secrets Manager, by alias name or alias ARN. */
const AWS_MANAGED_KEY = /(^|[:/])alias\/aws\/secretsmanager$|^aws\/secretsmanager$/;
const CUSTOMER_KEY_TYPES = new Set(['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::KMS::ReplicaKey']);

/**
 * A secret is encrypted with a customer-managed KMS key, not the AWS-managed aws/secretsmanager
 * key: a key or alias created in the app passes, a key known only at deploy time (a parameter,
 * an import, a condition) is unresolved.
 */
export const SecretCustomerManagedKey: AwsRule = (node) => {
  if (node.cfnResourceType !== 'AWS::SecretsManager::Secret') return NOT_APPLICABLE;
  const key = resolved(node, 'kmsKeyId');
  if (key === undefined) return NON_COMPLIANT;
  if (typeof key === 'string' && !key.includes('Token[')) return compliantIf(!AWS_MANAGED_KEY.test(key));
  if (referencedResources(node, 'kmsKeyId').some((target) => CUSTOMER_KEY_TYPES.has(target.cfnResourceType))) return COMPLIANT;
  return UNRESOLVED;
};
