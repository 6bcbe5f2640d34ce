import type { CfnResource } from 'aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { isDataObject, resolved, type AppIndex } from '../../../../aws/core/app-index';

export type ResolvedRule = CfnWebACL.RuleProperty & { statement: Record<string, unknown> };

/** The rules of a Web ACL resolved to plain data (once per run), or 'unresolved' when they, a rule or a rule's statement are a token or an intrinsic such as Fn::If. */
export function webAclRules(node: CfnResource, index: AppIndex): ResolvedRule[] | 'unresolved' {
  return index.derived(node, 'webAclRules', () => resolveRules(node));
}

/** The rules of a Web ACL or rule group resolved to plain data, uncached: for a resource other than the one being checked. */
export function resolveRules(node: CfnResource): ResolvedRule[] | 'unresolved' {
  const rules = resolved<unknown>(node, 'rules');
  if (rules === undefined) return [];
  if (!Array.isArray(rules) || !rules.every((rule) => isDataObject(rule) && isDataObject(rule.statement))) return 'unresolved';
  return rules as ResolvedRule[];
}
