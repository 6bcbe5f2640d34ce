import type { CfnResource } from 'aws-cdk-lib';
import { awsIam } from '../../../../aws/core/aws-cdk-lib';
import { isDataObject, resolved, resolvedValue } from '../../../../aws/core/app-index';

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
    // IAM takes a single statement object as well as a list of them.
    if (!Array.isArray(list) && !isDataObject(list)) return 'unresolved';
    for (const statement of (Array.isArray(list) ? list : [list]) as Statement[]) {
      if (!isDataObject(statement)) return 'unresolved';
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

/** Stands for a part known only at deploy time in {@link LiteralShape.literal}: a character no ARN holds. */
export const UNKNOWN_PART = '\u0000';

export interface LiteralShape {
  /** The string, with each part known only at deploy time as `${name}`: for findings. */
  readonly text: string;
  /** The string, with each part known only at deploy time as {@link UNKNOWN_PART}: for judging. */
  readonly literal: string;
}

/**
 * A string, or a string CloudFormation builds (Fn::Sub, Fn::Join), as its literal parts with
 * each value known only at deploy time shown as `${name}` (`${?}` when it has no name): what a
 * rule can judge of an ARN built from the partition, region and account. Undefined for any other
 * value.
 */
export function literalShape(value: unknown): LiteralShape | undefined {
  const parts: (string | { placeholder: string })[] = [];
  const add = (part: unknown): boolean => {
    if (typeof part === 'string') parts.push(part);
    else if (!isIntrinsicObject(part)) return false;
    else if ('Fn::Join' in part) {
      const [separator, list] = (Array.isArray(part['Fn::Join']) ? part['Fn::Join'] : []) as unknown[];
      if (typeof separator !== 'string' || !Array.isArray(list)) return false;
      for (const [i, item] of list.entries()) {
        if (i > 0) parts.push(separator);
        if (!add(item)) parts.push({ placeholder: '${?}' });
      }
    } else if ('Fn::Sub' in part) {
      const sub = part['Fn::Sub'];
      const template = Array.isArray(sub) ? (sub as unknown[])[0] : sub;
      if (typeof template !== 'string') return false;
      let last = 0;
      for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
        parts.push(template.slice(last, match.index));
        // `${!Name}` is the literal text `${Name}`.
        parts.push(match[1].startsWith('!') ? `\${${match[1].slice(1)}}` : { placeholder: match[0] });
        last = match.index + match[0].length;
      }
      parts.push(template.slice(last));
    } else if ('Ref' in part && typeof part.Ref === 'string') parts.push({ placeholder: `\${${part.Ref}}` });
    else if ('Fn::GetAtt' in part && Array.isArray(part['Fn::GetAtt'])) parts.push({ placeholder: `\${${(part['Fn::GetAtt'] as unknown[]).join('.')}}` });
    else parts.push({ placeholder: '${?}' });
    return true;
  };
  if (!add(value)) return undefined;
  return {
    text: parts.map((part) => (typeof part === 'string' ? part : part.placeholder)).join(''),
    literal: parts.map((part) => (typeof part === 'string' ? part : UNKNOWN_PART)).join(''),
  };
}

function isIntrinsicObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && /^(Ref|Fn::)/.test(Object.keys(value)[0]);
}
