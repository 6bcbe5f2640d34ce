import { MANAGED_RULE_SETS, type ManagedRuleSet } from '../../profile/schema';
import type { ManagedRuleGroupOptionsMap } from './compile-rules';
import type { ManagedRuleGroupOptions } from './managed-rule-group-options';

/**
 * Version pins and rule action overrides per managed rule set: one field per set the profile's
 * `waf.managedRules` may name, each for the AWS managed rule group Bulwark emits for it. A field
 * for a set the profile does not turn on changes nothing.
 */
export interface ManagedRuleGroups {
  /**
   * Profile set `common` → AWSManagedRulesCommonRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly common?: ManagedRuleGroupOptions;
  /**
   * Profile set `knownBadInputs` → AWSManagedRulesKnownBadInputsRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly knownBadInputs?: ManagedRuleGroupOptions;
  /**
   * Profile set `sqlDatabase` → AWSManagedRulesSQLiRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly sqlDatabase?: ManagedRuleGroupOptions;
  /**
   * Profile set `linux` → AWSManagedRulesLinuxRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly linux?: ManagedRuleGroupOptions;
  /**
   * Profile set `unix` → AWSManagedRulesUnixRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly unix?: ManagedRuleGroupOptions;
  /**
   * Profile set `windows` → AWSManagedRulesWindowsRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly windows?: ManagedRuleGroupOptions;
  /**
   * Profile set `php` → AWSManagedRulesPHPRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly php?: ManagedRuleGroupOptions;
  /**
   * Profile set `wordpress` → AWSManagedRulesWordPressRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly wordpress?: ManagedRuleGroupOptions;
  /**
   * Profile set `adminProtection` → AWSManagedRulesAdminProtectionRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly adminProtection?: ManagedRuleGroupOptions;
  /**
   * Profile set `ipReputation` → AWSManagedRulesAmazonIpReputationList.
   * @default - AWS's default version, no overrides
   */
  readonly ipReputation?: ManagedRuleGroupOptions;
  /**
   * Profile set `anonymousIp` → AWSManagedRulesAnonymousIpList.
   * @default - AWS's default version, no overrides
   */
  readonly anonymousIp?: ManagedRuleGroupOptions;
  /**
   * Profile set `botControl` → AWSManagedRulesBotControlRuleSet.
   * @default - AWS's default version, no overrides
   */
  readonly botControl?: ManagedRuleGroupOptions;
}

/**
 * The `ManagedRuleGroups` field of each managed rule set of the profile (TypeScript only): a set
 * added to the profile schema without a field here, or a field that is not in the struct, fails
 * type-checking.
 */
export const MANAGED_RULE_GROUP_FIELDS = {
  common: 'common',
  knownBadInputs: 'knownBadInputs',
  sqlDatabase: 'sqlDatabase',
  linux: 'linux',
  unix: 'unix',
  windows: 'windows',
  php: 'php',
  wordpress: 'wordpress',
  adminProtection: 'adminProtection',
  ipReputation: 'ipReputation',
  anonymousIp: 'anonymousIp',
  botControl: 'botControl',
} as const satisfies { readonly [S in ManagedRuleSet]: keyof ManagedRuleGroups };

/** The options by managed rule set, as the compiler (compileWafRules) takes them. */
export function managedRuleGroupOptionsBySet(groups: ManagedRuleGroups | undefined): ManagedRuleGroupOptionsMap | undefined {
  if (groups === undefined) return undefined;
  const bySet: Partial<Record<ManagedRuleSet, ManagedRuleGroupOptions>> = {};
  for (const set of MANAGED_RULE_SETS) {
    const options = groups[MANAGED_RULE_GROUP_FIELDS[set]];
    if (options !== undefined) bySet[set] = options;
  }
  return bySet;
}
