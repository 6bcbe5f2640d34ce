import { RE2JS } from 're2js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVALUATED_FIELDS, evaluateExpression, evaluateField, unevaluableReason, type EdgeRequest } from '../../../lib/cloudflare/expression/evaluate';
import { parseExpression } from '../../../lib/cloudflare/expression/parse';

/** Cases reordered so a test's name shows the expression and the expected value, not the request. */
const byExpression = (cases: readonly (readonly [string, EdgeRequest, boolean])[]) =>
  cases.map(([expression, edgeRequest, expected]) => [expression, expected, edgeRequest] as const);

const request = (extra: Partial<EdgeRequest> = {}): EdgeRequest => ({ method: 'GET', host: 'api.example.com', path: '/', ...extra });

// Functions: https://developers.cloudflare.com/ruleset-engine/rules-language/functions/
describe('functions as the reference states them', () => {
  it.each(
    byExpression([
      // lower()/upper() change ASCII letters only.
      ['lower(http.user_agent) eq "émile/1 ÄÖ"', request({ headers: { 'user-agent': ['éMILE/1 ÄÖ'] } }), true],
      ['upper(http.user_agent) eq "éMILE/1 äö"', request({ headers: { 'user-agent': ['émile/1 äö'] } }), true],
      // len() counts bytes: é is two in UTF-8.
      ['len(http.user_agent) eq 5', request({ headers: { 'user-agent': ['café'] } }), true],
      // …and the elements of an array.
      ['len(http.request.uri.args.values) eq 3', request({ query: 'a=1&a=2&b=3' }), true],
      // remove_bytes(): every listed byte removed.
      ['remove_bytes(http.user_agent, "\\x00/ ") eq "sqlmap17"', request({ headers: { 'user-agent': ['sql map/1\u00007'] } }), true],
      ['decode_base64(http.request.headers["x-data"][0]) eq "union select"', request({ headers: { 'x-data': ['dW5pb24gc2VsZWN0'] } }), true],
      ['url_decode(http.request.uri.query) eq "q=%20"', request({ query: 'q=%2520' }), true],
      ['url_decode(http.request.uri.query, "r") eq "q= "', request({ query: 'q=%2520' }), true],
      ['url_decode(http.request.uri.query, "u") eq "q=☁"', request({ query: 'q=%u2601' }), true],
      ['url_decode(http.request.uri.query) eq "q=%zz<"', request({ query: 'q=%zz%3C' }), true],
      ['starts_with(http.request.uri.path, "/api/")', request({ path: '/api/x' }), true],
      ['ends_with(http.request.uri.path, ".php")', request({ path: '/x.php' }), true],
      ['concat(http.request.method, " ", http.request.uri.path) eq "GET /x"', request({ path: '/x' }), true],
      // join(): "the concatenation of the strings in items with the separator between each item"
      // (https://developers.cloudflare.com/ruleset-engine/rules-language/functions/#join).
      ['join(http.request.headers.names, ",") eq "a,b"', request({ headers: { a: ['1'], b: ['2'] } }), true],
      ['join(http.request.headers.values, "|") eq "1|2|3"', request({ headers: { a: ['1', '2'], b: ['3'] } }), true],
      ['join(http.request.headers.values, ",") eq ""', request({ headers: {} }), true],
    ] as const),
  )('%s is %s', (expression, expected, edgeRequest) => {
    expect(evaluateExpression(expression, edgeRequest)).toBe(expected);
  });
});

// Fields: https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/
describe('fields', () => {
  it.each(
    byExpression([
      // Normalized path for http.request.uri.path (https://developers.cloudflare.com/rules/normalization/), as sent for raw.*.
      ['http.request.uri.path eq "/etc/passwd"', request({ path: '/a/../etc/passwd' }), true],
      ['raw.http.request.uri.path eq "/a/../etc/passwd"', request({ path: '/a/../etc/passwd' }), true],
      ['http.request.uri eq "/hello/pa/th?x=%41"', request({ path: '/%68ello//pa\\th', query: 'x=%41' }), true],
      ['raw.http.request.uri eq "/%68ello//pa\\\\th?x=%41"', request({ path: '/%68ello//pa\\th', query: 'x=%41' }), true],
      ['http.request.full_uri eq "https://h/admin"', request({ host: 'h', path: '/x/%2e%2e/admin' }), true],
      ['raw.http.request.full_uri eq "https://h/x/%2e%2e/admin"', request({ host: 'h', path: '/x/%2e%2e/admin' }), true],
      // args.values: "No decoding performed", in request order, duplicates listed.
      ['any(http.request.uri.args.values[*] eq "red+apples")', request({ query: 'a=red+apples&b=1' }), true],
      ['http.request.uri.args.values[2] eq "1"', request({ query: 'a=x&a=y&b=1' }), true],
      ['any(url_decode(http.request.uri.args.values[*])[*] contains "<script")', request({ query: 'q=%3Cscript%3E' }), true],
      ['any(raw.http.request.uri.args.names[*] eq "q")', request({ query: 'q=1' }), true],
      ['any(http.request.headers.values[*] eq "b")', request({ headers: { x: ['a'], y: ['b'] } }), true],
      ['http.request.headers["constructor"][0] eq "x"', request({ headers: { constructor: ['x'] } }), true],
      ['http.request.cookies["session"][0] eq "abc"', request({ headers: { cookie: ['theme=dark; session=abc'] } }), true],
      ['http.request.body.raw contains "union select"', request({ body: 'q=1 union select' }), true],
      ['http.request.body.size eq 16', request({ body: 'q=1 union select' }), true],
      ['http.request.body.truncated', request({ body: 'x'.repeat(200 * 1024) }), true],
      ['http.request.body.truncated', request({ body: 'x' }), false],
    ] as const),
  )('%s is %s', (expression, expected, edgeRequest) => {
    expect(evaluateExpression(expression, edgeRequest)).toBe(expected);
  });

  it('reads the body only up to the body limit', () => {
    const body = `${'x'.repeat(10)}attack`;
    expect(evaluateExpression('http.request.body.raw contains "attack"', request({ body }), { bodyLimitBytes: 10 })).toBe(false);
    expect(evaluateExpression('http.request.body.raw contains "attack"', request({ body }))).toBe(true);
  });

  it('applies no normalization when the zone has it off', () => {
    expect(evaluateExpression('http.request.uri.path eq "/a/../b"', request({ path: '/a/../b' }), { urlNormalization: 'none' })).toBe(true);
  });

  it('evaluates a 1 MB query in bounded time', () => {
    const query = `q=${'%41'.repeat(350_000)}`;
    const started = Date.now();
    expect(evaluateExpression('url_decode(http.request.uri.query, "r") contains "AAAA"', request({ query }))).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('compiled once', () => {
  afterEach(() => vi.restoreAllMocks());

  it('compiles a matches pattern once, not per request', () => {
    const compile = vi.spyOn(RE2JS, 'compile');
    const tree = parseExpression('http.request.uri.path matches "^/only-once-[0-9]+$"');
    for (let i = 0; i < 100; i += 1) expect(evaluateExpression(tree, request({ path: `/only-once-${i}` }))).toBe(true);
    expect(compile).toHaveBeenCalledTimes(1);
  });
});

describe('the fields and functions it says it models', () => {
  it('evaluates every field in EVALUATED_FIELDS without refusing it', () => {
    const full = request({ query: 'a=1', headers: { cookie: ['a=1'], 'user-agent': ['x'] }, body: 'b', sourceIp: '192.0.2.1', country: 'DE' });
    for (const name of EVALUATED_FIELDS) expect(() => evaluateField(name, full), name).not.toThrow();
  });

  it('refuses a field outside EVALUATED_FIELDS', () => {
    expect(() => evaluateField('cf.threat_score', request())).toThrow(/does not model the field cf.threat_score/);
  });
});

describe('unevaluableReason', () => {
  it('names a field the evaluator does not model', () => {
    expect(unevaluableReason(parseExpression('cf.waf.score lt 20'))).toMatch(/field cf.waf.score/);
  });

  it('names a function it does not implement', () => {
    expect(unevaluableReason(parseExpression('sha256(http.host) eq "x"'))).toMatch(/sha256\(\)/);
  });

  it('says nothing for an expression it can evaluate', () => {
    expect(unevaluableReason(parseExpression('lower(http.user_agent) contains "x" and ip.src in {192.0.2.0/24}'))).toBeUndefined();
  });
});
