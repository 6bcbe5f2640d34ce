import type { ChecklistItemId } from '../checklist/items';
import type { Severity } from './severity';

/**
 * A check as its pack applies it: ID, severity, the checklist items it enforces, wording and the
 * pure rule. The rule's signature depends on what the pack checks (a profile, a CloudFormation
 * resource, a Terraform zone); the definition does not.
 */
export interface CheckDefinition<Rule = unknown> {
  /** Stable: findings are `<pack prefix>-<code>` (plus `[finding]`), and are acknowledged by that ID. */
  readonly id: string;
  /** The ID without the pack prefix: `AUTH-01`, `WAF1`, `TLS1`. */
  readonly code: string;
  readonly severity: Severity;
  readonly items: readonly ChecklistItemId[];
  /**
   * What the rule judges of its checklist items: `value`, the number or setting against the
   * profile (or the checklist's floor); `presence`, only that the protection exists. Shown in the
   * security matrix.
   */
  readonly judges: CheckJudges;
  /** What is wrong, as a finding's message starts. */
  readonly title: string;
  readonly fix: string;
  readonly rule: Rule;
}

/** Whether a check judges its checklist items' values (numbers, settings) against the profile, or only that a protection is present. */
export type CheckJudges = 'value' | 'presence';

/** One pack entry, in the order the pack tables read: pack prefix, code, severity, items, what it judges, rule, title, fix. */
export function defineCheck<Rule>(
  prefix: string,
  code: string,
  severity: Severity,
  items: readonly ChecklistItemId[],
  judges: CheckJudges,
  rule: Rule,
  title: string,
  fix: string,
): CheckDefinition<Rule> {
  return { id: `${prefix}-${code}`, code, severity, items, judges, rule, title, fix };
}
