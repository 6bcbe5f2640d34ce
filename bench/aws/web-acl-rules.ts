import type { CfnRegexPatternSetProps, CfnWebACL, CfnWebACLProps } from 'aws-cdk-lib/aws-wafv2';

/** A rule's (or the Web ACL's) metrics and sampled requests. */
export function visibility(webAclName: string, rule: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName: `${webAclName}-${rule}`, sampledRequestsEnabled: true };
}

/** The rules HardenedWebAcl compiles from the strict preset and a service's rate limits, written out by hand for the baselines. */
export function webAclRules(webAclName: string, service: string, badBotPatternSetArn: string): CfnWebACL.RuleProperty[] {
  const none = [{ priority: 0, type: 'NONE' }];
  const rateLimited = { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'rate-limited' } } };
  const uriPath = (positionalConstraint: string, searchString: string) => ({
    byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint, searchString, textTransformations: none },
  });
  const rules: Omit<CfnWebACL.RuleProperty, 'priority'>[] = [
    {
      name: 'rate-per-ip',
      action: rateLimited,
      statement: { rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit: 1_000 } },
      visibilityConfig: visibility(webAclName, 'rate-per-ip'),
    },
    {
      name: 'rate-auth',
      action: rateLimited,
      statement: {
        rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 120, limit: 10, scopeDownStatement: uriPath('EXACTLY', `/${service}/auth/login`) },
      },
      visibilityConfig: visibility(webAclName, 'rate-auth'),
    },
    {
      name: 'rate-per-user',
      action: rateLimited,
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ header: { name: 'x-user-id', textTransformations: none } }],
          evaluationWindowSec: 60,
          limit: 600,
          scopeDownStatement: uriPath('STARTS_WITH', `/${service}/api/`),
        },
      },
      visibilityConfig: visibility(webAclName, 'rate-per-user'),
    },
    ...[
      ['common', 'AWSManagedRulesCommonRuleSet'],
      ['knownBadInputs', 'AWSManagedRulesKnownBadInputsRuleSet'],
      ['sqlDatabase', 'AWSManagedRulesSQLiRuleSet'],
      ['ipReputation', 'AWSManagedRulesAmazonIpReputationList'],
      ['anonymousIp', 'AWSManagedRulesAnonymousIpList'],
    ].map(([key, group]) => ({
      name: `managed-${key}`,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
      visibilityConfig: visibility(webAclName, `managed-${key}`),
    })),
    {
      name: 'bad-bots',
      action: { block: { customResponse: { responseCode: 403, customResponseBodyKey: 'forbidden' } } },
      statement: {
        regexPatternSetReferenceStatement: {
          arn: badBotPatternSetArn,
          fieldToMatch: { singleHeader: { Name: 'user-agent' } },
          textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
        },
      },
      visibilityConfig: visibility(webAclName, 'bad-bots'),
    },
  ];
  return rules.map((rule, priority) => ({ ...rule, priority }));
}

/** The bad-bot rule's regex pattern set as HardenedWebAcl renders it for the strict preset's user agents. */
export function badBotPatternSetProps(): CfnRegexPatternSetProps {
  return { scope: 'REGIONAL', description: 'Bulwark bad-bots: user agents', regularExpressionList: ['(?:masscan|nikto|nmap|sqlmap|zgrab)'] };
}

/** A service's Web ACL as HardenedWebAcl renders it: JSON error bodies, metrics, and the rules above. */
export function serviceWebAclProps(webAclName: string, service: string, badBotPatternSetArn: string): CfnWebACLProps {
  return {
    name: webAclName,
    description: `Web ACL of ${service}`,
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: webAclName, sampledRequestsEnabled: true },
    customResponseBodies: {
      forbidden: { content: '{"error":"forbidden"}', contentType: 'APPLICATION_JSON' },
      'rate-limited': { content: '{"error":"too many requests"}', contentType: 'APPLICATION_JSON' },
    },
    rules: webAclRules(webAclName, service, badBotPatternSetArn),
  };
}
