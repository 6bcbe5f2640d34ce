import type { ChecklistItemId } from '../../checklist/items';
import type { ManagedRuleSet } from '../../profile/schema';
import type { EdgeCapabilities, RateCapabilities } from './edge-capabilities';

/** Checklist items the managed rule group each profile rule set maps to covers (AWS Managed Rules: baseline, use-case and bot groups). */
const AWS_MANAGED_COVERAGE: Readonly<Record<ManagedRuleSet, readonly ChecklistItemId[]>> = {
  common: ['managedRuleSets', 'crossSiteScripting', 'pathTraversal'],
  knownBadInputs: ['managedRuleSets'],
  sqlDatabase: ['managedRuleSets', 'sqlInjection'],
  linux: ['pathTraversal'],
  unix: ['pathTraversal'],
  windows: [],
  php: [],
  wordpress: [],
  adminProtection: [],
  ipReputation: [],
  anonymousIp: [],
  botControl: ['badBots'],
};

/** AWS WAF's capabilities: its rate-limit ranges and the coverage of each managed rule set. */
export interface AwsWafCapabilities extends EdgeCapabilities {
  readonly rates: RateCapabilities;
  readonly managedCoverage: Readonly<Record<ManagedRuleSet, readonly ChecklistItemId[]>>;
}

/**
 * AWS WAF as an edge: rate-based rules evaluate over 60, 120, 300 or 600 s and allow 10 to
 * 2,000,000,000 requests. Data only: the constructs live in lib/aws.
 */
export const AWS_WAF_CAPABILITIES: AwsWafCapabilities = {
  edge: 'aws',
  label: 'AWS WAF',
  rates: { windows: [60, 120, 300, 600], minLimit: 10, maxLimit: 2_000_000_000 },
  managedCoverage: AWS_MANAGED_COVERAGE,
};
