import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { compileWafRules, metricName, type CompileWafOptions, type IpSetSpec, type RegexPatternSetSpec } from '../../../lib/aws/waf/compile-rules';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { WafFindingSeverity } from '../../../lib/aws/waf/waf-finding-severity';
import { WafRuleAction } from '../../../lib/aws/waf/waf-rule-action';
import type { Policy, PolicyRule } from '../../../lib/policy/model';
import type { CfnTemplate } from '../../../lib/simulate/aws-waf/template-resources';
import { compileWebAcl } from '../../../lib/simulate/aws-waf/web-acl';
import { buildPolicy, parseProfile, Profile, type HardeningProfileInput } from '../../../lib/tooling';
import { rateLimitPolicyRule } from '../../support/rate-limit-policy-rule';
import { simulatedRequest } from '../../support/simulated-request';

const OPTIONS: CompileWafOptions = {
  metricPrefix: 'demo',
  ipSetArn: (spec: IpSetSpec) => `arn:ipset/${spec.id}`,
  regexPatternSetArn: (spec: RegexPatternSetSpec) => `arn:regex/${spec.id}`,
};

/** The policy of a profile named demo with `input` on top of the schema defaults. */
function policyOf(input: Partial<HardeningProfileInput> = {}): Policy {
  return buildPolicy(parseProfile({ name: 'demo', ...input }));
}

function compile(input: Partial<HardeningProfileInput> = {}, options: Partial<CompileWafOptions> = {}) {
  return compileWafRules(policyOf(input), { ...OPTIONS, ...options });
}

/** Only the rate limits given: no managed groups, attack rules or bad bots. */
function rateOnly(rateLimits: HardeningProfileInput['rateLimits']): Partial<HardeningProfileInput> {
  return {
    rateLimits,
    waf: { managedRules: [], block: { sqlInjection: false, crossSiteScripting: false, pathTraversal: false }, badBots: { userAgents: [] } },
  };
}

function ruleNamed(result: ReturnType<typeof compileWafRules>, name: string) {
  const found = result.rules.find((entry) => entry.rule.name === name);
  if (found === undefined) throw new Error(`no rule ${name} in ${result.rules.map((entry) => entry.rule.name).join(', ')}`);
  return found;
}

/** A policy of the given rules only, on top of a profile's defaults. */
function policyWithRules(rules: PolicyRule[], customRulesWhenManaged = false): Policy {
  const base = policyOf();
  return { ...base, waf: { ...base.waf, customRulesWhenManaged }, rules };
}

const managedRule = (set: PolicyRule['managedRuleSet'], edges: PolicyRule['edges'] = ['aws']): PolicyRule => ({
  id: `managed-${set}`,
  description: 'managed',
  kind: 'managed',
  intent: 'block',
  match: { type: 'always' },
  managedRuleSet: set,
  coveredBy: [],
  implements: [],
  edges,
  source: 'waf.managedRules[0]',
});

const blocklistRule: PolicyRule = {
  id: 'ip-blocklist',
  description: 'Block the IP blocklist',
  kind: 'ip-blocklist',
  intent: 'block',
  match: { type: 'sourceIp', cidrs: ['203.0.113.0/24'] },
  coveredBy: [],
  implements: [],
  edges: ['aws'],
  source: 'waf.ipBlocklist',
};

const forbidden = { block: { customResponse: { responseCode: 403, customResponseBodyKey: 'bulwark-forbidden' } } };
const tooMany = { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'bulwark-rate-limited' } } };

describe('compileWafRules: custom rules a managed group already covers', () => {
  it('skips each covered class with an info finding naming the group and the class', () => {
    const result = compile({ waf: { managedRules: ['common', 'sqlDatabase', 'botControl'] } });
    expect(result.rules.map((entry) => entry.rule.name)).toEqual(['rate-per-ip', 'rate-auth', 'managed-common', 'managed-sqlDatabase', 'managed-botControl']);
    expect(result.findings).toEqual([
      {
        severity: WafFindingSeverity.INFO,
        ruleId: 'bad-bots',
        source: 'waf.badBots',
        message: 'custom rule skipped: AWSManagedRulesBotControlRuleSet already covers bad bots (set waf.customRulesWhenManaged: true to pay for both)',
      },
      {
        severity: WafFindingSeverity.INFO,
        ruleId: 'sql-injection',
        source: 'waf.block.sqlInjection',
        message: 'custom rule skipped: AWSManagedRulesSQLiRuleSet already covers SQL injection (set waf.customRulesWhenManaged: true to pay for both)',
      },
      {
        severity: WafFindingSeverity.INFO,
        ruleId: 'cross-site-scripting',
        source: 'waf.block.crossSiteScripting',
        message: 'custom rule skipped: AWSManagedRulesCommonRuleSet already covers cross-site scripting (set waf.customRulesWhenManaged: true to pay for both)',
      },
      {
        severity: WafFindingSeverity.INFO,
        ruleId: 'path-traversal',
        source: 'waf.block.pathTraversal',
        message: 'custom rule skipped: AWSManagedRulesCommonRuleSet already covers path traversal (set waf.customRulesWhenManaged: true to pay for both)',
      },
    ]);
  });

  it('names every covering group, comma-separated', () => {
    const result = compile({ waf: { managedRules: ['common', 'linux'] } });
    expect(result.findings.find((finding) => finding.ruleId === 'path-traversal')?.message).toBe(
      'custom rule skipped: AWSManagedRulesCommonRuleSet, AWSManagedRulesLinuxRuleSet already covers path traversal (set waf.customRulesWhenManaged: true to pay for both)',
    );
  });

  it('keeps a custom rule whose covering group runs on Cloudflare only', () => {
    const sqli: PolicyRule = { ...blocklistRule, id: 'sql-injection', kind: 'sql-injection', coveredBy: ['sqlDatabase'], source: 'waf.block.sqlInjection' };
    const result = compileWafRules(policyWithRules([managedRule('sqlDatabase', ['cloudflare']), sqli]), OPTIONS);
    expect(result.rules.map((entry) => entry.rule.name)).toEqual(['sql-injection']);
    expect(result.findings).toEqual([]);
  });

  it('counts as covering only managed rules, not another rule that names a rule set', () => {
    const namesSet: PolicyRule = { ...blocklistRule, managedRuleSet: 'sqlDatabase' };
    const sqli: PolicyRule = { ...blocklistRule, id: 'sql-injection', kind: 'sql-injection', coveredBy: ['sqlDatabase'], source: 'waf.block.sqlInjection' };
    const result = compileWafRules(policyWithRules([namesSet, sqli]), OPTIONS);
    expect(result.rules.map((entry) => entry.rule.name)).toEqual(['ip-blocklist', 'sql-injection']);
    expect(result.findings).toEqual([]);
  });
});

describe('compileWafRules: the rules it emits', () => {
  it('numbers the rules from 0 in policy order and returns nothing but the rules, sets and findings they need', () => {
    const result = compile({ waf: { ipBlocklist: ['203.0.113.0/24'], managedRules: [] } });
    expect(result.rules.map((entry) => [entry.rule.priority, entry.rule.name])).toEqual([
      [0, 'ip-blocklist'],
      [1, 'rate-per-ip'],
      [2, 'rate-auth'],
      [3, 'bad-bots'],
      [4, 'sql-injection'],
      [5, 'cross-site-scripting'],
      [6, 'path-traversal'],
    ]);
    expect(result.ipSets).toEqual([{ id: 'ip-blocklist-v4', ipAddressVersion: 'IPV4', addresses: ['203.0.113.0/24'] }]);
    expect(result.regexPatternSets.map((set) => set.id)).toEqual(['bad-bots', 'sql-injection', 'cross-site-scripting', 'path-traversal']);
    expect(result.findings).toEqual([]);
  });

  it('gives a managed group an override action of none and metrics under the prefix', () => {
    const entry = ruleNamed(compile({ waf: { managedRules: ['common'] } }), 'managed-common');
    expect(entry).toEqual({
      policyRuleId: 'managed-common',
      source: 'waf.managedRules[0]',
      capacity: 700,
      rule: {
        name: 'managed-common',
        priority: 2,
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
        overrideAction: { none: {} },
        visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'demo-managed-common' },
      },
    });
  });

  it('blocks an IP blocklist with the 403 JSON body', () => {
    const entry = ruleNamed(compile({ waf: { ipBlocklist: ['203.0.113.0/24'] } }), 'ip-blocklist');
    expect(entry).toEqual({
      policyRuleId: 'ip-blocklist',
      source: 'waf.ipBlocklist',
      capacity: 1,
      rule: {
        name: 'ip-blocklist',
        priority: 0,
        statement: { ipSetReferenceStatement: { arn: 'arn:ipset/ip-blocklist-v4' } },
        action: forbidden,
        visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'demo-ip-blocklist' },
      },
    });
  });

  it('allows an IP allowlist, counts or challenges bad bots as the profile says', () => {
    expect(ruleNamed(compile({ waf: { ipAllowlist: ['198.51.100.0/24'] } }), 'ip-allowlist').rule.action).toEqual({ allow: {} });
    expect(ruleNamed(compile({ waf: { badBots: { action: 'count' } } }), 'bad-bots').rule.action).toEqual({ count: {} });
    expect(ruleNamed(compile({ waf: { badBots: { action: 'challenge' } } }), 'bad-bots').rule.action).toEqual({ challenge: {} });
    expect(ruleNamed(compile(), 'bad-bots').rule.action).toEqual(forbidden);
  });

  it('lowercases user agents once and decodes attack payloads twice before matching', () => {
    const result = compile({ waf: { managedRules: [] } });
    const lowercase = [{ priority: 0, type: 'LOWERCASE' }];
    const badBots = ruleNamed(result, 'bad-bots').rule.statement as { regexPatternSetReferenceStatement: { textTransformations: unknown } };
    expect(badBots.regexPatternSetReferenceStatement.textTransformations).toEqual(lowercase);
    const transformationsOf = (name: string) => {
      const statement = ruleNamed(result, name).rule.statement as { orStatement: { statements: Record<string, { textTransformations: unknown }>[] } };
      return statement.orStatement.statements.map((s) => Object.values(s)[0].textTransformations);
    };
    const attack = [
      { priority: 0, type: 'URL_DECODE_UNI' },
      { priority: 1, type: 'URL_DECODE_UNI' },
      { priority: 2, type: 'HTML_ENTITY_DECODE' },
      { priority: 3, type: 'COMPRESS_WHITE_SPACE' },
      { priority: 4, type: 'LOWERCASE' },
    ];
    expect(new Set(transformationsOf('sql-injection').map((t) => JSON.stringify(t)))).toEqual(new Set([JSON.stringify(attack)]));
    expect(new Set(transformationsOf('cross-site-scripting').map((t) => JSON.stringify(t)))).toEqual(new Set([JSON.stringify(attack)]));
    const traversal = [
      { priority: 0, type: 'URL_DECODE_UNI' },
      { priority: 1, type: 'URL_DECODE_UNI' },
      { priority: 2, type: 'LOWERCASE' },
    ];
    expect(new Set(transformationsOf('path-traversal').map((t) => JSON.stringify(t)))).toEqual(new Set([JSON.stringify(traversal), JSON.stringify(lowercase)]));
  });

  it('compiles nothing for a managed rule that names no rule set', () => {
    const result = compileWafRules(policyWithRules([managedRule(undefined), blocklistRule]), OPTIONS);
    expect(result.rules.map((entry) => entry.rule.name)).toEqual(['ip-blocklist']);
    expect(result.rules[0].rule.priority).toBe(0);
  });

  it('compiles a rule of another kind that names a rule set as its own kind, not as a managed group', () => {
    const namesSet: PolicyRule = { ...blocklistRule, managedRuleSet: 'common' };
    const entry = compileWafRules(policyWithRules([namesSet]), OPTIONS).rules[0];
    expect(entry.rule.statement).toEqual({ ipSetReferenceStatement: { arn: 'arn:ipset/ip-blocklist-v4' } });
    expect(entry.rule.action).toEqual(forbidden);
  });
});

describe('compileWafRules: managed group options', () => {
  const statementOf = (options: Partial<CompileWafOptions>, managedRules: HardeningProfileInput['waf'] = { managedRules: ['common', 'botControl'] }) =>
    compile({ waf: managedRules }, options)
      .rules.filter((entry) => entry.rule.name.startsWith('managed-'))
      .map((entry) => entry.rule.statement);

  it('uses the default version and no overrides when none are given', () => {
    expect(statementOf({})).toEqual([
      { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
      {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name: 'AWSManagedRulesBotControlRuleSet',
          managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' } }],
        },
      },
    ]);
  });

  it('pins a version and sorts the rule action overrides by rule name, for the group named only', () => {
    const statements = statementOf({
      managedRuleGroups: {
        common: { version: 'Version_1.10', ruleActionOverrides: { SizeRestrictions_BODY: WafRuleAction.COUNT, NoUserAgent_HEADER: WafRuleAction.CHALLENGE } },
      },
    });
    expect(statements[0]).toEqual({
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: 'AWSManagedRulesCommonRuleSet',
        version: 'Version_1.10',
        ruleActionOverrides: [
          { name: 'NoUserAgent_HEADER', actionToUse: { challenge: {} } },
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
        ],
      },
    });
    expect(statements[1]).toEqual({
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: 'AWSManagedRulesBotControlRuleSet',
        managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' } }],
      },
    });
  });

  it('adds no overrides for options with a version only, or an empty override list', () => {
    expect(statementOf({ managedRuleGroups: { common: { version: 'Version_1.10' } } }, { managedRules: ['common'] })).toEqual([
      { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet', version: 'Version_1.10' } },
    ]);
    expect(statementOf({ managedRuleGroups: { common: { ruleActionOverrides: {} } } }, { managedRules: ['common'] })).toEqual([
      { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
    ]);
  });
});

describe('compileWafRules: rate limits', () => {
  it('compiles a per-IP limit as an IP-keyed rate rule answering 429', () => {
    const result = compile(rateOnly([{ name: 'api', match: { pathPrefix: '/api/' }, limit: 100, windowSeconds: 60 }]));
    expect(result.rules).toEqual([
      {
        policyRuleId: 'rate-api',
        source: 'rateLimits[0]',
        capacity: expect.any(Number),
        rule: {
          name: 'rate-api',
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: 100,
              evaluationWindowSec: 60,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/api/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          action: tooMany,
          visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'demo-rate-api' },
        },
      },
    ]);
    expect(result.findings).toEqual([]);
  });

  it('counts or challenges over the limit as the profile says', () => {
    const action = (action: 'count' | 'challenge') => compile(rateOnly([{ name: 'api', limit: 100, windowSeconds: 60, action }])).rules[0].rule.action;
    expect(action('count')).toEqual({ count: {} });
    expect(action('challenge')).toEqual({ challenge: {} });
  });

  it('keys a composite limit on untransformed header, cookie and query values', () => {
    const statement = compile(
      rateOnly([{ name: 'user', key: ['ip', { header: 'X-Api-Key' }, { cookie: 'session' }, { queryArg: 'token' }], limit: 100, windowSeconds: 60 }]),
    ).rules[0].rule.statement;
    const none = [{ priority: 0, type: 'NONE' }];
    expect(statement).toEqual({
      rateBasedStatement: {
        limit: 100,
        evaluationWindowSec: 60,
        aggregateKeyType: 'CUSTOM_KEYS',
        customKeys: [
          { ip: {} },
          { header: { name: 'x-api-key', textTransformations: none } },
          { cookie: { name: 'session', textTransformations: none } },
          { queryArgument: { name: 'token', textTransformations: none } },
        ],
      },
    });
  });

  it('counts the address in the client IP header when one is given, falling back to a match', () => {
    const statements = compile(
      rateOnly([
        { name: 'ip', limit: 100, windowSeconds: 60 },
        { name: 'mixed', key: ['ip', { header: 'x-api-key' }], limit: 100, windowSeconds: 60 },
        { name: 'keyed', key: { header: 'x-api-key' }, limit: 100, windowSeconds: 60 },
      ]),
      { clientIpHeader: 'CF-Connecting-IP' },
    ).rules.map((entry) => entry.rule.statement);
    const forwardedIpConfig = { headerName: 'CF-Connecting-IP', fallbackBehavior: 'MATCH' };
    expect(statements).toEqual([
      { rateBasedStatement: { limit: 100, evaluationWindowSec: 60, aggregateKeyType: 'FORWARDED_IP', forwardedIpConfig } },
      {
        rateBasedStatement: {
          limit: 100,
          evaluationWindowSec: 60,
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ forwardedIp: {} }, { header: { name: 'x-api-key', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
          forwardedIpConfig,
        },
      },
      {
        rateBasedStatement: {
          limit: 100,
          evaluationWindowSec: 60,
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ header: { name: 'x-api-key', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
        },
      },
    ]);
  });

  it('reports a limit stricter than AWS WAF can enforce as an error and compiles nothing for it', () => {
    const result = compile(rateOnly([{ name: 'tight', limit: 5, windowSeconds: 600 }]));
    expect(result.rules).toEqual([]);
    expect(result.findings).toEqual([
      {
        severity: WafFindingSeverity.ERROR,
        ruleId: 'rate-tight',
        source: 'rateLimits[0]',
        message:
          '5 requests per 600 s is stricter than AWS WAF can enforce (at least 10 requests per window of at most 600 s); raise the limit to 10 per 600 s or more, or limit this rule to other edges with "edges"',
      },
    ]);
  });

  it('reports a limit it had to fit to AWS WAF windows as info', () => {
    const result = compile(rateOnly([{ name: 'auth', limit: 5, windowSeconds: 60 }]));
    expect(result.rules[0].rule.statement).toEqual({ rateBasedStatement: { limit: 10, evaluationWindowSec: 120, aggregateKeyType: 'IP' } });
    expect(result.findings).toEqual([
      {
        severity: WafFindingSeverity.INFO,
        ruleId: 'rate-auth',
        source: 'rateLimits[0]',
        message: '5 per 60 s becomes 10 per 120 s on AWS WAF, which allows windows of 60, 120, 300, 600 s and at least 10 requests',
      },
    ]);
  });

  it('compiles a hand-written rate rule keyed on the address', () => {
    const result = compileWafRules(policyWithRules([rateLimitPolicyRule()]), OPTIONS);
    expect(result.rules[0].rule.statement).toEqual({ rateBasedStatement: { limit: 100, evaluationWindowSec: 60, aggregateKeyType: 'IP' } });
  });
});

describe('compileWafRules: the regex pattern set quota', () => {
  /** `count` distinct 64-character user agents: three fill one 200-character regex, so 30 fill a set. */
  const agents = (count: number) => Array.from({ length: count }, (_, index) => `${'a'.repeat(60)}${String(index).padStart(4, '0')}`);
  const badBotsOnly = (count: number) => ({
    rateLimits: [],
    waf: { managedRules: [], block: { sqlInjection: false, crossSiteScripting: false, pathTraversal: false }, badBots: { userAgents: agents(count) } },
  });

  it('is silent at the 10 sets AWS WAF allows per account and Region', () => {
    const result = compile(badBotsOnly(300));
    expect(result.regexPatternSets).toHaveLength(10);
    expect(result.findings).toEqual([]);
  });

  it('warns past them', () => {
    const result = compile(badBotsOnly(301));
    expect(result.regexPatternSets).toHaveLength(11);
    expect(result.findings).toEqual([
      {
        severity: WafFindingSeverity.WARNING,
        ruleId: 'regex-pattern-sets',
        source: 'waf',
        message:
          'the rules need 11 regex pattern sets, over the 10 AWS WAF allows per account and Region by default; shorten waf.badBots.userAgents or request a quota increase before deploying',
      },
    ]);
  });
});

describe('metricName', () => {
  it('joins prefix and name, replacing every character CloudFormation refuses with a hyphen', () => {
    expect(metricName('My App.v2', 'rate/api_1')).toBe('My-App-v2-rate-api_1');
  });

  it('cuts the name at 128 characters', () => {
    expect(metricName('p'.repeat(120), 'managed-common')).toBe(`${'p'.repeat(120)}-managed`);
  });

  it('names the compiled rules metrics that way', () => {
    const result = compile({}, { metricPrefix: `Demo ${'x'.repeat(130)}` });
    expect(result.rules.length).toBeGreaterThan(0);
    for (const entry of result.rules) expect(entry.rule.visibilityConfig).toMatchObject({ metricName: `Demo-${'x'.repeat(123)}` });
  });
});

describe('compileWafRules, as AWS WAF would decide', () => {
  function simulate(profile: Partial<HardeningProfileInput>) {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    new HardenedWebAcl(stack, 'Waf', { profile: Profile.fromObject({ name: 'demo', ...profile }) });
    const template = Template.fromStack(stack).toJSON() as CfnTemplate & { Resources: Record<string, { Type: string; Properties: unknown }> };
    const [logicalId, acl] = Object.entries(template.Resources).find(([, resource]) => resource.Type === 'AWS::WAFv2::WebACL') ?? [];
    if (logicalId === undefined || acl === undefined) throw new Error('no Web ACL');
    return compileWebAcl({ properties: acl.Properties, template, name: 'aws', source: 'test', logicalId });
  }

  it('blocks an upper-case scanner user agent with 403, and lets a browser through', () => {
    const edge = simulate({ rateLimits: [], waf: { managedRules: [] } });
    expect(edge.evaluate(simulatedRequest({ ip: '198.51.100.7', headers: { 'user-agent': ['SQLMAP/1.7'] } }))).toMatchObject({
      action: 'block',
      rule: 'bad-bots',
      responseCode: 403,
    });
    expect(edge.evaluate(simulatedRequest({ ip: '198.51.100.7', headers: { 'user-agent': ['Mozilla/5.0'] } }))).toMatchObject({ action: 'allow', rule: null });
  });

  it('blocks a double-encoded traversal and a mixed-case, entity-encoded script tag', () => {
    const edge = simulate({ rateLimits: [], waf: { managedRules: [] } });
    expect(edge.evaluate(simulatedRequest({ ip: '198.51.100.7', path: '/files/%252e%252e%252fetc%252fpasswd' }))).toMatchObject({
      action: 'block',
      rule: 'path-traversal',
    });
    expect(edge.evaluate(simulatedRequest({ ip: '198.51.100.7', query: 'q=%26lt%3BScRiPt%26gt%3Balert(1)' }))).toMatchObject({
      action: 'block',
      rule: 'cross-site-scripting',
    });
  });

  it('answers the request over a rate limit with 429', () => {
    const edge = simulate({ rateLimits: [{ name: 'api', limit: 10, windowSeconds: 60 }], waf: { managedRules: [] } });
    const verdicts = Array.from({ length: 11 }, (_, index) => edge.evaluate(simulatedRequest({ ip: '198.51.100.7', time: 1_700_000_000_000 + index * 1_000 })));
    expect(verdicts[9]).toMatchObject({ action: 'allow' });
    expect(verdicts[10]).toMatchObject({ action: 'block', rule: 'rate-api', responseCode: 429 });
  });
});
