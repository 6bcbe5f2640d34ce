import type { CfnResource } from 'aws-cdk-lib';
import { awsIam } from '../../../../aws/core/aws-cdk-lib';
import { resolved, resolvedValue } from '../../../../aws/core/app-index';

export interface Statement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
}

/**
 * The statements of a resource's inline policy documents (IAM policies and role inline
 * policies), with Effect, (Not)Action and (Not)Resource resolved. A PolicyDocument object is
 * read through its statements rather than resolved whole: resolving every document of a large
 * app (principals, conditions, merging) is most of what this rule costs, and the rules read
 * these fields. The statements are those written, before CDK merges them (minimizePolicies).
 */
export function policyStatements(node: CfnResource): Statement[] | 'unresolved' {
  const documents: unknown[] = [];
  if (node.cfnResourceType === 'AWS::IAM::Policy' || node.cfnResourceType === 'AWS::IAM::ManagedPolicy') {
    const raw = (node as unknown as { policyDocument?: unknown }).policyDocument;
    documents.push(raw instanceof awsIam().PolicyDocument ? raw.toJSON() : resolved(node, 'policyDocument'));
  } else if (node.cfnResourceType === 'AWS::IAM::Role') {
    for (const policy of resolved<unknown[]>(node, 'policies') ?? []) documents.push((policy as { policyDocument?: unknown }).policyDocument);
  }
  const statements: Statement[] = [];
  for (const document of documents) {
    const list = (document as { Statement?: unknown } | undefined)?.Statement;
    if (list === undefined) continue;
    if (!Array.isArray(list)) return 'unresolved';
    for (const statement of list as Statement[]) {
      statements.push({
        Effect: resolvedValue(node, statement.Effect),
        Action: resolvedValue(node, statement.Action),
        NotAction: resolvedValue(node, statement.NotAction),
        Resource: resolvedValue(node, statement.Resource),
        NotResource: resolvedValue(node, statement.NotResource),
      });
    }
  }
  return statements;
}

/** A statement field as a list of strings (`'*'` stays `'*'`; intrinsics are kept as they are). */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
