import type { CfnResource } from 'aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { isIntrinsic, resolved, type AppIndex } from '../../app-index';

export type ResolvedRule = CfnWebACL.RuleProperty & { statement: Record<string, unknown> };

/** The rules of a Web ACL resolved to plain data (once per run), or 'unresolved' when they are a token. */
export function webAclRules(node: CfnResource, index: AppIndex): ResolvedRule[] | 'unresolved' {
  return index.derived(node, 'webAclRules', () => resolveRules(node));
}

function resolveRules(node: CfnResource): ResolvedRule[] | 'unresolved' {
  const rules = resolved<unknown>(node, 'rules');
  if (rules === undefined) return [];
  if (!Array.isArray(rules) || isIntrinsic(rules)) return 'unresolved';
  return rules as ResolvedRule[];
}
