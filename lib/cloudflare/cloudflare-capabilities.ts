import type { EdgeCapabilities } from '../policy/edges/edge-capabilities';

/**
 * Cloudflare as an edge, for the questions other code asks through `EdgeCapabilities`:
 * which checklist items its managed rulesets cover (Cloudflare Managed Ruleset: known
 * vulnerabilities; OWASP Core Ruleset: SQL injection, XSS and traversal signatures,
 * https://developers.cloudflare.com/waf/managed-rules/reference/owasp-core-ruleset/). Rate
 * limits follow the plan's own rules (compileZone), so no rate fitting is declared.
 */
export const CLOUDFLARE_CAPABILITIES: EdgeCapabilities = {
  edge: 'cloudflare',
  label: 'Cloudflare',
  managedCoverage: {
    cloudflare: ['managedRuleSets'],
    owasp: ['managedRuleSets', 'sqlInjection', 'crossSiteScripting', 'pathTraversal'],
    free: ['managedRuleSets'],
  },
};
