import { describe, expect, it } from 'vitest';
import type { MatchResult } from '../../../lib/simulate/aws-waf/match-result';
import { RequestContext } from '../../../lib/simulate/aws-waf/request-context';
import { compileStatement, containsWord, labelMatches, literalAlternatives } from '../../../lib/simulate/aws-waf/statements';
import type { CfnTemplate } from '../../../lib/simulate/aws-waf/template-resources';
import { WebAclSimulationError } from '../../../lib/simulate/aws-waf/web-acl-simulation-error';
import type { SimulatedRequest } from '../../../lib/simulate/simulated-request';
import { simulatedRequest } from '../../support/simulated-request';

// Statement semantics: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statements-list.html
const TEMPLATE: CfnTemplate = {
  Resources: {
    Allowed: { Type: 'AWS::WAFv2::IPSet', Properties: { IPAddressVersion: 'IPV4', Addresses: ['192.0.2.0/24', '198.51.100.7/32'] } },
    Allowed6: { Type: 'AWS::WAFv2::IPSet', Properties: { IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32'] } },
    FromParameter: { Type: 'AWS::WAFv2::IPSet', Properties: { IPAddressVersion: 'IPV4', Addresses: [{ Ref: 'Cidr' }] } },
    Patterns: { Type: 'AWS::WAFv2::RegexPatternSet', Properties: { RegularExpressionList: ['^/admin', 'wp-login\\.php$'] } },
  },
};

function judge(statement: unknown, request: Partial<SimulatedRequest>, labels: Record<string, 'certain' | 'maybe'> = {}): MatchResult {
  const compiled = compileStatement(statement, { rule: 'r', template: TEMPLATE, bodyLimit: 8192 });
  const context = new RequestContext(simulatedRequest(request), 0);
  for (const [label, certainty] of Object.entries(labels)) context.addLabel(label, certainty);
  return compiled(context);
}

const NONE = [{ Priority: 0, Type: 'NONE' }];
const byte = (position: string, search: string, field: unknown = { UriPath: {} }, transformations: unknown = NONE) => ({
  ByteMatchStatement: { FieldToMatch: field, PositionalConstraint: position, SearchString: search, TextTransformations: transformations },
});
const UNKNOWN = { unknown: expect.any(String) as unknown };

describe('ByteMatchStatement', () => {
  it('EXACTLY, STARTS_WITH, ENDS_WITH and CONTAINS compare bytes, case-sensitively', () => {
    expect(judge(byte('EXACTLY', '/a/b'), { path: '/a/b' })).toBe('match');
    expect(judge(byte('EXACTLY', '/a/b'), { path: '/A/b' })).toBe('no-match');
    expect(judge(byte('STARTS_WITH', '/a'), { path: '/a/b' })).toBe('match');
    expect(judge(byte('ENDS_WITH', '.php'), { path: '/x.php' })).toBe('match');
    expect(judge(byte('ENDS_WITH', '.php'), { path: '/x.php/' })).toBe('no-match');
    expect(judge(byte('CONTAINS', 'etc'), { path: '/etc/passwd' })).toBe('match');
  });

  it("CONTAINS_WORD needs non-word characters or the value's ends around the string (the guide's BadBot examples)", () => {
    expect(containsWord('BadBot', 'BadBot')).toBe(true);
    expect(containsWord(';BadBot', 'BadBot')).toBe(true);
    expect(containsWord('BadBot;', 'BadBot')).toBe(true);
    expect(containsWord('-BadBot;', 'BadBot')).toBe(true);
    expect(containsWord('BadBotter', 'BadBot')).toBe(false);
    expect(containsWord('a_BadBot', 'BadBot')).toBe(false);
    expect(containsWord('BadBotX BadBot', 'BadBot')).toBe(true);
    expect(containsWord(' ;-a b', ';-a')).toBe(true);
    expect(containsWord('a;-a b-', ';-a')).toBe(false);
    expect(containsWord('x;-ab', ';-a')).toBe(false);
    expect(judge(byte('CONTAINS_WORD', 'select', { QueryString: {} }), { query: 'q=1+select+2' })).toBe('match');
  });

  it('applies the transformations before comparing', () => {
    expect(judge(byte('CONTAINS', '<script>', { QueryString: {} }, [{ Priority: 0, Type: 'URL_DECODE' }]), { query: 'q=%3Cscript%3E' })).toBe('match');
  });

  it('reads SearchStringBase64', () => {
    const statement = {
      ByteMatchStatement: { FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchStringBase64: 'UE9TVA==', TextTransformations: NONE },
    };
    expect(judge(statement, { method: 'POST' })).toBe('match');
  });

  it('compares non-ASCII search strings as UTF-8 bytes', () => {
    expect(judge(byte('CONTAINS', 'é', { QueryString: {} }, [{ Priority: 0, Type: 'URL_DECODE' }]), { query: 'q=%C3%A9' })).toBe('match');
  });

  it('a SearchString that is a CloudFormation function is unknown', () => {
    expect(judge(byte('EXACTLY', { Ref: 'Param' } as unknown as string), {})).toEqual({
      unknown: 'Statement.ByteMatchStatement.SearchString is a CloudFormation function, not a literal',
    });
  });

  it('rejects an unknown positional constraint', () => {
    expect(() => judge(byte('SOMEWHERE', 'x'), {})).toThrow(/PositionalConstraint.*SOMEWHERE/);
  });
});

describe('RegexMatchStatement and RegexPatternSetReferenceStatement', () => {
  const regex = (pattern: string) => ({
    RegexMatchStatement: { RegexString: pattern, FieldToMatch: { SingleHeader: { Name: 'User-Agent' } }, TextTransformations: NONE },
  });

  it('matches anywhere in the value with RE2 syntax', () => {
    expect(judge(regex('(nikto|sqlmap)'), { headers: { 'user-agent': ['x sqlmap/1'] } })).toBe('match');
    expect(judge(regex('^sqlmap'), { headers: { 'user-agent': ['x sqlmap/1'] } })).toBe('no-match');
  });

  it('a missing header does not match', () => {
    expect(judge(regex('.*'), {})).toBe('no-match');
  });

  it('a pattern set matches when any of its expressions does', () => {
    const statement = {
      RegexPatternSetReferenceStatement: { Arn: { 'Fn::GetAtt': ['Patterns', 'Arn'] }, FieldToMatch: { UriPath: {} }, TextTransformations: NONE },
    };
    expect(judge(statement, { path: '/admin/users' })).toBe('match');
    expect(judge(statement, { path: '/blog/wp-login.php' })).toBe('match');
    expect(judge(statement, { path: '/blog' })).toBe('no-match');
  });

  it('a pattern set by literal ARN is unknown', () => {
    const statement = {
      RegexPatternSetReferenceStatement: {
        Arn: 'arn:aws:wafv2:us-east-1:1:regional/regexpatternset/x/1',
        FieldToMatch: { UriPath: {} },
        TextTransformations: NONE,
      },
    };
    expect(judge(statement, {})).toEqual({ unknown: expect.stringMatching(/not a resource of this template/) as unknown });
  });
});

describe('SizeConstraintStatement', () => {
  const size = (operator: string, bytes: number) => ({
    SizeConstraintStatement: {
      FieldToMatch: { QueryString: {} },
      ComparisonOperator: operator,
      Size: bytes,
      TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
    },
  });

  it('compares the size in bytes after transformations with every operator', () => {
    // "a=%C3%A9" URL-decodes to 'a=' and two bytes: 4 bytes.
    const request = { query: 'a=%C3%A9' };
    expect(judge(size('EQ', 4), request)).toBe('match');
    expect(judge(size('NE', 4), request)).toBe('no-match');
    expect(judge(size('LE', 4), request)).toBe('match');
    expect(judge(size('LT', 4), request)).toBe('no-match');
    expect(judge(size('GE', 5), request)).toBe('no-match');
    expect(judge(size('GT', 3), request)).toBe('match');
  });
});

describe('GeoMatchStatement', () => {
  const geo = (extra: Record<string, unknown> = {}) => ({ GeoMatchStatement: { CountryCodes: ['KP', 'IR'], ...extra } });

  it("matches the request's country", () => {
    expect(judge(geo(), { country: 'KP' })).toBe('match');
    expect(judge(geo(), { country: 'FR' })).toBe('no-match');
  });

  it('is unknown without a country', () => {
    expect(judge(geo(), {})).toEqual(UNKNOWN);
  });

  it('with ForwardedIPConfig: no header, no match; an invalid address takes the fallback', () => {
    const statement = geo({ ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' } });
    expect(judge(statement, { country: 'KP' })).toBe('no-match');
    expect(judge(statement, { country: 'FR', headers: { 'x-forwarded-for': ['garbage'] } })).toBe('match');
    expect(judge(statement, { country: 'KP', headers: { 'x-forwarded-for': ['203.0.113.1'] } })).toBe('match');
  });
});

describe('IPSetReferenceStatement', () => {
  const ipSet = (id: string, forwarded?: Record<string, unknown>) => ({
    IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': [id, 'Arn'] }, ...(forwarded ? { IPSetForwardedIPConfig: forwarded } : {}) },
  });

  it('matches IPv4 and IPv6 CIDRs', () => {
    expect(judge(ipSet('Allowed'), { ip: '192.0.2.200' })).toBe('match');
    expect(judge(ipSet('Allowed'), { ip: '198.51.100.7' })).toBe('match');
    expect(judge(ipSet('Allowed'), { ip: '198.51.100.8' })).toBe('no-match');
    expect(judge(ipSet('Allowed6'), { ip: '2001:db8:1::5' })).toBe('match');
    expect(judge(ipSet('Allowed6'), { ip: '2001:db9::5' })).toBe('no-match');
    expect(judge(ipSet('Allowed'), { ip: '::ffff:192.0.2.9' })).toBe('match');
  });

  it('is unknown without an ip, for an IP set not in the template, or for addresses from a parameter', () => {
    expect(judge(ipSet('Allowed'), {})).toEqual(UNKNOWN);
    expect(judge({ IPSetReferenceStatement: { Arn: 'arn:aws:wafv2:eu-west-1:1:regional/ipset/x/1' } }, { ip: '192.0.2.1' })).toEqual(UNKNOWN);
    expect(judge(ipSet('FromParameter'), { ip: '192.0.2.1' })).toEqual(UNKNOWN);
    expect(judge(ipSet('Missing'), { ip: '192.0.2.1' })).toEqual(UNKNOWN);
  });

  it('reads a forwarded header at FIRST, LAST or ANY (the last 10), with the fallback for invalid addresses', () => {
    const xff = { 'x-forwarded-for': ['192.0.2.1, 203.0.113.1'] };
    const config = (position: string, fallback = 'NO_MATCH') => ({ HeaderName: 'X-Forwarded-For', Position: position, FallbackBehavior: fallback });
    expect(judge(ipSet('Allowed', config('FIRST')), { headers: xff })).toBe('match');
    expect(judge(ipSet('Allowed', config('LAST')), { headers: xff })).toBe('no-match');
    expect(judge(ipSet('Allowed', config('ANY')), { headers: xff })).toBe('match');
    const many = { 'x-forwarded-for': [['192.0.2.1', ...Array<string>(10).fill('203.0.113.1')].join(',')] };
    expect(judge(ipSet('Allowed', config('ANY')), { headers: many })).toBe('no-match');
    expect(judge(ipSet('Allowed', config('FIRST', 'MATCH')), { headers: { 'x-forwarded-for': ['unknown'] } })).toBe('match');
    expect(judge(ipSet('Allowed', config('FIRST', 'NO_MATCH')), { headers: { 'x-forwarded-for': ['unknown'] } })).toBe('no-match');
    // "If the specified header isn't present in the request, AWS WAF doesn't apply the rule" (IPSetForwardedIPConfig).
    expect(judge(ipSet('Allowed', config('FIRST', 'MATCH')), { ip: '192.0.2.1' })).toBe('no-match');
  });

  it('rejects an IP set with an address that is not a CIDR', () => {
    const template: CfnTemplate = { Resources: { Bad: { Type: 'AWS::WAFv2::IPSet', Properties: { Addresses: ['10.0.0.300/8'] } } } };
    expect(() => compileStatement({ IPSetReferenceStatement: { Arn: { 'Fn::GetAtt': ['Bad', 'Arn'] } } }, { rule: 'r', template, bodyLimit: 8192 })).toThrow(
      /Bad\.Addresses\[0\]/,
    );
  });
});

describe('LabelMatchStatement', () => {
  const label = 'awswaf:111122223333:webacl:acl:ns1:ns2:name';

  it('LABEL keys: the name with any number of namespaces before it, up to the full label', () => {
    expect(labelMatches(label, 'name', 'LABEL')).toBe(true);
    expect(labelMatches(label, 'ns2:name', 'LABEL')).toBe(true);
    expect(labelMatches(label, label, 'LABEL')).toBe(true);
    expect(labelMatches(label, 'ame', 'LABEL')).toBe(false);
    expect(labelMatches(label, 'ns1', 'LABEL')).toBe(false);
  });

  it('NAMESPACE keys: namespaces from the start, with or without the origin prefix', () => {
    expect(labelMatches(label, 'ns1:', 'NAMESPACE')).toBe(true);
    expect(labelMatches(label, 'ns1:ns2:', 'NAMESPACE')).toBe(true);
    expect(labelMatches(label, 'awswaf:111122223333:webacl:acl:ns1:', 'NAMESPACE')).toBe(true);
    expect(labelMatches(label, 'ns2:', 'NAMESPACE')).toBe(false);
    expect(labelMatches('awswaf:managed:aws:bot-control:bot:category:ai', 'awswaf:managed:aws:bot-control:bot:', 'NAMESPACE')).toBe(true);
  });

  it("matches the request's labels; a maybe-label makes it unknown", () => {
    const statement = { LabelMatchStatement: { Scope: 'LABEL', Key: 'ns2:name' } };
    expect(judge(statement, {}, { [label]: 'certain' })).toBe('match');
    expect(judge(statement, {}, { [label]: 'maybe' })).toEqual(UNKNOWN);
    expect(judge(statement, {})).toBe('no-match');
  });
});

describe('AndStatement, OrStatement and NotStatement with unknowns', () => {
  const yes = byte('STARTS_WITH', '/');
  const no = byte('EXACTLY', '/never');
  const unknown = { SqliMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: NONE } };
  const and = (...statements: unknown[]) => ({ AndStatement: { Statements: statements } });
  const or = (...statements: unknown[]) => ({ OrStatement: { Statements: statements } });
  const not = (statement: unknown) => ({ NotStatement: { Statement: statement } });

  it('AND: a no-match decides; else an unknown stays unknown', () => {
    expect(judge(and(yes, yes), {})).toBe('match');
    expect(judge(and(unknown, no), {})).toBe('no-match');
    expect(judge(and(unknown, yes), {})).toEqual(UNKNOWN);
  });

  it('OR: a match decides; else an unknown stays unknown', () => {
    expect(judge(or(no, no), {})).toBe('no-match');
    expect(judge(or(unknown, yes), {})).toBe('match');
    expect(judge(or(unknown, no), {})).toEqual(UNKNOWN);
  });

  it('NOT inverts a known result and keeps an unknown one', () => {
    expect(judge(not(yes), {})).toBe('no-match');
    expect(judge(not(no), {})).toBe('match');
    expect(judge(not(unknown), {})).toEqual(UNKNOWN);
    expect(judge(not(and(unknown, no)), {})).toBe('match');
  });
});

describe('statements that cannot be judged offline', () => {
  it('any setting that is a CloudFormation function makes its statement unknown, and only that statement', () => {
    const geo = { GeoMatchStatement: { CountryCodes: ['FR', { Ref: 'Blocked' }] } };
    expect(judge(geo, { country: 'FR' })).toEqual({ unknown: 'Statement.GeoMatchStatement.CountryCodes[1] is a CloudFormation function, not a literal' });
    const header = { ByteMatchStatement: { ...byte('EXACTLY', 'x').ByteMatchStatement, FieldToMatch: { SingleHeader: { Name: { 'Fn::ImportValue': 'h' } } } } };
    expect(judge(header, {})).toEqual(UNKNOWN);
    expect(judge({ AndStatement: { Statements: [byte('EXACTLY', '/never'), geo] } }, {})).toBe('no-match');
  });

  it('SqliMatch and XssMatch are proprietary detectors', () => {
    expect(
      judge({ SqliMatchStatement: { FieldToMatch: { QueryString: {} }, TextTransformations: NONE, SensitivityLevel: 'HIGH' } }, { query: "id=1' OR 1=1--" }),
    ).toEqual({
      unknown: expect.stringMatching(/proprietary/) as unknown,
    });
    expect(judge({ XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: NONE } }, {})).toEqual({
      unknown: expect.stringMatching(/proprietary/) as unknown,
    });
  });

  it('AsnMatch is unknown', () => {
    expect(judge({ AsnMatchStatement: { AsnList: [64496] } }, {})).toEqual(UNKNOWN);
  });

  it('rule-level statements nested inside others are rejected', () => {
    expect(() => judge({ NotStatement: { Statement: { RateBasedStatement: { Limit: 10, AggregateKeyType: 'IP' } } } }, {})).toThrow(WebAclSimulationError);
    expect(() => judge({ NotStatement: { Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'x' } } } }, {})).toThrow(/top-level/);
  });

  it('rejects a statement object with two types', () => {
    expect(() => judge({ ...byte('EXACTLY', '/'), GeoMatchStatement: { CountryCodes: ['FR'] } }, {})).toThrow(/exactly one statement type/);
  });
});

describe('LabelMatchStatement context (a key that is not fully qualified)', () => {
  const webAcl = 'awswaf:000000000000:webacl:acl:';
  const fromGroup = 'awswaf:000000000000:rulegroup:G:foo';

  it("matches only labels added in the statement's own context: a rule group's foo is not the Web ACL's foo", () => {
    expect(labelMatches(`${webAcl}foo`, 'foo', 'LABEL', webAcl)).toBe(true);
    expect(labelMatches(fromGroup, 'foo', 'LABEL', webAcl)).toBe(false);
    expect(labelMatches(fromGroup, 'foo', 'NAMESPACE', webAcl)).toBe(false);
    expect(labelMatches(`${webAcl}ns:foo`, 'ns:', 'NAMESPACE', webAcl)).toBe(true);
  });

  it('matches a fully qualified key from any context', () => {
    expect(labelMatches(fromGroup, fromGroup, 'LABEL', webAcl)).toBe(true);
    expect(labelMatches(fromGroup, 'awswaf:000000000000:rulegroup:G:', 'NAMESPACE', webAcl)).toBe(true);
  });
});

describe('literalAlternatives (the word-list fast path for regexes)', () => {
  it('reads a group of literal words, escaped punctuation included', () => {
    expect(literalAlternatives('(?:nikto|sqlmap|\\(hydra\\)|paros\\/)')).toEqual(['nikto', 'sqlmap', '(hydra)', 'paros/']);
    expect(literalAlternatives('nikto|nmap')).toEqual(['nikto', 'nmap']);
  });

  it('leaves anything with an operator, a class, a letter escape or an empty alternative to the regex engine', () => {
    for (const pattern of ['(?:a|b)+', 'a.b', '[ab]', '\\bunion', '(?:a|)', '(?:a)|(?:b)', '^nikto', '(a|b)'])
      expect(literalAlternatives(pattern), pattern).toBeUndefined();
  });

  it('matches as the regex does', () => {
    const statement = {
      RegexMatchStatement: {
        RegexString: '(?:nikto|sqlmap)',
        FieldToMatch: { SingleHeader: { Name: 'user-agent' } },
        TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
      },
    };
    expect(judge(statement, { headers: { 'user-agent': ['Mozilla/5.00 (Nikto/2.5.0)'] } })).toBe('match');
    expect(judge(statement, { headers: { 'user-agent': ['Mozilla/5.0'] } })).toBe('no-match');
  });
});
