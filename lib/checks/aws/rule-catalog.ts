import { describeChecklistItem } from '../../checklist/items';
import { BULWARK_AWS_RULES, type BulwarkRuleDefinition } from './bulwark-checks';

/** The BulwarkChecks rules as a Markdown table (ID, level, finding, fix, checklist items), for the README. */
export function awsRuleCatalogMarkdown(rules: readonly BulwarkRuleDefinition[] = BULWARK_AWS_RULES): string {
  const rows = rules.map((rule) => `| Bulwark-${rule.code} | ${rule.level} | ${rule.info} | ${rule.fix} | ${rule.items.map(describeChecklistItem).join('<br>')} |`);
  return ['| ID | Level | Finding | Fix | Checklist items |', '|---|---|---|---|---|', ...rows].join('\n');
}
