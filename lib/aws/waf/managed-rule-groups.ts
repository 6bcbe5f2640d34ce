import type { ManagedRuleSet } from '../../profile/schema';

export interface AwsManagedRuleGroup {
  /** The AWS managed rule group name (vendor AWS). */
  readonly name: string;
  /** Its published capacity in WCU. */
  readonly capacity: number;
  /** Whether AWS charges a subscription fee on top of the Web ACL. */
  readonly extraFees: boolean;
}

/**
 * The AWS managed rule group behind each edge-neutral managed rule set, with the capacities
 * AWS publishes for them (AWS WAF Developer Guide, "AWS Managed Rules rule groups list").
 */
export const AWS_MANAGED_RULE_GROUPS: Readonly<Record<ManagedRuleSet, AwsManagedRuleGroup>> = {
  common: { name: 'AWSManagedRulesCommonRuleSet', capacity: 700, extraFees: false },
  knownBadInputs: { name: 'AWSManagedRulesKnownBadInputsRuleSet', capacity: 200, extraFees: false },
  sqlDatabase: { name: 'AWSManagedRulesSQLiRuleSet', capacity: 200, extraFees: false },
  linux: { name: 'AWSManagedRulesLinuxRuleSet', capacity: 200, extraFees: false },
  unix: { name: 'AWSManagedRulesUnixRuleSet', capacity: 100, extraFees: false },
  windows: { name: 'AWSManagedRulesWindowsRuleSet', capacity: 200, extraFees: false },
  php: { name: 'AWSManagedRulesPHPRuleSet', capacity: 100, extraFees: false },
  wordpress: { name: 'AWSManagedRulesWordPressRuleSet', capacity: 100, extraFees: false },
  adminProtection: { name: 'AWSManagedRulesAdminProtectionRuleSet', capacity: 100, extraFees: false },
  ipReputation: { name: 'AWSManagedRulesAmazonIpReputationList', capacity: 25, extraFees: false },
  anonymousIp: { name: 'AWSManagedRulesAnonymousIpList', capacity: 50, extraFees: false },
  botControl: { name: 'AWSManagedRulesBotControlRuleSet', capacity: 50, extraFees: true },
};

/** Published capacities of AWS managed groups Bulwark does not emit but users may add (fees apply). */
const OTHER_AWS_GROUP_CAPACITIES: Readonly<Record<string, number>> = {
  AWSManagedRulesATPRuleSet: 50,
  AWSManagedRulesACFPRuleSet: 50,
  AWSManagedRulesAntiDDoSRuleSet: 50,
};

/** Capacity of a managed rule group by its AWS name, or undefined for one Bulwark does not know. */
export function managedRuleGroupCapacity(name: string): number | undefined {
  return Object.values(AWS_MANAGED_RULE_GROUPS).find((group) => group.name === name)?.capacity ?? OTHER_AWS_GROUP_CAPACITIES[name];
}
