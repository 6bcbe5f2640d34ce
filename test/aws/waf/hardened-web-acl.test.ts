import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { OVERLONG_UTF8_PATTERN, OVERLONG_UTF8_SEPARATOR_PATTERN } from '../../../lib/aws/waf/attack-patterns';
import { HardenedWebAcl, type HardenedWebAclProps } from '../../../lib/aws/waf/hardened-web-acl';
import { HardeningValidationError } from '../../../lib/core/hardening-validation-error';
import { type HardeningProfileInput, Preset, Profile } from '../../../lib/tooling';
import { compileRateBasedStatement } from '../../../lib/simulate/aws-waf/rate-based-statement';
import { RequestContext } from '../../../lib/simulate/aws-waf/request-context';
import { simulatedRequest } from '../../support/simulated-request';
import { WafRuleAction } from '../../../lib/aws/waf/waf-rule-action';
import { WebAclScope } from '../../../lib/aws/waf/web-acl-scope';

const REGION = { account: '123456789012', region: 'eu-west-1' };

function build(profile: Partial<HardeningProfileInput> = {}, props: Omit<HardenedWebAclProps, 'profile'> = {}, env = REGION) {
  const stack = new Stack(new App(), 'Stack', { env });
  const acl = new HardenedWebAcl(stack, 'Waf', { profile: Profile.fromObject({ name: 'demo', ...profile }), ...props });
  return { stack, acl, template: Template.fromStack(stack) };
}

function rule(template: Template, name: string): Record<string, unknown> {
  const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as { Properties: { Rules: Record<string, unknown>[] } }[];
  const found = acl.Properties.Rules.find((r) => r.Name === name);
  if (!found) throw new Error(`no rule ${name} in ${acl.Properties.Rules.map((r) => r.Name).join(', ')}`);
  return found;
}

const forbidden = { Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'bulwark-forbidden' } } };
const tooMany = { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'bulwark-rate-limited' } } };

describe('HardenedWebAcl defaults', () => {
  const { acl, template, stack } = (() => {
    const stack = new Stack(new App(), 'Stack', { env: REGION });
    const acl = new HardenedWebAcl(stack, 'Waf');
    return { stack, acl, template: Template.fromStack(stack) };
  })();

  it('is a regional ACL that allows by default and answers blocks with JSON', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      CustomResponseBodies: {
        'bulwark-forbidden': { ContentType: 'APPLICATION_JSON', Content: '{"error":"forbidden"}' },
        'bulwark-rate-limited': { ContentType: 'APPLICATION_JSON', Content: '{"error":"too many requests"}' },
      },
    });
  });

  it('compiles the baseline: rate limits, managed groups, then bad bots', () => {
    const [resource] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as { Properties: { Rules: { Name: string; Priority: number }[] } }[];
    expect(resource.Properties.Rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, 'rate-per-ip'],
      [1, 'rate-auth'],
      [2, 'managed-common'],
      [3, 'managed-knownBadInputs'],
      [4, 'managed-sqlDatabase'],
      [5, 'managed-ipReputation'],
      [6, 'bad-bots'],
    ]);
  });

  it('gives every rule metrics with a CloudFormation-safe name', () => {
    const [resource] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as {
      Properties: { Rules: { VisibilityConfig: { MetricName: string; CloudWatchMetricsEnabled: boolean; SampledRequestsEnabled: boolean } }[] };
    }[];
    for (const r of resource.Properties.Rules) {
      expect(r.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
      expect(r.VisibilityConfig.MetricName).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
    }
    expect(new Set(resource.Properties.Rules.map((r) => r.VisibilityConfig.MetricName)).size).toBe(resource.Properties.Rules.length);
  });

  it('logs to an encrypted aws-waf-logs- group kept 90 days, with credentials redacted', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'),
      RetentionInDays: 90,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WafLogKey'), 'Arn'] },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
      LogDestinationConfigs: [
        {
          'Fn::Join': [
            '',
            Match.arrayWith([Match.stringLikeRegexp(':logs:eu-west-1:123456789012:log-group:$'), { Ref: Match.stringLikeRegexp('^WafLogGroup') }]),
          ],
        },
      ],
      LoggingFilter: Match.absent(),
    });
    expect(acl.logGroup).toBeDefined();
    expect(acl.loggingConfiguration).toBeDefined();
  });

  it("writes its log group as an L1 with the logical ID aws-cdk-lib's LogGroup gives there, and an ILogGroup of it on first read", () => {
    const { stack, acl } = build();
    const l2 = new logs.LogGroup(new Construct(new Stack(new App(), 'L2', { env: REGION }), 'Waf'), 'LogGroup');
    const cfnLogGroup = acl.cfnLogGroup as logs.CfnLogGroup;
    expect(stack.resolve(cfnLogGroup.logicalId)).toBe(Stack.of(l2).resolve((l2.node.defaultChild as logs.CfnLogGroup).logicalId));
    expect(acl.node.tryFindChild('LogGroupRef')).toBeUndefined();
    const logGroup = acl.logGroup as logs.ILogGroup;
    expect(acl.logGroup).toBe(logGroup);
    expect(stack.resolve(logGroup.logGroupName)).toEqual({ Ref: stack.resolve(cfnLogGroup.logicalId) });
    expect(stack.resolve(logGroup.logGroupArn)).toEqual({ 'Fn::GetAtt': [stack.resolve(cfnLogGroup.logicalId), 'Arn'] });
  });

  it('lets CloudWatch Logs in the region use the key for that log group only', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':logs:eu-west-1:123456789012:log-group:aws-waf-logs-')])],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('exposes its capacity, within the base price', () => {
    // The bad-bot rule: the default scanner list fits one regex pattern set (25), lower-cased (10).
    expect(acl.capacity).toBe(700 + 200 + 200 + 25 + 2 + 6 + 35);
    expect(acl.ruleCapacities[0]).toEqual({ name: 'managed-common', source: 'waf.managedRules[0]', capacity: 700 });
    expect(stack.resolve(acl.webAclArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(acl.webAcl), 'Arn'] });
  });
});

describe('HardenedWebAcl rule kinds', () => {
  it('compiles IP allow and block lists into one IP set per family', () => {
    const { template, acl } = build({ waf: { ipAllowlist: ['10.0.0.0/8'], ipBlocklist: ['203.0.113.0/24', '2001:db8::/32'] } });
    template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV4', Addresses: ['10.0.0.0/8'], Scope: 'REGIONAL' });
    template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32'] });
    expect(Object.keys(acl.ipSets).sort()).toEqual(['ip-allowlist-v4', 'ip-blocklist-v4', 'ip-blocklist-v6']);
    expect(rule(template, 'ip-allowlist')).toMatchObject({
      Priority: 0,
      Action: { Allow: {} },
      Statement: { IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/IpSetipallowlistv4/), 'Arn'] } } },
    });
    expect(rule(template, 'ip-blocklist')).toMatchObject({
      Action: forbidden,
      Statement: { OrStatement: { Statements: [{ IPSetReferenceStatement: {} }, { IPSetReferenceStatement: {} }] } },
    });
  });

  it('compiles geo blocks', () => {
    const { template } = build({ waf: { geoBlock: ['KP', 'IR'] } });
    expect(rule(template, 'geo-block')).toMatchObject({ Action: forbidden, Statement: { GeoMatchStatement: { CountryCodes: ['IR', 'KP'] } } });
  });

  it('compiles managed groups with version pins, rule overrides and Bot Control settings', () => {
    const { template } = build(
      { waf: { managedRules: ['common', 'botControl'] } },
      {
        managedRuleGroups: { common: { version: 'Version_1.10', ruleActionOverrides: { SizeRestrictions_BODY: WafRuleAction.COUNT } } },
      },
    );
    expect(rule(template, 'managed-common')).toEqual(
      expect.objectContaining({
        OverrideAction: { None: {} },
        Statement: {
          ManagedRuleGroupStatement: {
            VendorName: 'AWS',
            Name: 'AWSManagedRulesCommonRuleSet',
            Version: 'Version_1.10',
            RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
          },
        },
      }),
    );
    expect(rule(template, 'managed-botControl')).toMatchObject({
      Statement: {
        ManagedRuleGroupStatement: {
          Name: 'AWSManagedRulesBotControlRuleSet',
          ManagedRuleGroupConfigs: [{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } }],
        },
      },
    });
    expect(rule(template, 'managed-botControl').Action).toBeUndefined();
  });

  it('compiles bad bots into a lowercase user-agent regex pattern set with the profile action', () => {
    const { template, stack, acl } = build({ waf: { badBots: { userAgents: ['sqlmap', 'Nikto', 'curl/7.0'], action: 'challenge' } } });
    template.hasResourceProperties('AWS::WAFv2::RegexPatternSet', { Scope: 'REGIONAL', RegularExpressionList: ['(?:curl\\/7\\.0|nikto|sqlmap)'] });
    expect(rule(template, 'bad-bots')).toMatchObject({
      Action: { Challenge: {} },
      Statement: {
        RegexPatternSetReferenceStatement: {
          Arn: { 'Fn::GetAtt': [stack.getLogicalId(acl.regexPatternSets['bad-bots']), 'Arn'] },
          FieldToMatch: { SingleHeader: { Name: 'user-agent' } },
          TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
        },
      },
    });
  });

  it('scales bad bots to a long list: 10 regexes of at most 200 characters per set, one statement per set', () => {
    const userAgents = Array.from({ length: 200 }, (_, i) => `scanner-number-${i}`);
    const { template, acl } = build({ waf: { badBots: { userAgents } } });
    const sets = Object.values(template.findResources('AWS::WAFv2::RegexPatternSet')) as { Properties: { RegularExpressionList: string[] } }[];
    expect(sets.length).toBeGreaterThanOrEqual(2);
    for (const set of sets) {
      expect(set.Properties.RegularExpressionList.length).toBeLessThanOrEqual(10);
      for (const regex of set.Properties.RegularExpressionList) expect(regex.length).toBeLessThanOrEqual(200);
    }
    expect(
      sets
        .flatMap((set) => set.Properties.RegularExpressionList)
        .join('|')
        .split('|').length,
    ).toBe(200);
    expect((rule(template, 'bad-bots').Statement as { OrStatement: { Statements: unknown[] } }).OrStatement.Statements).toHaveLength(sets.length);
    expect(acl.ruleCapacities.find((r) => r.name === 'bad-bots')?.capacity).toBe(sets.length * 35);
  });

  it('warns when the rules need more regex pattern sets than the default account quota of 10', () => {
    const userAgents = Array.from({ length: 600 }, (_, i) => `scanner-number-${i}-with-a-long-name`);
    const { stack, acl } = build({ waf: { badBots: { userAgents } } });
    expect(Object.keys(acl.regexPatternSets).length).toBeGreaterThan(10);
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Waf',
      Match.stringLikeRegexp('regex pattern sets, over the 10 AWS WAF allows per account and Region by default'),
    );
  });

  it('skips custom SQLi, XSS and traversal rules a managed group covers, and says so', () => {
    const { template, acl, stack } = build({});
    for (const name of ['sql-injection', 'cross-site-scripting', 'path-traversal']) expect(() => rule(template, name)).toThrow(new RegExp(`no rule ${name}`));
    expect(acl.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['sql-injection', 'info'],
      ['cross-site-scripting', 'info'],
      ['path-traversal', 'info'],
    ]);
    Annotations.fromStack(stack).hasInfo(
      '/Stack/Waf',
      Match.stringLikeRegexp('sql-injection \\(waf.block.sqlInjection\\): custom rule skipped: AWSManagedRulesSQLiRuleSet already covers SQL injection'),
    );
  });

  it('compiles SQLi and XSS as regex pattern sets over path, query, body, JSON body, cookies and every header, decoded twice, white space folded and lower-cased', () => {
    const { template, stack, acl } = build({ waf: { managedRules: ['knownBadInputs'] } });
    const decode = ['URL_DECODE_UNI', 'URL_DECODE_UNI', 'HTML_ENTITY_DECODE', 'COMPRESS_WHITE_SPACE', 'LOWERCASE'].map((Type, Priority) => ({
      Priority,
      Type,
    }));
    const fields = [
      { UriPath: {} },
      { QueryString: {} },
      { Body: { OversizeHandling: 'CONTINUE' } },
      { JsonBody: { MatchPattern: { All: {} }, MatchScope: 'ALL', InvalidFallbackBehavior: 'EVALUATE_AS_STRING', OversizeHandling: 'CONTINUE' } },
      { Cookies: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'CONTINUE' } },
      { Headers: { MatchPattern: { All: {} }, MatchScope: 'VALUE', OversizeHandling: 'CONTINUE' } },
    ];
    for (const name of ['sql-injection', 'cross-site-scripting']) {
      const Arn = { 'Fn::GetAtt': [stack.getLogicalId(acl.regexPatternSets[name]), 'Arn'] };
      expect(rule(template, name)).toMatchObject({
        Action: forbidden,
        Statement: {
          OrStatement: {
            Statements: fields.map((FieldToMatch) => ({ RegexPatternSetReferenceStatement: { Arn, FieldToMatch, TextTransformations: decode } })),
          },
        },
      });
      // 25 per reference + 50 for the transformations, the JSON body's 25 doubled.
      expect(acl.ruleCapacities.find((r) => r.name === name)?.capacity).toBe(6 * 75 + 25);
    }
  });

  it('compiles path traversal as a regex pattern set over the raw path, query, body and cookies, decoded twice, plus overlong UTF-8 undecoded on each', () => {
    const { template, stack, acl } = build({ waf: { managedRules: ['knownBadInputs'] } });
    const twice = ['URL_DECODE_UNI', 'URL_DECODE_UNI', 'LOWERCASE'].map((Type, Priority) => ({ Priority, Type }));
    const Arn = { 'Fn::GetAtt': [stack.getLogicalId(acl.regexPatternSets['path-traversal']), 'Arn'] };
    const fields = [
      { UriPath: {} },
      { QueryString: {} },
      { Body: { OversizeHandling: 'CONTINUE' } },
      { Cookies: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'CONTINUE' } },
    ];
    const lower = [{ Priority: 0, Type: 'LOWERCASE' }];
    expect(rule(template, 'path-traversal')).toMatchObject({
      Statement: {
        OrStatement: {
          Statements: [
            ...fields.map((FieldToMatch) => ({ RegexPatternSetReferenceStatement: { Arn, FieldToMatch, TextTransformations: twice } })),
            // Any overlong form on the path and query; only the dot, slash and backslash forms on the body and cookies.
            { RegexMatchStatement: { FieldToMatch: fields[0], RegexString: OVERLONG_UTF8_PATTERN.regex, TextTransformations: lower } },
            { RegexMatchStatement: { FieldToMatch: fields[1], RegexString: OVERLONG_UTF8_PATTERN.regex, TextTransformations: lower } },
            { RegexMatchStatement: { FieldToMatch: fields[2], RegexString: OVERLONG_UTF8_SEPARATOR_PATTERN.regex, TextTransformations: lower } },
            { RegexMatchStatement: { FieldToMatch: fields[3], RegexString: OVERLONG_UTF8_SEPARATOR_PATTERN.regex, TextTransformations: lower } },
          ],
        },
      },
    });
    // No NORMALIZE_PATH anywhere: it would remove the dot segments the rule looks for.
    expect(JSON.stringify(rule(template, 'path-traversal'))).not.toMatch(/NORMALIZE_PATH/);
    expect(acl.ruleCapacities.find((r) => r.name === 'path-traversal')?.capacity).toBe(4 * 55 + 4 * 13);
  });

  it('keeps both when the profile asks to', () => {
    const { template } = build({ waf: { customRulesWhenManaged: true } });
    expect(rule(template, 'sql-injection').Statement).toBeDefined();
  });
});

describe('HardenedWebAcl rate limits behind a proxy (network.origin)', () => {
  const perIp = { rateLimits: [{ name: 'per-ip', key: 'ip' as const, limit: 100, windowSeconds: 60 }] };

  it('counts the client address Cloudflare forwards behind Cloudflare, a request with a bad address under the fallback', () => {
    const { template } = build({ ...perIp, edges: ['aws', 'cloudflare'] });
    expect(rule(template, 'rate-per-ip')).toMatchObject({
      Statement: {
        RateBasedStatement: { AggregateKeyType: 'FORWARDED_IP', ForwardedIPConfig: { HeaderName: 'CF-Connecting-IP', FallbackBehavior: 'MATCH' } },
      },
    });
  });

  it('leaves limits keyed on the address out of a REGIONAL ACL behind CloudFront, saying the CLOUDFRONT-scope ACL holds them, and keeps the others', () => {
    const { stack, template } = build({
      network: { origin: { behind: 'cloudfront' } },
      rateLimits: [
        { name: 'per-ip', key: 'ip', limit: 100, windowSeconds: 60 },
        { name: 'mixed', key: ['ip', { header: 'x-user-id' }], limit: 100, windowSeconds: 60 },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 100, windowSeconds: 60 },
      ],
    });
    const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as { Properties: { Rules: { Name: string }[] } }[];
    const names = acl.Properties.Rules.map((r) => r.Name);
    expect(names).not.toContain('rate-per-ip');
    expect(names).not.toContain('rate-mixed');
    expect(names).toContain('rate-per-user');
    expect(JSON.stringify(acl)).not.toMatch(/X-Forwarded-For|FORWARDED_IP|ForwardedIP/);
    for (const name of ['per-ip', 'mixed'])
      Annotations.fromStack(stack).hasInfo(
        '/Stack/Waf',
        Match.stringLikeRegexp(`rate-${name} \\(rateLimits\\[\\d\\]\\): left out of this ACL, which sits behind CloudFront: .*CLOUDFRONT-scope Web ACL`),
      );
  });

  it("counts each Cloudflare client on its own, though all arrive from one Cloudflare address (the simulator's reading)", () => {
    const { template } = build({ ...perIp, edges: ['aws', 'cloudflare'] });
    const statement = (rule(template, 'rate-per-ip').Statement as { RateBasedStatement: Record<string, unknown> }).RateBasedStatement;
    const judge = compileRateBasedStatement({ ...statement, Limit: 2 }, { rule: 'r', template: {}, bodyLimit: 8192 }, 'RateBasedStatement');
    const from = (client: string) => judge(new RequestContext(simulatedRequest({ ip: '173.245.48.1', headers: { 'cf-connecting-ip': [client] } }), 0));
    expect([from('198.51.100.1'), from('198.51.100.1'), from('198.51.100.2'), from('198.51.100.1')]).toEqual(['no-match', 'no-match', 'no-match', 'match']);
  });

  it('swaps the IP custom key for the forwarded one when the limit has other keys too', () => {
    const { template } = build({
      edges: ['aws', 'cloudflare'],
      rateLimits: [{ name: 'mixed', key: ['ip', { header: 'x-user-id' }], limit: 100, windowSeconds: 60 }],
    });
    const statement = (rule(template, 'rate-mixed').Statement as { RateBasedStatement: Record<string, unknown> }).RateBasedStatement;
    expect(statement.CustomKeys).toEqual([{ ForwardedIP: {} }, { Header: { Name: 'x-user-id', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }]);
    expect(statement.ForwardedIPConfig).toEqual({ HeaderName: 'CF-Connecting-IP', FallbackBehavior: 'MATCH' });
  });

  it('matches IP lists and countries on CF-Connecting-IP behind Cloudflare, failing closed: an allow does not match a bad header, a block does', () => {
    const { template } = build({ edges: ['aws', 'cloudflare'], waf: { ipAllowlist: ['192.0.2.0/24'], ipBlocklist: ['203.0.113.0/24'], geoBlock: ['KP'] } });
    expect(rule(template, 'ip-allowlist')).toMatchObject({
      Statement: { IPSetReferenceStatement: { IPSetForwardedIPConfig: { HeaderName: 'CF-Connecting-IP', FallbackBehavior: 'NO_MATCH', Position: 'FIRST' } } },
    });
    expect(rule(template, 'ip-blocklist')).toMatchObject({
      Statement: { IPSetReferenceStatement: { IPSetForwardedIPConfig: { HeaderName: 'CF-Connecting-IP', FallbackBehavior: 'MATCH', Position: 'FIRST' } } },
    });
    expect(rule(template, 'geo-block')).toMatchObject({
      Statement: { GeoMatchStatement: { CountryCodes: ['KP'], ForwardedIPConfig: { HeaderName: 'CF-Connecting-IP', FallbackBehavior: 'MATCH' } } },
    });
  });

  it("leaves IP lists and country blocks out of a REGIONAL ACL behind CloudFront (the source is an edge server, X-Forwarded-For the client's to choose), and keeps them on the CLOUDFRONT-scope ACL", () => {
    const lists = {
      network: { origin: { behind: 'cloudfront' as const } },
      waf: { ipAllowlist: ['192.0.2.0/24'], ipBlocklist: ['203.0.113.0/24'], geoBlock: ['KP'] },
    };
    const { stack, template } = build(lists);
    const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as { Properties: { Rules: { Name: string }[] } }[];
    expect(acl.Properties.Rules.map((r) => r.Name).filter((name) => ['ip-allowlist', 'ip-blocklist', 'geo-block'].includes(name))).toEqual([]);
    for (const id of ['ip-allowlist', 'ip-blocklist', 'geo-block'])
      Annotations.fromStack(stack).hasInfo(
        '/Stack/Waf',
        Match.stringLikeRegexp(`${id} \\(waf\\.[a-zA-Z]+\\): left out of this ACL, which sits behind CloudFront: an IP list or country match`),
      );
    const atEdge = build(lists, { webAclScope: WebAclScope.CLOUDFRONT }, { account: '123456789012', region: 'us-east-1' });
    expect(rule(atEdge.template, 'ip-allowlist')).toMatchObject({ Statement: { IPSetReferenceStatement: {} } });
    expect(rule(atEdge.template, 'geo-block')).toMatchObject({ Statement: { GeoMatchStatement: { CountryCodes: ['KP'] } } });
  });

  it('keeps the source address on the internet, and on a CloudFront-scope ACL, which sees the viewer itself', () => {
    expect(rule(build(perIp).template, 'rate-per-ip')).toMatchObject({ Statement: { RateBasedStatement: { AggregateKeyType: 'IP' } } });
    const atEdge = build(
      { ...perIp, network: { origin: { behind: 'cloudfront' } } },
      { webAclScope: WebAclScope.CLOUDFRONT },
      { account: '123456789012', region: 'us-east-1' },
    );
    const statement = (rule(atEdge.template, 'rate-per-ip').Statement as { RateBasedStatement: Record<string, unknown> }).RateBasedStatement;
    expect(statement.AggregateKeyType).toBe('IP');
    expect(statement.ForwardedIPConfig).toBeUndefined();
  });
});

describe('HardenedWebAcl rate limits', () => {
  it('keys by IP with a path scope-down and answers 429', () => {
    const { template } = build({ rateLimits: [{ name: 'auth', match: { paths: ['/login'] }, limit: 20, windowSeconds: 60 }] });
    expect(rule(template, 'rate-auth')).toMatchObject({
      Action: tooMany,
      Statement: {
        RateBasedStatement: {
          Limit: 20,
          EvaluationWindowSec: 60,
          AggregateKeyType: 'IP',
          ScopeDownStatement: { ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'EXACTLY', SearchString: '/login' } },
        },
      },
    });
  });

  it.each([
    [{ header: 'X-User-Id' }, { Header: { Name: 'x-user-id', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
    [{ cookie: 'session' }, { Cookie: { Name: 'session', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
    [{ queryArg: 'api_key' }, { QueryArgument: { Name: 'api_key', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
  ])('keys by %j through custom keys', (key, customKey) => {
    const { template } = build({ rateLimits: [{ name: 'identity', key, limit: 60, windowSeconds: 60, action: 'count' }] });
    expect(rule(template, 'rate-identity')).toMatchObject({
      Action: { Count: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'CUSTOM_KEYS', CustomKeys: [customKey] } },
    });
  });

  it('combines keys and scopes by prefix and method', () => {
    const { template, acl } = build({
      rateLimits: [
        {
          name: 'api',
          match: { pathPrefix: '/api/', methods: ['POST'] },
          key: ['ip', { header: 'x-workspace-id' }],
          limit: 500,
          windowSeconds: 60,
          action: 'challenge',
        },
      ],
    });
    expect(rule(template, 'rate-api')).toMatchObject({
      Action: { Challenge: {} },
      Statement: {
        RateBasedStatement: {
          CustomKeys: [{ IP: {} }, { Header: { Name: 'x-workspace-id' } }],
          ScopeDownStatement: {
            AndStatement: {
              Statements: [
                { ByteMatchStatement: { PositionalConstraint: 'STARTS_WITH', SearchString: '/api/' } },
                { ByteMatchStatement: { FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: 'POST' } },
              ],
            },
          },
        },
      },
    });
    expect(acl.ruleCapacities.find((r) => r.name === 'rate-api')?.capacity).toBe(2 + 60 + 4);
  });

  it('turns a window WAF lacks into the nearest equivalent and reports it', () => {
    const { template, stack } = build({ rateLimits: [{ name: 'api', limit: 100, windowSeconds: 10, action: 'challenge' }] });
    expect(rule(template, 'rate-api')).toMatchObject({ Statement: { RateBasedStatement: { Limit: 600, EvaluationWindowSec: 60 } } });
    Annotations.fromStack(stack).hasInfo('/Stack/Waf', Match.stringLikeRegexp('rate-api \\(rateLimits\\[0\\]\\): 100 per 10 s becomes 600 per 60 s'));
  });

  it('leaves out rate limits meant for other edges', () => {
    const { template } = build({ edges: ['aws', 'cloudflare'], rateLimits: [{ name: 'cf', limit: 100, windowSeconds: 10, edges: ['cloudflare'] }] });
    expect(() => rule(template, 'rate-cf')).toThrow(/no rule rate-cf/);
  });
});

describe('HardenedWebAcl capacity and bad input', () => {
  it('fits the strict preset within the 1,500 WCU base price', () => {
    const stack = new Stack(new App(), 'Stack', { env: REGION });
    const acl = new HardenedWebAcl(stack, 'Waf', { profile: Profile.fromPreset(Preset.STRICT, 'demo') });
    expect(acl.capacity).toBeLessThanOrEqual(1_500);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  it('warns above 1,500 WCU', () => {
    const { stack, acl } = build({ waf: { managedRules: ['common', 'knownBadInputs', 'sqlDatabase', 'linux', 'windows', 'php'] } });
    expect(acl.capacity).toBeGreaterThan(1_500);
    Annotations.fromStack(stack).hasWarning('/Stack/Waf', Match.stringLikeRegexp('needs \\d+ WCU, over the 1500 the base price covers'));
  });

  it('fails synth above 5,000 WCU, naming the costliest rules and their profile fields', () => {
    const userAgents = Array.from({ length: 600 }, (_, i) => `scanner-number-${i}-with-a-long-name`);
    const rateLimits = Array.from({ length: 30 }, (_, i) => ({
      name: `user-${i}`,
      key: [{ header: 'x-a' }, { header: 'x-b' }, { cookie: 'c' }, { queryArg: 'q' }, 'ip'] as const,
      limit: 100,
      windowSeconds: 60,
    }));
    expect(() => build({ waf: { customRulesWhenManaged: true, badBots: { userAgents } }, rateLimits: rateLimits as never })).toThrow(HardeningValidationError);
    expect(() => build({ waf: { customRulesWhenManaged: true, badBots: { userAgents } }, rateLimits: rateLimits as never })).toThrow(
      /waf: the rules need \d+ WCU, over the 5000 a Web ACL allows; the costliest are managed-common \(waf.managedRules\[0\], 700 WCU\), cross-site-scripting \(waf.block.crossSiteScripting, \d+ WCU\), sql-injection \(waf.block.sqlInjection, \d+ WCU\)/,
    );
  });

  it('rejects a rate WAF cannot enforce, naming the profile field', () => {
    expect(() => build({ rateLimits: [{ name: 'slow', limit: 5, windowSeconds: 600 }] })).toThrow(
      /- rateLimits\[0\]: 5 requests per 600 s is stricter than AWS WAF can enforce/,
    );
  });

  it('rejects a CLOUDFRONT ACL outside us-east-1', () => {
    expect(() => build({}, { webAclScope: WebAclScope.CLOUDFRONT })).toThrow(
      /- webAclScope: a CLOUDFRONT Web ACL must be created in us-east-1, but this stack is in eu-west-1/,
    );
  });

  it('reports every problem at once', () => {
    try {
      build({ rateLimits: [{ name: 'slow', limit: 5, windowSeconds: 600 }] }, { webAclScope: WebAclScope.CLOUDFRONT });
      expect.unreachable();
    } catch (error) {
      expect((error as HardeningValidationError).problems.map((p) => p.field)).toEqual(['webAclScope', 'rateLimits[0]']);
    }
  });

  it('rejects an existing log group WAF cannot log to', () => {
    const stack = new Stack(new App(), 'Stack', { env: REGION });
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Logs', 'my-logs');
    expect(() => new HardenedWebAcl(stack, 'Waf', { logGroup })).toThrow(/- logGroup: WAF only logs to log groups named aws-waf-logs-…, not my-logs/);
  });

  it('reads the name of a log group made in the app, whose logGroupName attribute is a token: a wrong one or none is refused', () => {
    const named = (logGroupName?: string) => {
      const stack = new Stack(new App(), 'Stack', { env: REGION });
      const logGroup = new logs.LogGroup(stack, 'Logs', logGroupName === undefined ? {} : { logGroupName });
      return () => new HardenedWebAcl(stack, 'Waf', { logGroup });
    };
    expect(named('app-logs')).toThrow(/- logGroup: WAF only logs to log groups named aws-waf-logs-…, not app-logs/);
    expect(named(undefined)).toThrow(/- logGroup: WAF only logs to log groups named aws-waf-logs-…, and this one has no name/);
    expect(named('aws-waf-logs-app')).not.toThrow();
  });
});

describe('HardenedWebAcl logging options', () => {
  it('can keep only matched requests', () => {
    const { template } = build({}, { logOnlyMatchedRequests: true });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: Match.arrayWith([{ ActionCondition: { Action: 'BLOCK' } }]) }],
      },
    });
  });

  it('rounds retention up to a period CloudWatch Logs accepts', () => {
    build({ waf: { logging: { retentionDays: 100 } } }).template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 120 });
  });

  it('uses an existing aws-waf-logs- group and creates no key', () => {
    const stack = new Stack(new App(), 'Stack', { env: REGION });
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Logs', 'aws-waf-logs-shared');
    new HardenedWebAcl(stack, 'Waf', { logGroup });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':log-group:aws-waf-logs-shared$')])] }],
    });
  });

  it('creates no logging when the profile turns it off', () => {
    const { template, acl } = build({ waf: { logging: { enabled: false } } });
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    expect(acl.logGroup).toBeUndefined();
  });
});

describe('HardenedWebAcl attachment', () => {
  it('attaches to an ALB, a REST API stage, an AppSync API and a user pool', () => {
    const stack = new Stack(new App(), 'Stack', { env: REGION });
    const acl = new HardenedWebAcl(stack, 'Waf');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    acl.associateLoadBalancer(new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc }));
    const api = new apigw.RestApi(stack, 'Api');
    api.root.addMethod('GET');
    acl.associateRestApiStage(api.deploymentStage);
    acl.associateGraphqlApi(
      appsync.GraphqlApi.fromGraphqlApiAttributes(stack, 'Graphql', { graphqlApiId: 'abc', graphqlApiArn: 'arn:aws:appsync:eu-west-1:123456789012:apis/abc' }),
    );
    acl.associateUserPool(new cognito.UserPool(stack, 'Users'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 4);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: Match.stringLikeRegexp('^Alb') } });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: {
        'Fn::Join': [
          '',
          Match.arrayWith([
            ':apigateway:eu-west-1::/restapis/',
            { Ref: Match.stringLikeRegexp('^Api') },
            '/stages/',
            { Ref: Match.stringLikeRegexp('^ApiDeploymentStage') },
          ]),
        ],
      },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: 'arn:aws:appsync:eu-west-1:123456789012:apis/abc' });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Users'), 'Arn'] } });
  });

  it('attaches an imported Web ACL by ARN', () => {
    const stack = new Stack(new App(), 'Stack', { env: REGION });
    const imported = HardenedWebAcl.fromWebAclArn(stack, 'Existing', 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/existing/0000');
    imported.associate('Attach', 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1');
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/existing/0000',
    });
  });

  it('refuses to associate a CLOUDFRONT ACL, pointing at the distribution instead', () => {
    const { acl } = build({}, { webAclScope: WebAclScope.CLOUDFRONT }, { account: '123456789012', region: 'us-east-1' });
    expect(() => acl.associate('X', 'arn')).toThrow(/use webAclArn/);
    const imported = HardenedWebAcl.fromWebAclArn(new Stack(new App(), 'Other'), 'Cf', 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cf/1');
    expect(imported.scope).toBe('CLOUDFRONT');
  });

  it('needs the scope of an imported ACL whose ARN is a token', () => {
    const stack = new Stack(new App(), 'Stack', { env: REGION });
    const arn = new CfnParameter(stack, 'AclArn').valueAsString;
    expect(() => HardenedWebAcl.fromWebAclArn(stack, 'A', arn)).toThrow(/- webAclScope: the scope of A cannot be read from a token ARN/);
    expect(HardenedWebAcl.fromWebAclArn(stack, 'B', arn, WebAclScope.CLOUDFRONT).scope).toBe('CLOUDFRONT');
  });

  it('makes CloudFormation refuse a CLOUDFRONT ACL outside us-east-1 when the region is unknown at synth', () => {
    const stack = new Stack(new App(), 'Stack');
    new HardenedWebAcl(stack, 'Waf', { webAclScope: WebAclScope.CLOUDFRONT });
    expect(Template.fromStack(stack).toJSON().Rules).toMatchObject({
      [Object.keys(Template.fromStack(stack).toJSON().Rules)[0]]: { Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } }] },
    });
  });

  it('refuses your rule when its name is taken', () => {
    expect(() =>
      build(
        {},
        {
          additionalRules: [
            {
              name: 'bad-bots',
              priority: 0,
              action: { block: {} },
              statement: { geoMatchStatement: { countryCodes: ['KP'] } },
              visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'x' },
            },
          ],
        },
      ),
    ).toThrow(/- additionalRules\[0\].name: "bad-bots" is already a rule of this Web ACL/);
  });

  it('warns when your rule has no published capacity, instead of failing', () => {
    const { acl, stack } = build(
      {},
      {
        additionalRules: [
          {
            name: 'partner',
            priority: 0,
            overrideAction: { none: {} },
            statement: { ruleGroupReferenceStatement: { arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/rulegroup/x/1' } },
            visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'partner' },
          },
        ],
      },
    );
    expect(acl.ruleCapacities).toContainEqual({ name: 'partner', source: 'additionalRules[0]', capacity: 0 });
    Annotations.fromStack(stack).hasWarning('/Stack/Waf', Match.stringLikeRegexp('additionalRules\\[0\\] \\(partner\\): no published capacity'));
  });

  it("replaces the priority you give with the next after Bulwark's, keeping the order of your rules", () => {
    const yours = (name: string, priority: number) => ({
      name,
      priority,
      action: { block: {} },
      statement: { geoMatchStatement: { countryCodes: ['KP'] } },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
    });
    const { template } = build({}, { additionalRules: [yours('first-given', 500), yours('second-given', 0)] });
    expect(rule(template, 'first-given')).toMatchObject({ Priority: 7 });
    expect(rule(template, 'second-given')).toMatchObject({ Priority: 8 });
    expect(rule(template, 'rate-per-ip')).toMatchObject({ Priority: 0 });
  });

  it("appends your own rules after Bulwark's, with capacity counted", () => {
    const { template, acl } = build(
      {},
      {
        additionalRules: [
          {
            name: 'block-admin',
            priority: 0,
            action: { block: {} },
            statement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'STARTS_WITH',
                searchString: '/admin',
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
            visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'block-admin' },
          },
        ],
      },
    );
    expect(rule(template, 'block-admin')).toMatchObject({ Priority: 7 });
    expect(acl.ruleCapacities).toContainEqual({ name: 'block-admin', source: 'additionalRules[0]', capacity: 2 });
  });
});
