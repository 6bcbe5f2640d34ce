import { describe, expect, it } from 'vitest';
import { bodyInspectionLimit, compileFieldToMatch, type FieldValues } from '../../../lib/simulate/aws-waf/field-to-match';
import { RequestContext } from '../../../lib/simulate/aws-waf/request-context';
import { compileStatement } from '../../../lib/simulate/aws-waf/statements';
import type { SimulatedRequest } from '../../../lib/simulate/simulated-request';
import { simulatedRequest } from '../../support/simulated-request';

// Components: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-fields-list.html
// Oversize: https://docs.aws.amazon.com/waf/latest/developerguide/waf-oversize-request-components.html
function extract(field: unknown, request: Partial<SimulatedRequest>, bodyLimit = 8192): FieldValues {
  return compileFieldToMatch(field, { rule: 'r', field: 'FieldToMatch', bodyLimit }).extract(new RequestContext(simulatedRequest(request), 0));
}

const values = (result: FieldValues) => ('values' in result ? result.values : result);

describe('compileFieldToMatch', () => {
  it('UriPath, QueryString and Method are raw, as sent', () => {
    expect(values(extract({ UriPath: {} }, { path: '/a%2Fb' }))).toEqual(['/a%2Fb']);
    expect(values(extract({ QueryString: {} }, { query: 'a=1&b=%20' }))).toEqual(['a=1&b=%20']);
    expect(values(extract({ Method: {} }, { method: 'PATCH' }))).toEqual(['PATCH']);
  });

  it('SingleHeader is looked up case-insensitively; a missing header has no value', () => {
    expect(values(extract({ SingleHeader: { Name: 'X-Api-Key' } }, { headers: { 'x-api-key': ['k'] } }))).toEqual(['k']);
    expect(values(extract({ SingleHeader: { Name: 'X-Api-Key' } }, {}))).toEqual([]);
  });

  it('SingleQueryArgument matches the name case-insensitively; AllQueryArguments gives every value', () => {
    expect(values(extract({ SingleQueryArgument: { Name: 'ID' } }, { query: 'id=7&x=1' }))).toEqual(['7']);
    expect(values(extract({ AllQueryArguments: {} }, { query: 'id=7&x=1&flag' }))).toEqual(['7', '1', '']);
  });

  it('Body: within the limit, or truncated and flagged oversize', () => {
    expect(extract({ Body: {} }, { body: 'abc' })).toEqual({ values: ['abc'], oversize: false });
    const big = extract({ Body: { OversizeHandling: 'CONTINUE' } }, { body: 'x'.repeat(9000) });
    expect('values' in big && big.values[0].length).toBe(8192);
    expect('values' in big && big.oversize).toBe(true);
  });

  it('Body oversize handling: CONTINUE inspects the first bytes, MATCH and NO_MATCH decide', () => {
    const statement = (handling: string) => ({
      ByteMatchStatement: {
        FieldToMatch: { Body: { OversizeHandling: handling } },
        PositionalConstraint: 'CONTAINS',
        SearchString: 'evil',
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    });
    const request = simulatedRequest({ body: `${'x'.repeat(8192)}evil` });
    const judge = (handling: string) => compileStatement(statement(handling), { rule: 'r', template: {}, bodyLimit: 8192 })(new RequestContext(request, 0));
    expect(judge('CONTINUE')).toBe('no-match');
    expect(judge('MATCH')).toBe('match');
    expect(judge('NO_MATCH')).toBe('no-match');
  });

  it('body limits: 8 KB for ALB and AppSync, 16 KB for CloudFront and the others by default, raised by AssociationConfig', () => {
    expect(bodyInspectionLimit('REGIONAL', undefined)).toBe(8192);
    expect(bodyInspectionLimit('CLOUDFRONT', undefined)).toBe(16_384);
    expect(bodyInspectionLimit('CLOUDFRONT', { RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_64' } } })).toBe(65_536);
    const raised = { RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_32' } } };
    expect(bodyInspectionLimit('REGIONAL', raised)).toBe(8192);
    expect(bodyInspectionLimit('REGIONAL', raised, 'APPSYNC')).toBe(8192);
    expect(bodyInspectionLimit('REGIONAL', raised, 'API_GATEWAY')).toBe(32_768);
    expect(bodyInspectionLimit('REGIONAL', raised, 'COGNITO_USER_POOL')).toBe(16_384);
  });

  it('JsonBody: keys, values or both, of the whole document or the included paths', () => {
    const body = JSON.stringify({ user: { name: 'ann', tags: ['a', 1, true] }, id: null });
    expect(values(extract({ JsonBody: { MatchPattern: { All: {} }, MatchScope: 'VALUE' } }, { body }))).toEqual(['ann', 'a', '1', 'true', 'null']);
    expect(values(extract({ JsonBody: { MatchPattern: { All: {} }, MatchScope: 'KEY' } }, { body }))).toEqual(['user', 'name', 'tags', 'id']);
    expect(values(extract({ JsonBody: { MatchPattern: { IncludedPaths: ['/user/name', '/id'] }, MatchScope: 'ALL' } }, { body }))).toEqual(['ann', 'null']);
  });

  it('JsonBody of a request without a body has nothing to inspect (not invalid JSON, so never unknown)', () => {
    expect(values(extract({ JsonBody: { MatchPattern: { All: {} }, MatchScope: 'ALL' } }, { body: '' }))).toEqual([]);
  });

  it('JsonBody with invalid JSON follows InvalidFallbackBehavior, and is unknown without one', () => {
    const field = (fallback?: string) => ({
      JsonBody: { MatchPattern: { All: {} }, MatchScope: 'VALUE', ...(fallback ? { InvalidFallbackBehavior: fallback } : {}) },
    });
    expect(extract(field('EVALUATE_AS_STRING'), { body: '{bad' })).toEqual({ values: ['{bad'], oversize: false });
    expect(extract(field('MATCH'), { body: '{bad' })).toMatchObject({ invalidJson: 'MATCH' });
    expect(extract(field(), { body: '{bad' })).toEqual({ unknown: expect.stringMatching(/not valid JSON/) as unknown });
  });

  it('Headers: All, IncludedHeaders or ExcludedHeaders; KEY, VALUE or ALL', () => {
    const headers = { 'x-a': ['1'], 'x-b': ['2', '3'] };
    expect(values(extract({ Headers: { MatchPattern: { All: {} }, MatchScope: 'ALL', OversizeHandling: 'CONTINUE' } }, { host: '', headers }))).toEqual([
      'x-a',
      '1',
      'x-b',
      '2',
      'x-b',
      '3',
    ]);
    expect(
      values(extract({ Headers: { MatchPattern: { IncludedHeaders: ['X-B'] }, MatchScope: 'VALUE', OversizeHandling: 'CONTINUE' } }, { host: '', headers })),
    ).toEqual(['2', '3']);
    expect(
      values(extract({ Headers: { MatchPattern: { ExcludedHeaders: ['x-b'] }, MatchScope: 'KEY', OversizeHandling: 'CONTINUE' } }, { host: '', headers })),
    ).toEqual(['x-a']);
  });

  it('Headers past 8 KB or 200 entries are oversize', () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`h${i}`, ['v']]));
    expect(extract({ Headers: { MatchPattern: { All: {} }, MatchScope: 'KEY', OversizeHandling: 'MATCH' } }, { headers: many })).toMatchObject({
      oversize: true,
    });
    expect(
      extract({ Headers: { MatchPattern: { All: {} }, MatchScope: 'KEY', OversizeHandling: 'MATCH' } }, { headers: { big: ['x'.repeat(9000)] } }),
    ).toMatchObject({
      oversize: true,
    });
  });

  it('Cookies: parsed from the Cookie header, names case-sensitive', () => {
    const headers = { cookie: ['session=abc; Theme=dark', 'x=1'] };
    expect(
      values(extract({ Cookies: { MatchPattern: { IncludedCookies: ['session', 'theme'] }, MatchScope: 'VALUE', OversizeHandling: 'CONTINUE' } }, { headers })),
    ).toEqual(['abc']);
    expect(values(extract({ Cookies: { MatchPattern: { All: {} }, MatchScope: 'KEY', OversizeHandling: 'CONTINUE' } }, { headers }))).toEqual([
      'session',
      'Theme',
      'x',
    ]);
  });

  it("the Host header comes from the request's host when the headers lack it", () => {
    expect(values(extract({ SingleHeader: { Name: 'Host' } }, { host: 'shop.example' }))).toEqual(['shop.example']);
    const field = { Headers: { MatchPattern: { All: {} }, MatchScope: 'KEY', OversizeHandling: 'CONTINUE' } };
    expect(values(extract(field, { host: 'shop.example', headers: { accept: ['*/*'] } }))).toEqual(['host', 'accept']);
  });

  it("HeaderOrder lists the request's header names, colon-separated", () => {
    expect(values(extract({ HeaderOrder: { OversizeHandling: 'CONTINUE' } }, { headers: { host: ['a'], accept: ['*/*'] } }))).toEqual(['host:accept']);
  });

  it('JA3, JA4 and the URI fragment cannot be known from the request', () => {
    expect(extract({ JA3Fingerprint: { FallbackBehavior: 'MATCH' } }, {})).toEqual({ unknown: expect.any(String) as unknown });
    expect(extract({ JA4Fingerprint: { FallbackBehavior: 'MATCH' } }, {})).toEqual({ unknown: expect.any(String) as unknown });
    expect(extract({ UriFragment: {} }, {})).toEqual({ unknown: expect.any(String) as unknown });
  });

  it('rejects an unknown component or two components, naming the field', () => {
    expect(() => extract({ Nose: {} }, {})).toThrow(/FieldToMatch\.Nose: unknown request component/);
    expect(() => extract({ UriPath: {}, Method: {} }, {})).toThrow(/exactly one request component/);
  });
});
