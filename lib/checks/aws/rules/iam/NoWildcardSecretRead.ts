import { RE2JS } from 're2js';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { asList, literalShape, policyStatements, type Statement } from './policy-statements';

const SECRET_READ = 'secretsmanager:GetSecretValue';
/** Every secret's ARN; a part known only at deploy time (the partition, region, account) stands in for a segment. */
const EVERY_SECRET = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:\*$/;

/** Whether an IAM action pattern (with * and ? wildcards, case-insensitive) covers reading secret values. */
function coversSecretRead(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  // RE2: a template's action with many wildcards made the backtracking engine take exponential time.
  const regex = RE2JS.compile(
    `^${pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : RE2JS.quote(char)))
      .join('')}$`,
    RE2JS.CASE_INSENSITIVE | RE2JS.DOTALL,
  );
  return regex.matcher(SECRET_READ).matches();
}

/** Whether a statement allows reading secret values: a covering action, or a NotAction that does not exclude it. */
function readsSecrets(statement: Statement): boolean {
  if (statement.NotAction !== undefined) return !asList(statement.NotAction).some(coversSecretRead);
  return asList(statement.Action).some(coversSecretRead);
}

/**
 * The wildcard resources a statement grants on: `*`, every secret's ARN (also when built with
 * Fn::Sub or Fn::Join, judged by its literal parts), or everything but a NotResource list.
 */
function wildcardResources(statement: Statement): string[] {
  if (statement.NotResource !== undefined) return ['NotResource'];
  return asList(statement.Resource).flatMap((resource) => {
    const shape = literalShape(resource);
    return shape !== undefined && (shape.literal === '*' || EVERY_SECRET.test(shape.literal)) ? [shape.text] : [];
  });
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
