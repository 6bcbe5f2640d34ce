import type { WafRuleAction } from './waf-rule-action';

/** A version pin and rule action overrides for one AWS managed rule group. */
export interface ManagedRuleGroupOptions {
  /** Pin the group to a version, e.g. `Version_1.20`. @default - AWS's default version */
  readonly version?: string;
  /**
   * Override the action of named rules in the group (rule name → action), e.g.
   * `{ SizeRestrictions_BODY: WafRuleAction.COUNT }`.
   * @default - every rule keeps its own action
   */
  readonly ruleActionOverrides?: { [ruleName: string]: WafRuleAction };
}
