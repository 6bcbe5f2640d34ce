import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { attackRuleMetrics } from '../../../lib/aws/monitoring/attack-rule-metrics';
import { buildPolicy, parseProfile } from '../../../lib/tooling';

const webAclRule = (name: string): CfnWebACL.RuleProperty => ({
  name,
  priority: 0,
  statement: {},
  visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: `m-${name}` },
});

describe('attackRuleMetrics', () => {
  const policy = buildPolicy(parseProfile({ name: 'demo', waf: { managedRules: ['common', 'sqlDatabase', 'botControl'], customRulesWhenManaged: true } }));

  it("counts a class's own rules and the managed groups that cover that class only", () => {
    const rules = ['managed-common', 'managed-sqlDatabase', 'managed-botControl', 'bad-bots', 'sql-injection', 'cross-site-scripting'].map(webAclRule);
    const byAttack = Object.fromEntries(attackRuleMetrics(rules, policy.rules).map((entry) => [entry.attack, entry]));
    expect(byAttack.sqlInjection).toEqual({ attack: 'sqlInjection', metricNames: ['m-managed-sqlDatabase', 'm-sql-injection'], mixedGroups: [] });
    expect(byAttack.crossSiteScripting).toEqual({ attack: 'crossSiteScripting', metricNames: ['m-cross-site-scripting'], mixedGroups: ['common'] });
    expect(byAttack.pathTraversal).toEqual({ attack: 'pathTraversal', metricNames: [], mixedGroups: ['common'] });
    expect(byAttack.badBots).toEqual({ attack: 'badBots', metricNames: ['m-managed-botControl', 'm-bad-bots'], mixedGroups: [] });
  });

  it('counts no rule the policy does not know (an additional rule named like an attack)', () => {
    const counted = attackRuleMetrics([webAclRule('my-sqli-rule')], policy.rules).flatMap((entry) => entry.metricNames);
    expect(counted).toEqual([]);
  });
});
