import { ruleCatalogMarkdown } from '../rule-definition';
import { BULWARK_CLOUDFLARE_RULES, type CloudflareRuleDefinition } from './cloudflare-checks';

/** The Cloudflare checks as a Markdown table (ID, level, finding, fix, checklist items), for the README. */
export function cloudflareRuleCatalogMarkdown(rules: readonly CloudflareRuleDefinition[] = BULWARK_CLOUDFLARE_RULES): string {
  return ruleCatalogMarkdown('BulwarkCF', rules);
}
