// What the evaluator answers for requests and expressions the other evaluator tests leave out:
// each function it claims to implement, the error it raises, functions of missing fields, any()
// and all() over functions and without an array, the raw full URI, cookies, query and body edges,
// lists and ranges over values that are not addresses, and literal operators (issue 28).
// Functions: https://developers.cloudflare.com/ruleset-engine/rules-language/functions/
// Fields: https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/
import { describe, expect, it } from 'vitest';
import { EVALUATED_FUNCTIONS, evaluateExpression, evaluateField, unevaluableReason, type EdgeRequest } from '../../../lib/cloudflare/expression/evaluate';
import { parseExpression } from '../../../lib/cloudflare/expression/parse';

const request = (extra: Partial<EdgeRequest> = {}): EdgeRequest => ({ method: 'GET', host: 'api.example.com', path: '/api/users', ...extra });

describe('unevaluableReason on the functions it implements', () => {
  const uses: Record<string, string> = {
    any: 'any(http.request.headers.names[*] eq "x-a")',
    all: 'all(http.request.headers.names[*] eq "x-a")',
    lower: 'lower(http.host) eq "a"',
    upper: 'upper(http.host) eq "A"',
    len: 'len(http.host) eq 1',
    starts_with: 'starts_with(http.host, "a")',
    ends_with: 'ends_with(http.host, "a")',
    concat: 'concat(http.host, "a") eq "b"',
    join: 'join(http.request.headers.names, ",") eq "a"',
    url_decode: 'url_decode(http.request.uri.query) eq "a"',
    remove_bytes: 'remove_bytes(http.host, "a") eq "b"',
    decode_base64: 'decode_base64(http.host) eq "a"',
  };

  it('has an example for every function in EVALUATED_FUNCTIONS', () => {
    expect(Object.keys(uses).sort()).toEqual([...EVALUATED_FUNCTIONS].sort());
  });

  it.each(Object.entries(uses))('says nothing against %s()', (_name, expression) => {
    expect(unevaluableReason(parseExpression(expression))).toBeUndefined();
  });

  it('compiles only the text after matches as a pattern: eq, contains and wildcard text may be anything', () => {
    expect(unevaluableReason(parseExpression('http.host eq "("'))).toBeUndefined();
    expect(unevaluableReason(parseExpression('http.request.uri.path contains "(?=a)"'))).toBeUndefined();
    expect(unevaluableReason(parseExpression('http.request.uri.path wildcard "/[*"'))).toBeUndefined();
  });

  it('names an unmodelled field in a later argument of a function', () => {
    expect(unevaluableReason(parseExpression('concat(http.host, cf.ray_id) eq "x"'))).toMatch(/field cf.ray_id/);
  });

  it('quotes a refused pattern of exactly 80 characters whole, without an ellipsis', () => {
    const pattern = `(?=${'a'.repeat(76)})`;
    expect(pattern).toHaveLength(80);
    const reason = unevaluableReason(parseExpression(`http.host matches "${pattern}"`)) ?? '';
    expect(reason).toContain(`"${pattern}" does not compile`);
    expect(reason).not.toContain('…');
  });
});

describe('logical operators and the error for an unmodelled field', () => {
  it('or is true when both sides are true (not exclusive)', () => {
    expect(evaluateExpression('http.host eq "api.example.com" or http.request.method eq "GET"', request())).toBe(true);
  });

  it('a parenthesised or inside an and keeps its own operator', () => {
    const expression = '(http.host eq "www.example.com" or http.host eq "api.example.com") and http.request.method eq "GET"';
    expect(evaluateExpression(expression, request())).toBe(true);
  });

  it('names the leftmost field it does not model', () => {
    expect(() => evaluateExpression('cf.threat_score gt 10 or cf.bot_management.score lt 30', request())).toThrow(/cf\.threat_score/);
  });

  it('refuses a field it does not model even when only its [*] is compared, outside any()', () => {
    expect(() => evaluateExpression('cf.waf.content_scan.obj_results[*] eq "infected"', request())).toThrow(
      /does not model the field cf.waf.content_scan.obj_results/,
    );
  });
});

describe('functions applied to requests', () => {
  it('gives each different function of the same field its own value', () => {
    expect(evaluateExpression('lower(http.host) eq "api.example.com" and upper(http.host) eq "API.EXAMPLE.COM"', request())).toBe(true);
    expect(evaluateExpression('upper(http.host) eq "API.EXAMPLE.COM" and lower(http.host) eq "api.example.com"', request())).toBe(true);
  });

  it('reads a missing field as empty text: no country starts with D, and its length is 0', () => {
    expect(evaluateExpression('starts_with(ip.src.country, "D")', request())).toBe(false);
    expect(evaluateExpression('len(ip.src.country) eq 0', request())).toBe(true);
    expect(evaluateExpression('lower(ip.src) eq ""', request())).toBe(true);
  });

  it('any() over a function finds the array in any argument, not only the first', () => {
    const withHeaders = request({ headers: { 'x-a': ['1'] } });
    expect(evaluateExpression('any(concat(http.host, http.request.headers.names[*]) eq "api.example.comx-a")', withHeaders)).toBe(true);
    expect(evaluateExpression('any(lower(http.request.headers.names[*]) eq "x-a")', request({ headers: { 'X-A': ['1'] } }))).toBe(true);
    // The array is found through a function nested in a function.
    expect(evaluateExpression('any(starts_with(lower(http.request.headers.names[*]), "x-"))', request({ headers: { 'X-A': ['1'] } }))).toBe(true);
  });

  it('any() and all() with no [*] in their condition walk no array: any() is false, all() true', () => {
    expect(evaluateExpression('any(http.host eq "api.example.com")', request())).toBe(false);
    expect(evaluateExpression('all(http.host eq "www.example.com")', request())).toBe(true);
  });
});

describe('fields of the request', () => {
  it('raw.http.request.full_uri has the scheme of the connection and the query', () => {
    expect(evaluateField('raw.http.request.full_uri', request({ ssl: false, query: 'a=1' }))).toBe('http://api.example.com/api/users?a=1');
    expect(evaluateField('raw.http.request.full_uri', request({ ssl: true }))).toBe('https://api.example.com/api/users');
    expect(evaluateField('raw.http.request.full_uri', request())).toBe('https://api.example.com/api/users');
  });

  it('a request without headers has no cookies, and no cookie matches', () => {
    expect(evaluateField('http.request.cookies', request())).toEqual({});
    expect(evaluateExpression('http.request.cookies["session"][0] eq "1"', request())).toBe(false);
  });

  it('keeps a cookie pair with an empty name under the empty name', () => {
    expect(evaluateField('http.request.cookies', request({ headers: { cookie: ['=v; a=1'] } }))).toEqual({ '': ['v'], a: ['1'] });
  });

  it('a request without a query has no arguments', () => {
    expect(evaluateField('http.request.uri.args', request())).toEqual({});
    expect(evaluateField('http.request.uri.args.names', request())).toEqual([]);
    expect(evaluateExpression('len(http.request.uri.args.names) eq 0', request())).toBe(true);
  });

  it('a body of exactly the limit is whole; one byte more is truncated', () => {
    expect(evaluateField('http.request.body.truncated', request({ body: 'abcd' }), { bodyLimitBytes: 4 })).toBe(false);
    expect(evaluateField('http.request.body.truncated', request({ body: 'abcde' }), { bodyLimitBytes: 4 })).toBe(true);
  });

  it('normalizes the path the Cloudflare way when no normalization is given (back slashes and repeated slashes)', () => {
    const sent = request({ path: '/api\\\\users//list' });
    expect(evaluateField('http.request.uri.path', sent)).toBe('/api/users/list');
    expect(evaluateExpression('http.request.uri.path eq "/api/users/list"', sent)).toBe(true);
  });
});

describe('operators on text', () => {
  it('contains is literal text, not a pattern', () => {
    expect(evaluateExpression('http.host contains "."', request({ host: 'localhost' }))).toBe(false);
    expect(evaluateExpression('http.request.uri.path contains "a.i"', request())).toBe(false);
    expect(evaluateExpression('http.request.uri.path contains "/api"', request())).toBe(true);
  });

  it('wildcard with a trailing star matches a prefix (a star after a letter is not an escape)', () => {
    expect(evaluateExpression('http.request.uri.path wildcard "/api*"', request())).toBe(true);
    expect(evaluateExpression('http.request.uri.path strict wildcard "/api*"', request())).toBe(true);
    expect(evaluateExpression('http.request.uri.path wildcard "/web*"', request())).toBe(false);
  });

  it('a back slash before anything but a star is a literal back slash', () => {
    const sent = request({ path: '/a\\b/c' });
    expect(evaluateExpression('raw.http.request.uri.path wildcard "/a\\\\b*"', sent)).toBe(true);
    expect(evaluateExpression('raw.http.request.uri.path strict wildcard "/a\\\\b*"', sent)).toBe(true);
  });
});

describe('addresses, ranges and lists', () => {
  it('an address inside an IP range matches it, one outside does not', () => {
    expect(evaluateExpression('ip.src in {192.0.2.1..192.0.2.9}', request({ sourceIp: '192.0.2.5' }))).toBe(true);
    expect(evaluateExpression('ip.src in {192.0.2.1..192.0.2.9}', request({ sourceIp: '192.0.2.10' }))).toBe(false);
  });

  it('a header value that is not an address is in no range or network, and equals no address', () => {
    const forwarded = (value: string) => request({ headers: { 'x-forwarded-for': [value] } });
    for (const condition of ['in {192.0.2.1..192.0.2.9}', 'in {192.0.2.0/24}', 'eq "192.0.2.3"']) {
      const expression = `any(http.request.headers["x-forwarded-for"][*] ${condition})`;
      expect(evaluateExpression(expression, forwarded('unknown')), expression).toBe(false);
      expect(evaluateExpression(expression, forwarded('192.0.2.3')), expression).toBe(true);
    }
  });

  it('an address-valued header equals no word', () => {
    expect(evaluateExpression('any(http.request.headers["x-forwarded-for"][*] eq "unknown")', request({ headers: { 'x-forwarded-for': ['192.0.2.3'] } }))).toBe(
      false,
    );
  });

  it('a list when no lists are given holds nothing', () => {
    expect(evaluateExpression('ip.src in $blocked', request({ sourceIp: '192.0.2.1' }))).toBe(false);
    expect(evaluateExpression('not http.host in $hosts', request())).toBe(true);
  });
});
