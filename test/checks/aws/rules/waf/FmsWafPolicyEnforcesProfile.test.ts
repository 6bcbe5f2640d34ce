import { App, Stack } from 'aws-cdk-lib';
import * as fms from 'aws-cdk-lib/aws-fms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset, toProfile } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { FirewallManagerWafPolicy, type FirewallManagerWafPolicyProps } from '../../../../../lib/aws/organization/firewall-manager-waf-policy';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED, type AwsRuleResult } from '../../../../../lib/checks/aws/aws-rule';
import { FmsWafPolicyEnforcesProfile } from '../../../../../lib/checks/aws/rules/waf/FmsWafPolicyEnforcesProfile';
import { MANAGED_GROUP_RULES } from '../../../../../lib/checks/aws/rules/waf/managed-group-rules';

const LOGS = 'arn:aws:s3:::aws-waf-logs-central';
const baseline = () => buildPolicy(extendPreset('baseline', { name: 'demo' }));

function judge(node: fms.CfnPolicy, app: App): AwsRuleResult {
  return FmsWafPolicyEnforcesProfile(node, { index: AppIndex.of(app), policy: baseline() });
}

/** Our own construct, judged against the baseline it was built from. */
function ours(props: Partial<FirewallManagerWafPolicyProps> = {}): AwsRuleResult {
  const app = new App();
  const policy = new FirewallManagerWafPolicy(new Stack(app, 'Admin', { env: { account: '111122223333', region: 'eu-west-1' } }), 'Fms', {
    logDestinationArn: LOGS,
    ...props,
  });
  return judge(policy.fmsPolicy, app);
}

/** An L1 policy whose ManagedServiceData is `data` (an object goes through toJsonString). */
function l1(data: unknown, props: Partial<fms.CfnPolicyProps> = {}): AwsRuleResult {
  const app = new App();
  const stack = new Stack(app, 'Admin');
  const node = new fms.CfnPolicy(stack, 'Fms', {
    policyName: 'p',
    resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    excludeResourceTags: false,
    remediationEnabled: true,
    securityServicePolicyData: { type: 'WAFV2', managedServiceData: typeof data === 'string' ? data : stack.toJsonString(data) },
    ...props,
  });
  return judge(node, app);
}

const managed = (managedRuleGroupName: string, type = 'NONE') => ({
  ruleGroupType: 'ManagedRuleGroup',
  managedRuleGroupIdentifier: { vendorName: 'AWS', managedRuleGroupName },
  overrideAction: { type },
});
const REQUIRED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];
const LOGGING = {
  logDestinationConfigs: [LOGS],
  redactedFields: ['authorization', 'cookie'].map((redactedFieldValue) => ({ redactedFieldType: 'SingleHeader', redactedFieldValue })),
};

describe('Bulwark-FMS1 on FirewallManagerWafPolicy', () => {
  it('passes the construct built from the same profile', () => {
    expect(ours()).toBe(COMPLIANT);
  });

  it('names each rate limit moved after the teams’ rules, where a team allow rule pre-empts it', () => {
    expect(ours({ lastRules: ['rate-per-ip', 'rate-auth'] })).toEqual(['per-ip', 'auth']);
  });

  it('asks a REGIONAL policy behind CloudFront for no limit keyed on the address, as WAF3 asks a REGIONAL Web ACL', () => {
    const profile = extendPreset('baseline', { name: 'demo', network: { origin: { behind: 'cloudfront' } } });
    const app = new App();
    const node = new FirewallManagerWafPolicy(new Stack(app, 'Admin', { env: { account: '111122223333', region: 'eu-west-1' } }), 'Fms', {
      profile: toProfile(profile),
      logDestinationArn: LOGS,
    }).fmsPolicy;
    expect(FmsWafPolicyEnforcesProfile(node, { index: AppIndex.of(app), policy: buildPolicy(profile) })).toBe(COMPLIANT);
  });

  it('flags remediation off', () => {
    expect(ours({ remediationEnabled: false })).toEqual(['remediation-off']);
  });
});

describe('Bulwark-FMS1 on hand-written policies', () => {
  it('names each missing managed group and each one that only counts', () => {
    const result = l1({
      type: 'WAFV2',
      preProcessRuleGroups: [managed('AWSManagedRulesCommonRuleSet', 'COUNT')],
      postProcessRuleGroups: [managed('AWSManagedRulesSQLiRuleSet')],
      loggingConfiguration: LOGGING,
    });
    expect(result).toEqual(['count-only:AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet', 'per-ip', 'auth']);
  });

  it('is unresolved when a required group’s override action, its type or its name is known only at deploy time', () => {
    const others = REQUIRED.slice(1).map((name) => managed(name));
    const deployTime = { 'Fn::If': ['Strict', 'NONE', 'COUNT'] };
    const withCommon = (common: Record<string, unknown>) =>
      l1({ type: 'WAFV2', preProcessRuleGroups: [common, ...others], loggingConfiguration: LOGGING, postProcessRuleGroups: [] });
    expect(withCommon({ ...managed(REQUIRED[0]), overrideAction: { type: deployTime } })).toContain('unresolved');
    expect(withCommon({ ...managed(REQUIRED[0]), overrideAction: deployTime })).toContain('unresolved');
    expect(withCommon({ ...managed(REQUIRED[0]), ruleActionOverrides: deployTime })).toContain('unresolved');
    expect(withCommon({ ...managed(REQUIRED[0]), managedRuleGroupIdentifier: { vendorName: 'AWS', managedRuleGroupName: { Ref: 'Group' } } })).toContain(
      'unresolved',
    );
    expect(withCommon({ ...managed(REQUIRED[0]), overrideAction: { type: deployTime } })).not.toContain(`count-only:${REQUIRED[0]}`);
  });

  it('counts a group whose every rule is counted or excluded as counting only; some rules counted still protect', () => {
    const sqli = 'AWSManagedRulesSQLiRuleSet';
    const names = MANAGED_GROUP_RULES[sqli];
    const withSqli = (settings: Record<string, unknown>) =>
      l1({
        type: 'WAFV2',
        preProcessRuleGroups: [...REQUIRED.slice(0, 2).map((name) => managed(name)), { ...managed(sqli), ...settings }],
        loggingConfiguration: LOGGING,
      });
    const counted = names.map((name) => ({ name, actionToUse: { count: {} } }));
    expect(withSqli({ ruleActionOverrides: counted })).toContain(`count-only:${sqli}`);
    expect(withSqli({ excludeRules: names.map((name) => ({ name })) })).toContain(`count-only:${sqli}`);
    expect(withSqli({ ruleActionOverrides: counted.slice(1) })).not.toContain(`count-only:${sqli}`);
    expect(withSqli({ ruleActionOverrides: [...counted.slice(1), { name: names[0], actionToUse: { block: {} } }] })).not.toContain(`count-only:${sqli}`);
    expect(withSqli({ ruleActionOverrides: [...counted.slice(1), { Ref: 'Last' }] })).toContain('unresolved');
  });

  it('flags a policy without logging, and one that logs credentials in clear', () => {
    const groups = REQUIRED.map((name) => managed(name));
    expect(l1({ type: 'WAFV2', preProcessRuleGroups: groups })).toContain('no-logging');
    expect(l1({ type: 'WAFV2', preProcessRuleGroups: groups, loggingConfiguration: { logDestinationConfigs: [LOGS], redactedFields: [] } })).toEqual(
      expect.arrayContaining(['not-redacted:authorization', 'not-redacted:cookie']),
    );
  });

  it('reads rate limits from a rule group of the same app, and calls one it cannot read unresolved', () => {
    const groups = REQUIRED.map((name) => managed(name));
    const literalGroup = {
      ruleGroupType: 'RuleGroup',
      ruleGroupArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/rulegroup/x/1',
      overrideAction: { type: 'NONE' },
    };
    expect(l1({ type: 'WAFV2', preProcessRuleGroups: [literalGroup, ...groups], loggingConfiguration: LOGGING })).toEqual(UNRESOLVED);
  });

  it('does not count the rate limits of a rule group the policy only counts', () => {
    const app = new App();
    const stack = new Stack(app, 'Admin');
    const group = new wafv2.CfnRuleGroup(stack, 'Group', {
      scope: 'REGIONAL',
      capacity: 10,
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'g' },
      rules: [
        {
          name: 'r',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 10, evaluationWindowSec: 60, aggregateKeyType: 'IP' } },
          visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'r' },
        },
      ],
    });
    const data = (type: string) =>
      stack.toJsonString({
        type: 'WAFV2',
        preProcessRuleGroups: [{ ruleGroupType: 'RuleGroup', ruleGroupArn: group.attrArn, overrideAction: { type } }, ...REQUIRED.map((name) => managed(name))],
        loggingConfiguration: LOGGING,
      });
    const policy = (id: string, type: string) =>
      new fms.CfnPolicy(stack, id, {
        policyName: id,
        resourceType: 'AWS::ApiGateway::Stage',
        excludeResourceTags: false,
        remediationEnabled: true,
        securityServicePolicyData: { type: 'WAFV2', managedServiceData: data(type) },
      });
    const enforcing = policy('Enforcing', 'NONE');
    const counting = policy('Counting', 'COUNT');
    expect(judge(enforcing, app)).toBe(COMPLIANT);
    expect(judge(counting, app)).toEqual(['per-ip', 'auth']);
  });

  it('calls ManagedServiceData that is not JSON invalid, and leaves other policy types alone', () => {
    expect(l1('{"type":')).toEqual(['invalid-managed-service-data']);
    expect(l1('', { securityServicePolicyData: { type: 'SHIELD_ADVANCED', managedServiceData: '' } })).toBe(NOT_APPLICABLE);
  });

  it('is unresolved when remediation is known only at deploy time', () => {
    const groups = REQUIRED.map((name) => managed(name));
    const result = l1(
      { type: 'WAFV2', preProcessRuleGroups: groups, loggingConfiguration: LOGGING },
      { remediationEnabled: { 'Fn::If': ['C', true, false] } as never },
    );
    expect(result).toContain('unresolved');
  });
});
