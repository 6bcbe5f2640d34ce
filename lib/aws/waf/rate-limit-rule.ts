import type { WafRuleAction } from './waf-rule-action';

/** A rate-limit rule of a Web ACL: the metric it publishes and what it does over the limit, for alarms. */
export interface RateLimitRule {
  /** The rule's CloudWatch metric name. */
  readonly metricName: string;
  /** What the rule does to a client over the limit: BLOCK, CHALLENGE or COUNT. */
  readonly action: WafRuleAction;
}
