// The statements the WAF compiler emits for a policy's match conditions, attack classes, bad bots
// and address lists, judged by what the AWS WAF simulator decides for requests against them.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnIPSet, CfnRegexPatternSet, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_SET_REGEX_LENGTH, SQL_INJECTION_PATTERNS } from '../../../lib/aws/waf/attack-patterns';
import { compileWafRules, userAgentRegexes, type CompileWafOptions } from '../../../lib/aws/waf/compile-rules';
import { bulwarkResponseBodies } from '../../../lib/aws/waf/profile-waf-rules';
import type { Condition, Policy, PolicyRule, RequestField } from '../../../lib/policy/model';
import type { CfnTemplate } from '../../../lib/simulate/aws-waf/template-resources';
import { compileWebAcl } from '../../../lib/simulate/aws-waf/web-acl';
import type { SimulatedRequest } from '../../../lib/simulate/simulated-request';
import { buildPolicy, extendPreset } from '../../../lib/tooling';
import { simulatedRequest } from '../../support/simulated-request';

/** A baseline policy without managed groups (which the simulator cannot judge), whose rules are `rules`. */
function policyOf(rules: PolicyRule[], waf: Record<string, unknown> = {}): Policy {
  const policy = buildPolicy(extendPreset('baseline', { name: 'demo', edges: ['aws'], waf: { managedRules: [], ...waf } }));
  return { ...policy, rules };
}

/** A custom block rule of `match` on the AWS edge (no rate: a plain match). */
function customRule(id: string, match: Condition, overrides: Partial<PolicyRule> = {}): PolicyRule {
  return { id, description: id, kind: 'rate-limit', intent: 'block', match, coveredBy: [], implements: [], edges: ['aws'], source: 'test', ...overrides };
}

type Options = Partial<Omit<CompileWafOptions, 'ipSetArn' | 'regexPatternSetArn' | 'metricPrefix'>>;

/** Compiles `policy` into a REGIONAL Web ACL (default allow) with its IP and regex pattern sets, and simulates it. */
function deploy(policy: Policy, options: Options = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const ipSets: Record<string, CfnIPSet> = {};
  const patternSets: Record<string, CfnRegexPatternSet> = {};
  const compiled = compileWafRules(policy, {
    metricPrefix: 'test',
    ...options,
    ipSetArn: (spec) =>
      (ipSets[spec.id] ??= new CfnIPSet(stack, `IpSet-${spec.id}`, {
        scope: 'REGIONAL',
        ipAddressVersion: spec.ipAddressVersion,
        addresses: [...spec.addresses],
      })).attrArn,
    regexPatternSetArn: (spec) =>
      (patternSets[spec.id] ??= new CfnRegexPatternSet(stack, `RegexPatternSet-${spec.id}`, {
        scope: 'REGIONAL',
        regularExpressionList: [...spec.regularExpressions],
      })).attrArn,
  });
  new CfnWebACL(stack, 'Acl', {
    name: 'acl',
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'acl' },
    customResponseBodies: bulwarkResponseBodies(),
    rules: compiled.rules.map((entry) => entry.rule),
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate & { Resources: Record<string, { Type: string; Properties: unknown }> };
  const edge = compileWebAcl({ properties: template.Resources.Acl.Properties, template, name: 'aws', source: 'test', logicalId: 'Acl' });
  const verdict = (request: Partial<SimulatedRequest>) => edge.evaluate(simulatedRequest({ ip: '198.51.100.7', ...request }));
  return { compiled, verdict, blocks: (request: Partial<SimulatedRequest>) => verdict(request).action === 'block' };
}

const PATH: RequestField = { type: 'path' };
const pathIs = (value: string): Condition => ({ type: 'string', field: PATH, operator: 'equals', value, caseSensitive: true });
const ua = (agent: string) => ({ headers: { 'user-agent': [agent] } });
const statementOf = (policy: Policy, options: Options = {}) => deploy(policy, options).compiled.rules.map((entry) => entry.rule.statement);

describe('match conditions', () => {
  it('leaves out a rule whose condition matches every request (always, or all of always)', () => {
    const { compiled } = deploy(
      policyOf([customRule('everything', { type: 'always' }), customRule('all-always', { type: 'all', conditions: [{ type: 'always' }] })]),
    );
    expect(compiled.rules).toEqual([]);
  });

  it('drops the conditions that match everything from an all or an any, keeping the single one left as the statement', () => {
    const [all, any] = statementOf(
      policyOf([
        customRule('all', { type: 'all', conditions: [{ type: 'always' }, pathIs('/a')] }),
        customRule('any', { type: 'any', conditions: [pathIs('/b'), { type: 'always' }] }),
      ]),
    );
    expect(all).toEqual({ byteMatchStatement: expect.objectContaining({ searchString: '/a', positionalConstraint: 'EXACTLY' }) });
    expect(any).toEqual({ byteMatchStatement: expect.objectContaining({ searchString: '/b', positionalConstraint: 'EXACTLY' }) });
  });

  it('an any blocks a request matching either condition, and only those', () => {
    const { blocks, compiled } = deploy(policyOf([customRule('any', { type: 'any', conditions: [pathIs('/a'), pathIs('/b')] })]));
    expect(compiled.rules[0].rule.statement).toHaveProperty('orStatement.statements', expect.arrayContaining([expect.anything(), expect.anything()]));
    expect([blocks({ path: '/a' }), blocks({ path: '/b' }), blocks({ path: '/c' })]).toEqual([true, true, false]);
  });

  it('an all blocks a request matching both conditions, not one', () => {
    const method: Condition = { type: 'in', field: { type: 'method' }, values: ['POST'] };
    const { blocks } = deploy(policyOf([customRule('all', { type: 'all', conditions: [pathIs('/a'), method] })]));
    expect([blocks({ path: '/a', method: 'POST' }), blocks({ path: '/a' }), blocks({ path: '/b', method: 'POST' })]).toEqual([true, false, false]);
  });

  it('a not blocks every request but the one its condition matches, and a not of everything is left out', () => {
    const { blocks, compiled } = deploy(
      policyOf([customRule('not', { type: 'not', condition: pathIs('/health') }), customRule('never', { type: 'not', condition: { type: 'always' } })]),
    );
    expect(compiled.rules.map((entry) => entry.rule.name)).toEqual(['not']);
    expect([blocks({ path: '/health' }), blocks({ path: '/other' })]).toEqual([false, true]);
  });

  it('an in matches any of its values exactly, case-sensitively', () => {
    const { blocks } = deploy(policyOf([customRule('in', { type: 'in', field: PATH, values: ['/a', '/b'] })]));
    expect([blocks({ path: '/a' }), blocks({ path: '/b' }), blocks({ path: '/A' }), blocks({ path: '/ab' })]).toEqual([true, true, false, false]);
  });

  it.each([
    ['equals', ['/x.php'], ['/x.phpx', '/a/x.php']],
    ['startsWith', ['/x.php', '/x.phpx'], ['/a/x.php']],
    ['endsWith', ['/x.php', '/a/x.php'], ['/x.phpx']],
    ['contains', ['/x.php', '/x.phpx', '/a/x.php'], ['/x.ph']],
  ] as const)('a %s string condition blocks the paths it names and lets the others through', (operator, blocked, allowed) => {
    const { blocks } = deploy(policyOf([customRule('op', { type: 'string', field: PATH, operator, value: '/x.php', caseSensitive: true })]));
    expect(blocked.map((path) => blocks({ path }))).toEqual(blocked.map(() => true));
    expect(allowed.map((path) => blocks({ path }))).toEqual(allowed.map(() => false));
  });

  it('a case-insensitive string condition matches the value in any case; a case-sensitive one only as written', () => {
    const header = (caseSensitive: boolean) =>
      customRule('h', { type: 'string', field: { type: 'header', name: 'x-mode' }, operator: 'equals', value: 'Debug', caseSensitive });
    const insensitive = deploy(policyOf([header(false)]));
    const sensitive = deploy(policyOf([header(true)]));
    const mode = (value: string) => ({ headers: { 'x-mode': [value] } });
    expect([insensitive.blocks(mode('debug')), insensitive.blocks(mode('DEBUG')), insensitive.blocks(mode('Debug'))]).toEqual([true, true, true]);
    expect([sensitive.blocks(mode('Debug')), sensitive.blocks(mode('debug'))]).toEqual([true, false]);
  });

  it.each([
    ['host', { type: 'host' }, { host: 'admin.example.com' }, { host: 'example.com', headers: { 'x-other': ['admin.example.com'] } }],
    ['userAgent', { type: 'userAgent' }, ua('admin.example.com'), { headers: { host: ['x'], 'x-other': ['admin.example.com'] } }],
    ['header', { type: 'header', name: 'x-target' }, { headers: { 'x-target': ['admin.example.com'] } }, ua('admin.example.com')],
    ['cookie', { type: 'cookie', name: 'target' }, { headers: { cookie: ['target=admin.example.com'] } }, { headers: { cookie: ['other=admin.example.com'] } }],
    ['body', { type: 'body' }, { method: 'POST', body: 'admin.example.com' }, { method: 'POST', query: 'admin.example.com' }],
    ['query', { type: 'query' }, { query: 'admin.example.com' }, { path: '/admin.example.com' }],
  ] as const)('a condition on the %s reads that part of the request and no other', (_, field, matching, other) => {
    const { blocks } = deploy(
      policyOf([customRule('field', { type: 'string', field: field as RequestField, operator: 'equals', value: 'admin.example.com', caseSensitive: true })]),
    );
    expect(blocks(matching)).toBe(true);
    expect(blocks(other)).toBe(false);
  });

  it('emits the field to match of each request field', () => {
    const statementFor = (field: RequestField) =>
      statementOf(policyOf([customRule('f', { type: 'string', field, operator: 'equals', value: 'v', caseSensitive: true })]))[0];
    expect(statementFor({ type: 'host' })).toHaveProperty('byteMatchStatement.fieldToMatch', { singleHeader: { Name: 'host' } });
    expect(statementFor({ type: 'userAgent' })).toHaveProperty('byteMatchStatement.fieldToMatch', { singleHeader: { Name: 'user-agent' } });
    expect(statementFor({ type: 'header', name: 'x-a' })).toHaveProperty('byteMatchStatement.fieldToMatch', { singleHeader: { Name: 'x-a' } });
    expect(statementFor({ type: 'body' })).toHaveProperty('byteMatchStatement.fieldToMatch', { body: { oversizeHandling: 'CONTINUE' } });
    expect(statementFor({ type: 'cookie', name: 'c' })).toHaveProperty('byteMatchStatement.fieldToMatch', {
      cookies: { matchPattern: { includedCookies: ['c'] }, matchScope: 'VALUE', oversizeHandling: 'CONTINUE' },
    });
  });
});

describe('address and country matches', () => {
  const blocklist = customRule('ip-blocklist', { type: 'sourceIp', cidrs: ['203.0.113.0/24', '2001:db8::/32'] }, { kind: 'ip-blocklist' });

  it('puts IPv4 and IPv6 addresses in one IP set per family, and blocks both', () => {
    const { compiled, blocks } = deploy(policyOf([blocklist]));
    expect(compiled.ipSets).toEqual([
      { id: 'ip-blocklist-v4', ipAddressVersion: 'IPV4', addresses: ['203.0.113.0/24'] },
      { id: 'ip-blocklist-v6', ipAddressVersion: 'IPV6', addresses: ['2001:db8::/32'] },
    ]);
    expect([blocks({ ip: '203.0.113.9' }), blocks({ ip: '2001:db8::1' }), blocks({ ip: '198.51.100.7' })]).toEqual([true, true, false]);
  });

  it('reads the source address, not a client address header the proxy does not alone set', () => {
    const { compiled, blocks } = deploy(policyOf([blocklist]), { clientIpHeader: 'cf-connecting-ip' });
    expect(JSON.stringify(compiled.rules[0].rule.statement)).not.toContain('orwardedIpConfig');
    expect(blocks({ ip: '203.0.113.9', headers: { 'cf-connecting-ip': ['198.51.100.1'] } })).toBe(true);
    expect(blocks({ ip: '198.51.100.7', headers: { 'cf-connecting-ip': ['203.0.113.9'] } })).toBe(false);
  });

  it('marked matchable without a client address header, reads the source address', () => {
    const { compiled, blocks } = deploy(policyOf([blocklist]), { clientIpHeaderMatchable: true });
    expect(JSON.stringify(compiled.rules[0].rule.statement)).not.toContain('orwardedIpConfig');
    expect(blocks({ ip: '203.0.113.9' })).toBe(true);
    expect(blocks({ ip: '198.51.100.7', headers: { 'x-forwarded-for': ['203.0.113.9'] } })).toBe(false);
  });

  it('with a matchable client address header: a blocklist reads the header and blocks a request whose header holds no address', () => {
    const { blocks } = deploy(policyOf([blocklist]), { clientIpHeader: 'cf-connecting-ip', clientIpHeaderMatchable: true });
    expect(blocks({ ip: '198.51.100.7', headers: { 'cf-connecting-ip': ['203.0.113.9'] } })).toBe(true);
    expect(blocks({ ip: '203.0.113.9', headers: { 'cf-connecting-ip': ['198.51.100.1'] } })).toBe(false);
    expect(blocks({ ip: '198.51.100.7', headers: { 'cf-connecting-ip': ['not-an-address'] } })).toBe(true);
  });

  it('a block of everything but an allowed range (a NOT) fails closed on a header without an address', () => {
    const onlyFrom = customRule('only-office', { type: 'not', condition: { type: 'sourceIp', cidrs: ['203.0.113.0/24'] } });
    const { blocks } = deploy(policyOf([onlyFrom]), { clientIpHeader: 'cf-connecting-ip', clientIpHeaderMatchable: true });
    expect(blocks({ ip: '198.51.100.7', headers: { 'cf-connecting-ip': ['203.0.113.9'] } })).toBe(false);
    expect(blocks({ ip: '198.51.100.7', headers: { 'cf-connecting-ip': ['198.51.100.1'] } })).toBe(true);
    // No valid address in the header: the inner match must not hold, so the NOT blocks.
    expect(blocks({ ip: '203.0.113.9', headers: { 'cf-connecting-ip': ['garbage'] } })).toBe(true);
  });

  it('a country block reads a matchable header too, failing closed', () => {
    const geo = customRule('geo-block', { type: 'country', codes: ['RU'] }, { kind: 'geo-block' });
    const { compiled } = deploy(policyOf([geo]), { clientIpHeader: 'cf-connecting-ip', clientIpHeaderMatchable: true });
    expect(compiled.rules[0].rule.statement).toEqual({
      geoMatchStatement: { countryCodes: ['RU'], forwardedIpConfig: { headerName: 'cf-connecting-ip', fallbackBehavior: 'MATCH' } },
    });
  });
});

describe('attack rules', () => {
  const attack = (id: PolicyRule['kind'], attackClass: 'sqlInjection' | 'crossSiteScripting' | 'pathTraversal', fields: RequestField[]) =>
    customRule(id, { type: 'attack', attack: attackClass, fields }, { kind: id });

  it('SQL injection: one pattern set of its patterns, described, blocking an injection in the body and letting a plain post through', () => {
    const { compiled, blocks } = deploy(policyOf([attack('sql-injection', 'sqlInjection', [{ type: 'body' }])]));
    expect(compiled.regexPatternSets).toEqual([
      { id: 'sql-injection', description: 'Bulwark sql-injection patterns', regularExpressions: SQL_INJECTION_PATTERNS.map((p) => p.regex) },
    ]);
    expect(blocks({ method: 'POST', body: "name=x' or 1=1 --" })).toBe(true);
    expect(blocks({ method: 'POST', body: 'name=Ada Lovelace' })).toBe(false);
  });

  it('an attack rule on a named header inspects that header, not the cookies', () => {
    const { compiled, blocks } = deploy(policyOf([attack('sql-injection', 'sqlInjection', [{ type: 'header', name: 'x-search' }])]));
    const statements = JSON.stringify(compiled.rules[0].rule.statement);
    expect(statements).toContain('"singleHeader":{"Name":"x-search"}');
    expect(statements).not.toContain('cookies');
    expect(blocks({ headers: { 'x-search': ["x' union select password from users --"] } })).toBe(true);
  });

  it('path traversal in a cookie is blocked', () => {
    const { blocks } = deploy(policyOf([attack('path-traversal', 'pathTraversal', [PATH])]));
    expect(blocks({ headers: { cookie: ['template=../../../../etc/passwd'] } })).toBe(true);
    expect(blocks({ headers: { cookie: ['template=dark'] } })).toBe(false);
  });

  it('path traversal reads the body as text once: no JSON view, no component twice when the profile names the body too', () => {
    const { compiled } = deploy(policyOf([attack('path-traversal', 'pathTraversal', [PATH, { type: 'body' }])]));
    const statements = (compiled.rules[0].rule.statement as { orStatement: { statements: Record<string, { fieldToMatch: unknown }>[] } }).orStatement
      .statements;
    const fields = statements.map((statement) => JSON.stringify(Object.values(statement)[0].fieldToMatch) + Object.keys(statement)[0]);
    expect(new Set(fields).size).toBe(fields.length);
    expect(JSON.stringify(statements)).not.toContain('jsonBody');
    // path, body, cookies: one pattern set reference and one overlong regex each.
    expect(statements).toHaveLength(6);
  });
});

describe('bad bots', () => {
  const agentConditions = (...names: string[]) =>
    names.map((value): Condition => ({ type: 'string', field: { type: 'userAgent' }, operator: 'contains', value, caseSensitive: false }));
  const agents = (...names: string[]): Condition => ({ type: 'any', conditions: agentConditions(...names) });
  const badBots = (match: Condition) => customRule('bad-bots', match, { kind: 'bad-bots' });

  it('blocks a listed agent in any case, described in its pattern set, and lets a browser through', () => {
    const { compiled, blocks } = deploy(policyOf([badBots(agents('SQLMap', 'nikto'))]));
    expect(compiled.regexPatternSets).toEqual([{ id: 'bad-bots', description: 'Bulwark bad-bots: user agents', regularExpressions: ['(?:sqlmap|nikto)'] }]);
    expect([blocks(ua('sqlmap/1.7')), blocks(ua('Mozilla/5.0 NIKTO')), blocks(ua('Mozilla/5.0'))]).toEqual([true, true, false]);
  });

  it('a single agent (not an any) is one regex', () => {
    const single: Condition = { type: 'string', field: { type: 'userAgent' }, operator: 'contains', value: 'masscan', caseSensitive: false };
    const { compiled, blocks } = deploy(policyOf([badBots(single)]));
    expect(compiled.regexPatternSets.map((set) => set.regularExpressions)).toEqual([['(?:masscan)']]);
    expect(blocks(ua('masscan/1.3'))).toBe(true);
  });

  it('takes only the user-agent strings of its condition', () => {
    const mixed: Condition = {
      type: 'any',
      conditions: [...agentConditions('zgrab'), { type: 'sourceIp', cidrs: ['203.0.113.0/24'] }],
    };
    const { compiled } = deploy(policyOf([badBots(mixed)]));
    expect(compiled.regexPatternSets.map((set) => set.regularExpressions)).toEqual([['(?:zgrab)']]);
  });

  it('escapes regex characters, so an agent is matched literally', () => {
    const { blocks } = deploy(policyOf([badBots(agents('bot.v1(x)'))]));
    expect(blocks(ua('a bot.v1(x) b'))).toBe(true);
    expect(blocks(ua('botxv1x'))).toBe(false);
  });

  it('spreads a long list over several pattern sets of ten regexes, numbered from 2, and blocks an agent of the last', () => {
    const names = Array.from({ length: 31 }, (_, index) => `scanner-${String(index).padStart(2, '0')}-${'x'.repeat(50)}`);
    const { compiled, blocks } = deploy(policyOf([badBots(agents(...names))]));
    expect(compiled.regexPatternSets.map((set) => [set.id, set.regularExpressions.length])).toEqual([
      ['bad-bots', 10],
      ['bad-bots-2', 1],
    ]);
    expect(blocks(ua(`Mozilla ${names[30]}`))).toBe(true);
    expect(blocks(ua(`Mozilla ${names[0]}`))).toBe(true);
  });
});

describe('userAgentRegexes', () => {
  it('gives no regex for no agent', () => {
    expect(userAgentRegexes([])).toEqual([]);
  });

  it('keeps an agent longer than the limit as a regex of its own, never an empty alternative (which would match every agent)', () => {
    const long = 'a'.repeat(MAX_PATTERN_SET_REGEX_LENGTH + 10);
    expect(userAgentRegexes([long, 'b'])).toEqual([`(?:${long})`, '(?:b)']);
  });

  it('fills a regex up to exactly the limit before starting the next', () => {
    // "(?:" + a + "|" + b + ")" is 5 characters more than the two agents.
    const first = 'a'.repeat(100);
    const second = 'b'.repeat(MAX_PATTERN_SET_REGEX_LENGTH - 5 - first.length);
    expect(userAgentRegexes([first, second])).toEqual([`(?:${first}|${second})`]);
    expect(userAgentRegexes([first, `${second}c`])).toEqual([`(?:${first})`, `(?:${second}c)`]);
  });
});
