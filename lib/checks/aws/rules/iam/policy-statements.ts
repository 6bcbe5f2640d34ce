import type { CfnResource } from 'aws-cdk-lib';
import { resolved } from '../../app-index';

export interface Statement {
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

/** The statements of a resource's inline policy documents (IAM policies and role inline policies), resolved. */
export function policyStatements(node: CfnResource): Statement[] | 'unresolved' {
  const documents: unknown[] = [];
  if (node.cfnResourceType === 'AWS::IAM::Policy' || node.cfnResourceType === 'AWS::IAM::ManagedPolicy') {
    documents.push(resolved(node, 'policyDocument'));
  } else if (node.cfnResourceType === 'AWS::IAM::Role') {
    for (const policy of resolved<unknown[]>(node, 'policies') ?? []) documents.push((policy as { policyDocument?: unknown }).policyDocument);
  }
  const statements: Statement[] = [];
  for (const document of documents) {
    const list = (document as { Statement?: unknown } | undefined)?.Statement;
    if (list === undefined) continue;
    if (!Array.isArray(list)) return 'unresolved';
    statements.push(...(list as Statement[]));
  }
  return statements;
}

/** A statement field as a list of strings (`'*'` stays `'*'`; intrinsics are kept as they are). */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
