import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { AlarmedAttack, PolicyRule } from '../../policy/model';
import { ALARMED_ATTACK_NAMES } from '../../policy/alarmed-attacks';
import { AWS_WAF_CAPABILITIES } from '../../policy/edges/aws-waf-capabilities';

/** The Bulwark rule kind that stops each attack class. */
const ATTACK_KIND: Readonly<Record<AlarmedAttack, PolicyRule['kind']>> = {
  sqlInjection: 'sql-injection',
  crossSiteScripting: 'cross-site-scripting',
  pathTraversal: 'path-traversal',
  badBots: 'bad-bots',
};

/** Where the blocks of one attack class can be counted. */
export interface AttackRuleMetrics {
  readonly attack: AlarmedAttack;
  /** The Web ACL rules' metric names whose BlockedRequests are this class's blocks only. */
  readonly metricNames: readonly string[];
  /** Managed rule groups that stop this class among others: their blocks are not told apart by class. */
  readonly mixedGroups: readonly string[];
}

/**
 * The rules of a Web ACL that stop each attack class. A rule counts for a class when it is the
 * class's own rule, or a managed group that covers that class and no other (the SQL database
 * group for SQL injection, Bot Control for bad bots); a group covering several classes (the core
 * rule set covers cross-site scripting and path traversal) publishes one metric for all of them.
 * Rules the policy does not know (additional rules) count for no class.
 */
export function attackRuleMetrics(rules: readonly CfnWebACL.RuleProperty[], policyRules: readonly PolicyRule[]): AttackRuleMetrics[] {
  const byId = new Map(policyRules.map((rule) => [rule.id, rule]));
  return ALARMED_ATTACK_NAMES.map((attack) => {
    const metricNames: string[] = [];
    const mixedGroups: string[] = [];
    for (const rule of rules) {
      const source = byId.get(rule.name);
      if (source === undefined) continue;
      const metricName = (rule.visibilityConfig as CfnWebACL.VisibilityConfigProperty).metricName;
      if (source.kind === ATTACK_KIND[attack]) metricNames.push(metricName);
      const group = source.kind === 'managed' ? source.managedRuleSet : undefined;
      if (group === undefined) continue;
      const covered = ALARMED_ATTACK_NAMES.filter((candidate) => AWS_WAF_CAPABILITIES.managedCoverage[group].includes(candidate));
      if (!covered.includes(attack)) continue;
      if (covered.length === 1) metricNames.push(metricName);
      else mixedGroups.push(group);
    }
    return { attack, metricNames, mixedGroups };
  });
}
