import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';

/**
 * The rules of each managed group a Web ACL needs, as AWS documents the latest static versions
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html,
 * https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-use-case.html).
 * A rule AWS adds later is missing here, so a group with every listed rule counted reads as
 * counting only even if the new rule still blocks: the safe side.
 */
export const MANAGED_GROUP_RULES: Readonly<Record<string, readonly string[]>> = {
  AWSManagedRulesCommonRuleSet: [
    'NoUserAgent_HEADER',
    'UserAgent_BadBots_HEADER',
    'SizeRestrictions_QUERYSTRING',
    'SizeRestrictions_Cookie_HEADER',
    'SizeRestrictions_BODY',
    'SizeRestrictions_URIPATH',
    'EC2MetaDataSSRF_BODY',
    'EC2MetaDataSSRF_COOKIE',
    'EC2MetaDataSSRF_URIPATH',
    'EC2MetaDataSSRF_QUERYARGUMENTS',
    'GenericLFI_QUERYARGUMENTS',
    'GenericLFI_URIPATH',
    'GenericLFI_BODY',
    'RestrictedExtensions_URIPATH',
    'RestrictedExtensions_QUERYARGUMENTS',
    'GenericRFI_QUERYARGUMENTS',
    'GenericRFI_BODY',
    'GenericRFI_URIPATH',
    'CrossSiteScripting_COOKIE',
    'CrossSiteScripting_QUERYARGUMENTS',
    'CrossSiteScripting_BODY',
    'CrossSiteScripting_URIPATH',
  ],
  AWSManagedRulesKnownBadInputsRuleSet: [
    'JavaDeserializationRCE_HEADER',
    'JavaDeserializationRCE_BODY',
    'JavaDeserializationRCE_URIPATH',
    'JavaDeserializationRCE_QUERYSTRING',
    'Host_localhost_HEADER',
    'PROPFIND_METHOD',
    'ExploitablePaths_URIPATH',
    'Log4JRCE_HEADER',
    'Log4JRCE_QUERYSTRING',
    'Log4JRCE_BODY',
    'Log4JRCE_URIPATH',
  ],
  AWSManagedRulesSQLiRuleSet: [
    'SQLi_QUERYARGUMENTS',
    'SQLiExtendedPatterns_QUERYARGUMENTS',
    'SQLi_BODY',
    'SQLiExtendedPatterns_BODY',
    'SQLi_COOKIE',
    'SQLi_URIPATH',
  ],
};

/** The actions a rule override can set that still stop a request (https://docs.aws.amazon.com/waf/latest/APIReference/API_RuleActionOverride.html). */
const STOPPING_ACTIONS = ['block', 'captcha', 'challenge'];

/**
 * Whether a managed group's per-rule settings leave it blocking nothing: every rule listed for it
 * is excluded (`excludedRules`/`excludeRules`) or overridden to an action that does not stop a
 * request (count, allow). Some rules counted still leave the group protecting, so that passes.
 * 'unresolved' when the settings are known only at deploy time; false for a group not listed.
 */
export function managedGroupBlocksNothing(group: unknown, overrides: unknown, excluded: unknown): boolean | 'unresolved' {
  if (isIntrinsic(overrides) || isIntrinsic(excluded)) return 'unresolved';
  const rules = typeof group === 'string' && Object.hasOwn(MANAGED_GROUP_RULES, group) ? MANAGED_GROUP_RULES[group] : undefined;
  if (rules === undefined) return false;
  const silenced = new Set<string>();
  let unknown = 0;
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  for (const entry of [...list(excluded), ...list(overrides)]) {
    if (!isDataObject(entry) || isIntrinsic(entry.name)) {
      unknown += 1;
      continue;
    }
    const action = entry.actionToUse;
    if (action !== undefined && !isDataObject(action)) unknown += 1;
    else if (action === undefined || !Object.keys(action).some((key) => STOPPING_ACTIONS.includes(key.toLowerCase()))) {
      if (typeof entry.name === 'string') silenced.add(entry.name);
    }
  }
  // Each entry the rule cannot read may silence one more rule.
  const left = rules.filter((rule) => !silenced.has(rule)).length;
  return left === 0 ? true : unknown >= left ? 'unresolved' : false;
}
