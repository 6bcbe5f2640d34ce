import { ruleCatalogMarkdown } from '../rule-definition';
import { BULWARK_AWS_RULES, type BulwarkRuleDefinition } from './bulwark-checks';

/** The BulwarkChecks rules as a Markdown table (ID, level, finding, fix, checklist items), for the README. */
export function awsRuleCatalogMarkdown(rules: readonly BulwarkRuleDefinition[] = BULWARK_AWS_RULES): string {
  return ruleCatalogMarkdown('Bulwark', rules);
}
