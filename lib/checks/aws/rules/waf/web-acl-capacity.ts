import type { CfnResource } from 'aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { statementCapacity } from '../../../../aws/waf/capacity';
import type { AppIndex } from '../../../../aws/core/app-index';
import { webAclRules } from './web-acl-rules';

/** The WCU of a Web ACL as AWS computes them (once per run), or 'unresolved' when its rules or a statement cost cannot be known. */
export function webAclCapacity(node: CfnResource, index: AppIndex): number | 'unresolved' {
  return index.derived(node, 'webAclCapacity', () => capacityOf(node, index));
}

function capacityOf(node: CfnResource, index: AppIndex): number | 'unresolved' {
  const rules = webAclRules(node, index);
  if (rules === 'unresolved') return 'unresolved';
  try {
    return rules.reduce((total, rule) => total + statementCapacity(rule.statement as CfnWebACL.StatementProperty), 0);
  } catch {
    return 'unresolved';
  }
}
