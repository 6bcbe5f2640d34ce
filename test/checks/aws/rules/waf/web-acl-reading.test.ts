// How the Web ACL rules (WAF2, WAF4–WAF7) read a Web ACL: no rules, a rule without metrics
// settings, rules or statements known only at deploy time, logging configurations, and the
// capacity limits to the unit.
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, UNRESOLVED, type AwsRule } from '../../../../../lib/checks/aws/aws-rule';
import { WebAclLoggingRedacted } from '../../../../../lib/checks/aws/rules/waf/WebAclLoggingRedacted';
import { WebAclManagedProtections } from '../../../../../lib/checks/aws/rules/waf/WebAclManagedProtections';
import { WebAclRuleMetrics } from '../../../../../lib/checks/aws/rules/waf/WebAclRuleMetrics';
import { WebAclWithinBasePrice } from '../../../../../lib/checks/aws/rules/waf/WebAclWithinBasePrice';
import { WebAclWithinMaximumCapacity } from '../../../../../lib/checks/aws/rules/waf/WebAclWithinMaximumCapacity';

const policy = buildPolicy(extendPreset('baseline', { name: 'demo' }));
const visibility = { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'm' };

function verdict(rule: AwsRule, rules: unknown, logging?: (stack: Stack, acl: wafv2.CfnWebACL) => void): unknown {
  const app = new App();
  const stack = new Stack(app, 'Waf');
  const acl = new wafv2.CfnWebACL(stack, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: visibility, rules: rules as never });
  logging?.(stack, acl);
  return rule(acl, { index: AppIndex.of(app), policy });
}

/** A rule of 5 WCU (an IP set matched on any forwarded address). */
const fiveUnits = (priority: number) => ({
  name: `ips-${priority}`,
  priority,
  action: { block: {} },
  statement: {
    ipSetReferenceStatement: {
      arn: 'arn:aws:wafv2:eu-west-1:1:regional/ipset/x/1',
      ipSetForwardedIpConfig: { headerName: 'X-Forwarded-For', fallbackBehavior: 'MATCH', position: 'ANY' },
    },
  },
  visibilityConfig: visibility,
});
/** A rule of 1 WCU (a country match). */
const oneUnit = (priority: number) => ({
  name: `geo-${priority}`,
  priority,
  action: { block: {} },
  statement: { geoMatchStatement: { countryCodes: ['KP'] } },
  visibilityConfig: visibility,
});
const fiveUnitRules = (count: number) => Array.from({ length: count }, (_, i) => fiveUnits(i));

describe('a Web ACL with no rules', () => {
  it('has no rule without metrics and needs no capacity (WAF5, WAF6, WAF7 pass)', () => {
    for (const rule of [WebAclRuleMetrics, WebAclWithinBasePrice, WebAclWithinMaximumCapacity]) expect(verdict(rule, undefined)).toBe(COMPLIANT);
  });
});

describe('Bulwark-WAF5: every rule publishes CloudWatch metrics', () => {
  it('names a rule without a visibility configuration, or with metrics off', () => {
    expect(
      verdict(WebAclRuleMetrics, [
        { ...oneUnit(0), visibilityConfig: undefined },
        { ...oneUnit(1), visibilityConfig: { ...visibility, cloudWatchMetricsEnabled: false } },
      ]),
    ).toEqual(['geo-0', 'geo-1']);
  });

  it('is unresolved when the rules, or a rule statement, are known only at deploy time', () => {
    expect(verdict(WebAclRuleMetrics, Fn.conditionIf('Strict', [oneUnit(0)], []))).toEqual(UNRESOLVED);
    expect(
      verdict(WebAclRuleMetrics, [oneUnit(0), { ...oneUnit(1), statement: Fn.conditionIf('Strict', oneUnit(1).statement, oneUnit(1).statement) }]),
    ).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-WAF6 and WAF7: capacity within the base price (1,500 WCU) and the maximum (5,000 WCU)', () => {
  it('passes exactly 1,500 WCU and flags 1,501 under the base price', () => {
    expect(verdict(WebAclWithinBasePrice, fiveUnitRules(300))).toBe(COMPLIANT);
    expect(verdict(WebAclWithinBasePrice, [...fiveUnitRules(300), oneUnit(300)])).toBe(NON_COMPLIANT);
  });

  it('passes exactly 5,000 WCU and flags 5,001 under the maximum', () => {
    expect(verdict(WebAclWithinMaximumCapacity, fiveUnitRules(1_000))).toBe(COMPLIANT);
    expect(verdict(WebAclWithinMaximumCapacity, [...fiveUnitRules(1_000), oneUnit(1_000)])).toBe(NON_COMPLIANT);
  });

  it('is unresolved, not non-compliant, when the rules are known only at deploy time', () => {
    expect(verdict(WebAclWithinBasePrice, Fn.conditionIf('Strict', [oneUnit(0)], []))).toEqual(UNRESOLVED);
    expect(verdict(WebAclWithinMaximumCapacity, Fn.conditionIf('Strict', [oneUnit(0)], []))).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-WAF2 with an override action known only at deploy time', () => {
  it('is unresolved', () => {
    const group = (name: string, priority: number) => ({
      name,
      priority,
      overrideAction: Fn.conditionIf('Strict', { none: {} }, { count: {} }),
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility,
    });
    expect(
      verdict(WebAclManagedProtections, [
        group('AWSManagedRulesCommonRuleSet', 0),
        group('AWSManagedRulesKnownBadInputsRuleSet', 1),
        group('AWSManagedRulesSQLiRuleSet', 2),
      ]),
    ).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-WAF4: the Web ACL logs with the authorization and cookie headers redacted', () => {
  const logging =
    (redactedFields: unknown) =>
    (stack: Stack, acl: wafv2.CfnWebACL): void =>
      void new wafv2.CfnLoggingConfiguration(stack, 'Log', {
        resourceArn: acl.attrArn,
        logDestinationConfigs: ['arn:aws:logs:eu-west-1:1:log-group:aws-waf-logs-x'],
        redactedFields: redactedFields as never,
      });

  it('flags a Web ACL that does not log, and names each credential header a logging configuration leaves in', () => {
    expect(verdict(WebAclLoggingRedacted, [])).toEqual(['no-logging']);
    expect(verdict(WebAclLoggingRedacted, [], logging(undefined))).toEqual(['not-redacted:authorization', 'not-redacted:cookie']);
    expect(verdict(WebAclLoggingRedacted, [], logging([{ singleHeader: { Name: 'Authorization' } }]))).toEqual(['not-redacted:cookie']);
  });

  it('reads the header name whichever case its key is written in', () => {
    expect(verdict(WebAclLoggingRedacted, [], logging([{ singleHeader: { name: 'authorization' } }, { singleHeader: { Name: 'COOKIE' } }]))).toBe(COMPLIANT);
  });

  it('is unresolved when the redacted fields are known only at deploy time', () => {
    expect(verdict(WebAclLoggingRedacted, [], logging(Fn.conditionIf('Strict', [], [])))).toEqual(UNRESOLVED);
  });
});
