import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import type { CfnTemplate } from '../../../lib/simulate/aws-waf/template-resources';
import { compileWebAcl } from '../../../lib/simulate/aws-waf/web-acl';
import { WebAclSimulationError } from '../../../lib/simulate/aws-waf/web-acl-simulation-error';
import { simulatedRequest } from '../../support/simulated-request';
import { Profile } from '../../../lib/tooling';

const TWO_MINUTES = 120_000;

function strictExample() {
  const stack = new Stack(new App(), 'Strict', { env: { account: '123456789012', region: 'eu-west-1' } });
  new HardenedWebAcl(stack, 'Waf', { profile: Profile.fromFile('examples/profiles/strict.yaml') });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate & { Resources: Record<string, { Type: string; Properties: unknown }> };
  const [logicalId, acl] = Object.entries(template.Resources).find(([, resource]) => resource.Type === 'AWS::WAFv2::WebACL') ?? [];
  if (logicalId === undefined || acl === undefined) throw new Error('no Web ACL');
  return compileWebAcl({ properties: acl.Properties, template, name: 'aws', source: 'Strict.template.json', logicalId });
}

describe('compileWebAcl on the strict example', () => {
  it('blocks a sqlmap user agent by bad-bots once the managed groups (which may act first) are set aside', () => {
    const verdict = strictExample().evaluate(simulatedRequest({ ip: '198.51.100.7', headers: { 'user-agent': ['sqlmap/1.7.2#stable'] } }));
    // The managed groups come before bad-bots, so the honest verdict is "may be acted on by a managed group, otherwise bad-bots blocks".
    expect(verdict.action).toBe('unknown');
    expect(verdict.rule).toBe('managed-common');
    expect(verdict.otherwise).toEqual({ action: 'block', rule: 'bad-bots' });
    expect(verdict.matched).toContain('bad-bots');
  });

  it('blocks the 11th login POST from one IP within two minutes by rate-auth (5 per 60 s fits AWS as 10 per 120 s)', () => {
    const edge = strictExample();
    // The strict example sits behind Cloudflare: the client's address arrives in CF-Connecting-IP, from a Cloudflare address.
    const verdicts = Array.from({ length: 11 }, (_, index) =>
      edge.evaluate(
        simulatedRequest({
          method: 'POST',
          path: '/api/auth/login',
          ip: '173.245.48.1',
          headers: { 'cf-connecting-ip': ['203.0.113.9'] },
          time: 1_700_000_000_000 + (index * TWO_MINUTES) / 12,
        }),
      ),
    );
    expect(verdicts.slice(0, 10).every((verdict) => verdict.rule !== 'rate-auth')).toBe(true);
    expect(verdicts[10]).toMatchObject({ action: 'block', rule: 'rate-auth', responseCode: 429 });
  });

  it('leaves an ordinary GET to the managed groups: unknown, otherwise allowed by the default action', () => {
    const verdict = strictExample().evaluate(simulatedRequest({ path: '/products', ip: '198.51.100.7', headers: { 'user-agent': ['Mozilla/5.0'] } }));
    expect(verdict).toMatchObject({ action: 'unknown', rule: 'managed-common', otherwise: { action: 'allow', rule: null } });
    expect(verdict.reason).toMatch(/AWSManagedRulesCommonRuleSet/);
  });
});

/** A Web ACL of `rules` with the default action allow, and optional extra resources. */
function acl(rules: unknown[], resources: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const properties = { Name: 'acl', DefaultAction: { Allow: {} }, Scope: 'REGIONAL', Rules: rules, ...extra };
  return compileWebAcl({ properties, template: { Resources: resources } as CfnTemplate, name: 'aws', source: 'test', logicalId: 'Acl' });
}

const NO_TRANSFORM = [{ Priority: 0, Type: 'NONE' }];
const pathIs = (value: string) => ({
  ByteMatchStatement: { FieldToMatch: { UriPath: {} }, PositionalConstraint: 'EXACTLY', SearchString: value, TextTransformations: NO_TRANSFORM },
});
const rule = (name: string, priority: number, statement: unknown, action: unknown = { Block: {} }, extra: Record<string, unknown> = {}) => ({
  Name: name,
  Priority: priority,
  Statement: statement,
  Action: action,
  VisibilityConfig: {},
  ...extra,
});

describe('compileWebAcl rules and actions', () => {
  it('evaluates rules by Priority, not list order', () => {
    const edge = acl([rule('second', 2, pathIs('/x'), { Block: {} }), rule('first', 1, pathIs('/x'), { Allow: {} })]);
    expect(edge.evaluate(simulatedRequest({ path: '/x' }))).toMatchObject({ action: 'allow', rule: 'first' });
  });

  it('count rules go on, add their labels, and later LabelMatch statements see them', () => {
    const edge = acl([
      rule('tag', 0, pathIs('/admin'), { Count: {} }, { RuleLabels: [{ Name: 'area:admin' }] }),
      rule('by-label', 1, { LabelMatchStatement: { Scope: 'LABEL', Key: 'area:admin' } }, { Block: { CustomResponse: { ResponseCode: 418 } } }),
      rule('by-namespace', 2, { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:000000000000:webacl:acl:area:' } }, { Block: {} }),
    ]);
    expect(edge.evaluate(simulatedRequest({ path: '/admin' }))).toEqual({
      action: 'block',
      rule: 'by-label',
      matched: ['tag', 'by-label'],
      labels: ['awswaf:000000000000:webacl:acl:area:admin'],
      responseCode: 418,
    });
    expect(edge.evaluate(simulatedRequest({ path: '/' }))).toMatchObject({ action: 'allow', rule: null, matched: [] });
  });

  it('a namespace LabelMatch matches labels under it', () => {
    const edge = acl([
      rule('tag', 0, pathIs('/a'), { Count: {} }, { RuleLabels: [{ Name: 'ns1:ns2:name' }] }),
      rule('ns', 1, { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'ns1:' } }, { Block: {} }),
    ]);
    expect(edge.evaluate(simulatedRequest({ path: '/a' })).rule).toBe('ns');
  });

  it('captcha and challenge act on a request without a token, and are unknown with one', () => {
    const edge = acl([rule('captcha', 0, pathIs('/login'), { Captcha: {} }), rule('challenge', 1, pathIs('/signup'), { Challenge: {} })]);
    expect(edge.evaluate(simulatedRequest({ path: '/login' }))).toMatchObject({ action: 'captcha', rule: 'captcha' });
    expect(edge.evaluate(simulatedRequest({ path: '/signup' }))).toMatchObject({ action: 'challenge', rule: 'challenge' });
    expect(edge.evaluate(simulatedRequest({ path: '/signup', headers: { cookie: ['aws-waf-token=abc'] } }))).toMatchObject({
      action: 'unknown',
      rule: 'challenge',
      otherwise: { action: 'allow', rule: null },
    });
  });

  it('uses a Block default action', () => {
    const edge = acl([rule('ok', 0, pathIs('/ok'), { Allow: {} })], {}, { DefaultAction: { Block: {} } });
    expect(edge.evaluate(simulatedRequest({ path: '/nope' }))).toMatchObject({ action: 'block', rule: null });
  });

  it('reports the first rule that may act as unknown, with the verdict of the rest', () => {
    const edge = acl([
      rule('sqli', 0, { SqliMatchStatement: { FieldToMatch: { QueryString: {} }, TextTransformations: NO_TRANSFORM } }),
      rule('xss', 1, { XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: NO_TRANSFORM } }),
      rule('block-x', 2, pathIs('/x')),
    ]);
    expect(edge.evaluate(simulatedRequest({ path: '/x' }))).toMatchObject({
      action: 'unknown',
      rule: 'sqli',
      reason: expect.stringMatching(/proprietary/) as unknown,
      otherwise: { action: 'block', rule: 'block-x' },
    });
  });

  it('a count rule that cannot be judged adds maybe-labels: a LabelMatch on them is unknown', () => {
    const edge = acl([
      rule(
        'maybe',
        0,
        { SqliMatchStatement: { FieldToMatch: { QueryString: {} }, TextTransformations: NO_TRANSFORM } },
        { Count: {} },
        { RuleLabels: [{ Name: 'sqli' }] },
      ),
      rule('on-label', 1, { LabelMatchStatement: { Scope: 'LABEL', Key: 'sqli' } }),
    ]);
    expect(edge.evaluate(simulatedRequest())).toMatchObject({ action: 'unknown', rule: 'on-label', otherwise: { action: 'allow' }, labels: [] });
  });

  it('a managed group under a Count override cannot act, but its labels are unknown to later rules', () => {
    const edge = acl([
      {
        Name: 'bots',
        Priority: 0,
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesBotControlRuleSet' } },
        OverrideAction: { Count: {} },
      },
      rule('verified', 1, { LabelMatchStatement: { Scope: 'NAMESPACE', Key: 'awswaf:managed:aws:bot-control:bot:' } }),
    ]);
    const verdict = edge.evaluate(simulatedRequest());
    expect(verdict).toMatchObject({ action: 'unknown', rule: 'verified', otherwise: { action: 'allow' } });
  });

  it('a managed group whose scope-down does not match is skipped', () => {
    const edge = acl([
      {
        Name: 'common',
        Priority: 0,
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', ScopeDownStatement: pathIs('/api') } },
        OverrideAction: { None: {} },
      },
    ]);
    expect(edge.evaluate(simulatedRequest({ path: '/' }))).toMatchObject({ action: 'allow' });
    expect(edge.evaluate(simulatedRequest({ path: '/api' }))).toMatchObject({ action: 'unknown', rule: 'common' });
  });
});

describe('compileWebAcl rule groups', () => {
  const group = {
    Type: 'AWS::WAFv2::RuleGroup',
    Properties: {
      Name: 'mine',
      Capacity: 100,
      Rules: [
        rule('tag', 0, pathIs('/a'), { Count: {} }, { RuleLabels: [{ Name: 'seen' }] }),
        rule('block-a', 1, pathIs('/a')),
        rule('block-b', 2, pathIs('/b')),
      ],
    },
  };
  const reference = (extra: Record<string, unknown> = {}, override: unknown = { None: {} }) => ({
    Name: 'group',
    Priority: 0,
    Statement: { RuleGroupReferenceStatement: { Arn: { 'Fn::GetAtt': ['Group', 'Arn'] }, ...extra } },
    OverrideAction: override,
  });

  it("evaluates the group's rules inline, with the group's label namespace", () => {
    const verdict = acl([reference()], { Group: group }).evaluate(simulatedRequest({ path: '/a' }));
    expect(verdict).toMatchObject({
      action: 'block',
      rule: 'group/block-a',
      matched: ['group/tag', 'group/block-a'],
      labels: ['awswaf:000000000000:rulegroup:mine:seen'],
    });
  });

  it('ExcludedRules and RuleActionOverrides change the named rules only', () => {
    const edge = acl([reference({ ExcludedRules: [{ Name: 'block-a' }], RuleActionOverrides: [{ Name: 'block-b', ActionToUse: { Challenge: {} } }] })], {
      Group: group,
    });
    expect(edge.evaluate(simulatedRequest({ path: '/a' }))).toMatchObject({ action: 'allow', matched: ['group/tag', 'group/block-a'] });
    expect(edge.evaluate(simulatedRequest({ path: '/b' }))).toMatchObject({ action: 'challenge', rule: 'group/block-b' });
  });

  it('OverrideAction Count turns every rule of the group into a count', () => {
    const edge = acl([reference({}, { Count: {} }), rule('after', 1, pathIs('/a'), { Allow: {} })], { Group: group });
    expect(edge.evaluate(simulatedRequest({ path: '/a' }))).toMatchObject({ action: 'allow', rule: 'after' });
  });

  it('a rule group by literal ARN is unknown, never guessed', () => {
    const edge = acl([{ ...reference(), Statement: { RuleGroupReferenceStatement: { Arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/rulegroup/x/1' } } }]);
    expect(edge.evaluate(simulatedRequest())).toMatchObject({
      action: 'unknown',
      rule: 'group',
      reason: expect.stringMatching(/not a resource of this template/) as unknown,
    });
  });
});

describe('compileWebAcl rate-based rules', () => {
  const rate = (statement: Record<string, unknown>) =>
    rule('rate', 0, { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60, AggregateKeyType: 'IP', ...statement } });
  const at = (seconds: number, fields: Parameters<typeof simulatedRequest>[0] = {}) => simulatedRequest({ ip: '192.0.2.1', time: seconds * 1000, ...fields });

  it('acts while the count within the window is over Limit, and stops once the window has passed', () => {
    const edge = acl([rate({})]);
    const actions = Array.from({ length: 12 }, (_, index) => edge.evaluate(at(index)).action);
    expect(actions).toEqual([...Array<string>(10).fill('allow'), 'block', 'block']);
    // 61 s after the last: every earlier request has left the 60 s window.
    expect(edge.evaluate(at(72)).action).toBe('allow');
  });

  it('counts each IP separately', () => {
    const edge = acl([rate({})]);
    for (let i = 0; i < 10; i++) edge.evaluate(at(i));
    expect(edge.evaluate(at(10, { ip: '192.0.2.2' })).action).toBe('allow');
    expect(edge.evaluate(at(10)).action).toBe('block');
  });

  it('counts and acts on requests matching the scope-down only', () => {
    const edge = acl([rate({ ScopeDownStatement: pathIs('/login') })]);
    for (let i = 0; i < 20; i++) expect(edge.evaluate(at(i, { path: '/' })).action).toBe('allow');
    for (let i = 0; i < 10; i++) expect(edge.evaluate(at(20, { path: '/login' })).action).toBe('allow');
    expect(edge.evaluate(at(20, { path: '/login' })).action).toBe('block');
    expect(edge.evaluate(at(20, { path: '/' })).action).toBe('allow');
  });

  it('does not count or limit a request missing a custom key', () => {
    const edge = acl([
      rate({
        AggregateKeyType: 'CUSTOM_KEYS',
        CustomKeys: [{ Header: { Name: 'x-user-id', TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }] } }, { HTTPMethod: {} }],
      }),
    ]);
    for (let i = 0; i < 30; i++) expect(edge.evaluate(at(1)).action).toBe('allow');
    for (let i = 0; i < 5; i++) edge.evaluate(at(1, { headers: { 'x-user-id': ['ALICE'] } }));
    for (let i = 0; i < 5; i++) edge.evaluate(at(1, { headers: { 'x-user-id': ['alice'] } }));
    // Lower-cased, ALICE and alice are one key: this is its 11th request.
    expect(edge.evaluate(at(1, { headers: { 'x-user-id': ['Alice'] } })).action).toBe('block');
    expect(edge.evaluate(at(1, { method: 'POST', headers: { 'x-user-id': ['alice'] } })).action).toBe('allow');
  });

  it('CONSTANT counts every request together; a request without time takes the last time seen', () => {
    const edge = acl([rate({ AggregateKeyType: 'CONSTANT' })]);
    edge.evaluate(at(100));
    for (let i = 0; i < 9; i++) edge.evaluate(simulatedRequest({ ip: `192.0.2.${i + 10}` }));
    expect(edge.evaluate(simulatedRequest({ ip: '198.51.100.1' })).action).toBe('block');
  });

  it('FORWARDED_IP keys by the header, and does not count requests without it', () => {
    const edge = acl([rate({ AggregateKeyType: 'FORWARDED_IP', ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'NO_MATCH' } })]);
    for (let i = 0; i < 20; i++) expect(edge.evaluate(at(1)).action).toBe('allow');
    for (let i = 0; i < 10; i++) edge.evaluate(at(1, { headers: { 'x-forwarded-for': ['203.0.113.5, 10.0.0.1'] } }));
    expect(edge.evaluate(at(1, { ip: '10.9.9.9', headers: { 'x-forwarded-for': ['203.0.113.5'] } })).action).toBe('block');
  });
});

describe('compileWebAcl errors', () => {
  it('a rule without a statement names the rule', () => {
    expect(() => acl([{ Name: 'empty', Priority: 0, Action: { Block: {} } }])).toThrow(/rule "empty": Statement: missing/);
  });

  it('an unknown statement type names the rule and the type', () => {
    expect(() => acl([rule('odd', 0, { FooStatement: {} })])).toThrow(WebAclSimulationError);
    expect(() => acl([rule('odd', 0, { FooStatement: {} })])).toThrow(/rule "odd": Statement\.FooStatement: unknown statement type/);
  });

  it('a bad regex is reported, not thrown raw', () => {
    expect(() =>
      acl([rule('re', 0, { RegexMatchStatement: { RegexString: '(unclosed', FieldToMatch: { UriPath: {} }, TextTransformations: NO_TRANSFORM } })]),
    ).toThrow(/rule "re": .*RegexString/);
  });

  it('a missing default action is reported', () => {
    expect(() => acl([], {}, { DefaultAction: undefined })).toThrow(/DefaultAction: missing/);
  });
});
