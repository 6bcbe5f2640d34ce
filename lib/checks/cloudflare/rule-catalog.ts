import { describeChecklistItem } from '../../checklist/items';
import { BULWARK_CLOUDFLARE_RULES, type CloudflareRuleDefinition } from './cloudflare-checks';

/** The Cloudflare checks as a Markdown table (ID, level, finding, fix, checklist items), for the README. */
export function cloudflareRuleCatalogMarkdown(rules: readonly CloudflareRuleDefinition[] = BULWARK_CLOUDFLARE_RULES): string {
  const rows = rules.map((rule) => `| BulwarkCF-${rule.code} | ${rule.level} | ${rule.info} | ${rule.fix} | ${rule.items.map(describeChecklistItem).join('<br>')} |`);
  return ['| ID | Level | Finding | Fix | Checklist items |', '|---|---|---|---|---|', ...rows].join('\n');
}
