import { describeChecklistItem, type ChecklistItemId } from '../checklist/items';

/** A check rule as its pack applies it: ID suffix, level, the checklist items it enforces, wording and the pure rule. */
export interface RuleDefinition<Level extends string, Rule> {
  /** Stable: findings are `<pack prefix>-<code>`, and are acknowledged by that ID. */
  readonly code: string;
  /** Error: blocking. Warning: reported, and blocking only where the team decides. */
  readonly level: Level;
  readonly items: readonly ChecklistItemId[];
  readonly info: string;
  readonly fix: string;
  readonly rule: Rule;
}

/** One pack entry, in the order the pack tables read: code, level, items, rule, finding, fix. */
export function defineRule<Level extends string, Rule>(code: string, level: Level, items: ChecklistItemId[], rule: Rule, info: string, fix: string): RuleDefinition<Level, Rule> {
  return { code, level, items, rule, info, fix };
}

/** A pack's rules as a Markdown table (ID, level, finding, fix, checklist items), for the README. */
export function ruleCatalogMarkdown(prefix: string, rules: readonly RuleDefinition<string, unknown>[]): string {
  const rows = rules.map((rule) => `| ${prefix}-${rule.code} | ${rule.level} | ${rule.info} | ${rule.fix} | ${rule.items.map(describeChecklistItem).join('<br>')} |`);
  return ['| ID | Level | Finding | Fix | Checklist items |', '|---|---|---|---|---|', ...rows].join('\n');
}
