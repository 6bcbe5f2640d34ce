import { compareStrings } from '../../core/compare-strings';
import type { HardeningProblem } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { WCU_MAXIMUM } from './capacity';
import { compileWafRules, type CompiledWafRule, type ManagedRuleGroupOptionsMap, type WafFinding } from './compile-rules';
import { WafFindingSeverity } from './waf-finding-severity';

/*
 * What HardenedWebAcl refuses in the rules it compiles, without aws-cdk-lib at run time: the
 * construct and the doctor (BWD-EDGE-01) run the same functions.
 */

/** One rule's share of the Web ACL's capacity. */
export interface RuleCapacity {
  readonly name: string;
  /** The profile field the rule comes from (`additionalRules[i]` for your own). */
  readonly source: string;
  readonly capacity: number;
}

/** A rule as it goes into the Web ACL: Bulwark's compiled ones and your own alike. */
export type PlacedRule = Pick<CompiledWafRule, 'rule' | 'source' | 'capacity'>;

/** The compiler's errors, as problems of the construct. */
export function errorProblems(findings: readonly WafFinding[]): HardeningProblem[] {
  return findings.filter((f) => f.severity === WafFindingSeverity.ERROR).map((finding) => ({ field: finding.source, message: finding.message }));
}

/** Each rule's capacity, costliest first (ties by name). */
export function ruleCapacitiesOf(rules: readonly PlacedRule[]): RuleCapacity[] {
  return rules
    .map((entry) => ({ name: entry.rule.name, source: entry.source, capacity: entry.capacity }))
    .sort((a, b) => b.capacity - a.capacity || compareStrings(a.name, b.name));
}

/** Over the WCU a Web ACL allows: a problem naming the three costliest rules. */
export function capacityProblems(capacity: number, ruleCapacities: readonly RuleCapacity[]): HardeningProblem[] {
  if (capacity > WCU_MAXIMUM) {
    const costliest = ruleCapacities
      .slice(0, 3)
      .map((r) => `${r.name} (${r.source}, ${r.capacity} WCU)`)
      .join(', ');
    return [{ field: 'waf', message: `the rules need ${capacity} WCU, over the ${WCU_MAXIMUM} a Web ACL allows; the costliest are ${costliest}` }];
  }
  return [];
}

/**
 * What HardenedWebAcl refuses in the profile's own rules (no additional rules, default name and
 * scope): the compiler's errors, and a capacity over the Web ACL maximum.
 */
export function webAclRuleProblems(policy: Policy, managedRuleGroups?: ManagedRuleGroupOptionsMap): HardeningProblem[] {
  // Names and IP and regex pattern set ARNs do not change what is refused, so placeholders stand in for them.
  const compiled = compileWafRules(policy, {
    metricPrefix: 'bulwark',
    managedRuleGroups,
    ipSetArn: (spec) => `ip-set-${spec.id}`,
    regexPatternSetArn: (spec) => `regex-pattern-set-${spec.id}`,
  });
  const capacity = compiled.rules.reduce((total, entry) => total + entry.capacity, 0);
  return [...errorProblems(compiled.findings), ...capacityProblems(capacity, ruleCapacitiesOf(compiled.rules))];
}
