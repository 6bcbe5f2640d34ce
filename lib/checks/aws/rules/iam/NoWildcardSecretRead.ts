import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { asList, policyStatements, type Statement } from './policy-statements';

const SECRET_READ = 'secretsmanager:GetSecretValue';
const EVERY_SECRET = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:\*$/;

/** Whether an IAM action pattern (with * and ? wildcards, case-insensitive) covers reading secret values. */
function coversSecretRead(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(SECRET_READ);
}

/** Whether a statement allows reading secret values: a covering action, or a NotAction that does not exclude it. */
function readsSecrets(statement: Statement): boolean {
  if (statement.NotAction !== undefined) return !asList(statement.NotAction).some(coversSecretRead);
  return asList(statement.Action).some(coversSecretRead);
}

/** The wildcard resources a statement grants on: `*`, every secret's ARN, or everything but a NotResource list. */
function wildcardResources(statement: Statement): string[] {
  if (statement.NotResource !== undefined) return ['NotResource'];
  return asList(statement.Resource).filter((resource): resource is string => resource === '*' || (typeof resource === 'string' && EVERY_SECRET.test(resource)));
}

/**
 * No IAM statement allows reading secret values (secretsmanager:GetSecretValue, or a wildcard
 * or NotAction that covers it) on every resource (`*`, every secret, or NotResource). Findings
 * are named by the wildcard resource, so they stay the same whether CDK merges statements.
 */
export const NoWildcardSecretRead: AwsRule = (node) => {
  if (!['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'].includes(node.cfnResourceType)) return NOT_APPLICABLE;
  const statements = policyStatements(node);
  if (statements === 'unresolved') return UNRESOLVED;
  const offending = new Set(statements.filter((statement) => statement.Effect === 'Allow' && readsSecrets(statement)).flatMap(wildcardResources));
  return offending.size === 0 ? COMPLIANT : [...offending].map((resource) => `Resource::${resource}`);
};
