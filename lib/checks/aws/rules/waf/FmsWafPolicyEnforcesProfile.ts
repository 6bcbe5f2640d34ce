import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule, AwsRuleContext } from '../../aws-rule';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { CREDENTIAL_HEADERS } from './WebAclLoggingRedacted';
import { managedGroupBlocksNothing } from './managed-group-rules';
import { REQUIRED_MANAGED_GROUPS } from './WebAclManagedProtections';
import { rateLimitFindings } from './WebAclRateBasedRule';
import { resolveRules, type ResolvedRule } from './web-acl-rules';

/** Stands for the i-th intrinsic of a joined ManagedServiceData while its JSON is parsed. */
const PLACEHOLDER_PREFIX = '__bulwark_intrinsic_';
const PLACEHOLDER = (i: number) => `${PLACEHOLDER_PREFIX}${i}__`;

/**
 * A Firewall Manager WAFV2 policy enforces the profile in every account's Web ACL: the common,
 * known-bad-inputs and SQLi managed groups and each of the profile's rate limits run in its
 * first rule groups (preProcessRuleGroups, before any rule an account team adds; a group run
 * last can be pre-empted by a team's allow rule, so it does not count), with the override
 * action none (one known only at deploy time is unresolved) and not every rule of it excluded or
 * counted (some rules counted still protect); it logs to a destination with the authorization and cookie headers redacted;
 * and remediation is on, so resources in scope get the Web ACL. Rate limits are read from the
 * rule groups the policy names in the same app; a group elsewhere is unresolved. Findings name
 * what is missing, as WAF2, WAF3 and WAF4 do for a Web ACL.
 */
export const FmsWafPolicyEnforcesProfile: AwsRule = (node, context) => {
  if (node.cfnResourceType !== 'AWS::FMS::Policy') return NOT_APPLICABLE;
  const data = resolved<unknown>(node, 'securityServicePolicyData');
  if (!isDataObject(data) || isIntrinsic(data.type)) return UNRESOLVED;
  if (data.type !== 'WAFV2') return NOT_APPLICABLE;
  const service = parseManagedServiceData(data.managedServiceData);
  if (service === 'unresolved') return UNRESOLVED;
  if (service === 'invalid') return ['invalid-managed-service-data'];
  const first = Array.isArray(service.preProcessRuleGroups) ? service.preProcessRuleGroups.filter(isDataObject) : [];
  const remediation = resolved<unknown>(node, 'remediationEnabled');
  const findings = [
    ...(isIntrinsic(remediation) ? ['unresolved'] : remediation === true ? [] : ['remediation-off']),
    ...loggingFindings(service.loggingConfiguration),
    ...managedGroupFindings(first),
    ...rateFindings(node, first, context),
  ];
  return findings.length === 0 ? COMPLIANT : [...new Set(findings)];
};

/**
 * ManagedServiceData as data: a JSON string, or the Fn::Join aws-cdk-lib writes when the JSON
 * holds tokens (toJsonString), whose intrinsics come back in place of the strings they render.
 */
function parseManagedServiceData(value: unknown): Record<string, unknown> | 'unresolved' | 'invalid' {
  const intrinsics: unknown[] = [];
  const text = joinedText(value, intrinsics);
  if (text === undefined) return 'unresolved';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  const restored = restore(parsed, intrinsics);
  return isDataObject(restored) ? restored : 'invalid';
}

/** The text of a string or of an Fn::Join of strings and intrinsics (each replaced by a placeholder); undefined for anything else. */
function joinedText(value: unknown, intrinsics: unknown[]): string | undefined {
  if (typeof value === 'string') return value;
  const join = isIntrinsic(value) ? (value as Record<string, unknown>)['Fn::Join'] : undefined;
  if (!Array.isArray(join) || typeof join[0] !== 'string' || !Array.isArray(join[1])) return undefined;
  const parts: string[] = [];
  for (const part of join[1] as unknown[]) {
    const nested = typeof part === 'string' ? part : isIntrinsic(part) ? (joinedText(part, intrinsics) ?? placeholder(part, intrinsics)) : undefined;
    if (nested === undefined) return undefined;
    parts.push(nested);
  }
  return parts.join(join[0]);
}

function placeholder(intrinsic: unknown, intrinsics: unknown[]): string {
  intrinsics.push(intrinsic);
  return PLACEHOLDER(intrinsics.length - 1);
}

/** Parsed JSON with each placeholder string back as its intrinsic; a string that only contains one is a value known at deploy time. */
function restore(value: unknown, intrinsics: readonly unknown[]): unknown {
  if (typeof value === 'string') {
    // String search, not a regular expression: the text is the template author's.
    if (!value.includes(PLACEHOLDER_PREFIX)) return value;
    const whole = intrinsics.findIndex((_, i) => value === PLACEHOLDER(i));
    return whole >= 0 ? intrinsics[whole] : { 'Fn::Join': ['', [value]] };
  }
  if (Array.isArray(value)) return value.map((entry) => restore(entry, intrinsics));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, restore(entry, intrinsics)]));
  return value;
}

/** No logging, or the authorization or cookie header logged in clear. */
function loggingFindings(logging: unknown): string[] {
  if (isIntrinsic(logging)) return ['unresolved'];
  if (!isDataObject(logging)) return ['no-logging'];
  const destinations = logging.logDestinationConfigs;
  if (isIntrinsic(destinations)) return ['unresolved'];
  if (!Array.isArray(destinations) || destinations.length === 0) return ['no-logging'];
  if (isIntrinsic(logging.redactedFields)) return ['unresolved'];
  const redacted = new Set<string>();
  for (const field of Array.isArray(logging.redactedFields) ? logging.redactedFields : []) {
    if (isDataObject(field) && field.redactedFieldType === 'SingleHeader' && typeof field.redactedFieldValue === 'string')
      redacted.add(field.redactedFieldValue.toLowerCase());
  }
  return CREDENTIAL_HEADERS.filter((header) => !redacted.has(header)).map((header) => `not-redacted:${header}`);
}

/** How a first rule group runs: its override action NONE enforces, COUNT (or anything else) only counts; 'unresolved' when known only at deploy time. */
function groupMode(entry: Record<string, unknown>): 'enforces' | 'counts' | 'unresolved' {
  const action = entry.overrideAction;
  if (action === undefined) return 'enforces';
  if (!isDataObject(action) || isIntrinsic(action.type)) return 'unresolved';
  return action.type === 'NONE' || action.type === undefined ? 'enforces' : 'counts';
}

/** Each required managed group missing from the first groups, or there only counting; 'unresolved' when which group it is, or how it runs, is known only at deploy time. */
function managedGroupFindings(first: readonly Record<string, unknown>[]): string[] {
  const groups = first
    .filter((entry) => entry.ruleGroupType === 'ManagedRuleGroup')
    .map((entry) => {
      const identifier = entry.managedRuleGroupIdentifier;
      const name = isDataObject(identifier) ? identifier.managedRuleGroupName : identifier;
      const silenced = managedGroupBlocksNothing(name, entry.ruleActionOverrides, entry.excludeRules);
      const mode = isIntrinsic(name) || silenced === 'unresolved' ? 'unresolved' : silenced ? 'counts' : groupMode(entry);
      return { name, mode };
    });
  const unknownName = groups.some((group) => group.mode === 'unresolved' && isIntrinsic(group.name));
  return REQUIRED_MANAGED_GROUPS.flatMap((group) => {
    const present = groups.filter((candidate) => candidate.name === group);
    if (present.some((candidate) => candidate.mode === 'enforces')) return [];
    if (unknownName || present.some((candidate) => candidate.mode === 'unresolved')) return ['unresolved'];
    return present.length === 0 ? [group] : [`count-only:${group}`];
  });
}

/**
 * The profile's rate limits, judged as WAF3 judges a Web ACL, over the rules of the first rule
 * groups that this app defines (a group that only counts enforces nothing). A limit no known
 * rule enforces is unresolved when a group could not be read.
 */
function rateFindings(node: CfnResource, first: readonly Record<string, unknown>[], { index, policy }: AwsRuleContext): string[] {
  const rules: ResolvedRule[] = [];
  let unknownGroup = false;
  for (const entry of first.filter((candidate) => candidate.ruleGroupType === 'RuleGroup')) {
    const mode = groupMode(entry);
    if (mode === 'counts') continue;
    // A group that may only count cannot be relied on: its limits could enforce nothing.
    if (mode === 'unresolved') {
      unknownGroup = true;
      continue;
    }
    const target = index.target(node, entry.ruleGroupArn);
    const groupRules = target?.cfnResourceType === 'AWS::WAFv2::RuleGroup' ? resolveRules(target) : 'unresolved';
    if (groupRules === 'unresolved') unknownGroup = true;
    else rules.push(...groupRules);
  }
  const resourceType = resolved<unknown>(node, 'resourceType');
  if (isIntrinsic(resourceType)) return ['unresolved'];
  const behindCloudFront = policy.network.origin.behind === 'cloudfront' && resourceType !== 'AWS::CloudFront::Distribution';
  const verdict = rateLimitFindings(rules, policy, behindCloudFront);
  if (verdict === COMPLIANT || verdict === NOT_APPLICABLE) return [];
  const findings = verdict === NON_COMPLIANT ? ['no-rate-limit'] : verdict;
  return unknownGroup ? ['unresolved'] : findings;
}
