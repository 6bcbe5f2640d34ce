import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { asList, policyStatements } from './policy-statements';

const READS_SECRETS = /^(secretsmanager:(GetSecretValue|\*)|\*)$/i;

/** No IAM statement allows reading secret values (secretsmanager:GetSecretValue, secretsmanager:*, *) on every resource. */
export const NoWildcardSecretRead: AwsRule = (node) => {
  if (!['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'].includes(node.cfnResourceType)) return NOT_APPLICABLE;
  const statements = policyStatements(node);
  if (statements === 'unresolved') return UNRESOLVED;
  const offending = statements.filter((statement) => statement.Effect === 'Allow' &&
    asList(statement.Action).some((action) => typeof action === 'string' && READS_SECRETS.test(action)) &&
    asList(statement.Resource).some((resource) => resource === '*' || (typeof resource === 'string' && /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:\*$/.test(resource))));
  return offending.length === 0 ? COMPLIANT : offending.map((_, index) => `statement-${index}`);
};
