import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutSpans, type Expression, type Operand, type Value } from '../../../lib/cloudflare/expression/ast';
import { ExpressionSyntaxError, parseExpression } from '../../../lib/cloudflare/expression/parse';
import { printExpression } from '../../../lib/cloudflare/expression/print';

// Modelled on the expressions in Cloudflare's Rules language, WAF and rate limiting documentation.
const VALID = [
  'http.request.uri.path contains "/api/"',
  'http.request.uri.path eq "/login"',
  'http.request.uri.path == "/login"',
  'http.request.uri.path ne "/health"',
  'http.host eq "www.example.com"',
  'http.host in {"example.com" "www.example.com"}',
  'http.request.method eq "POST"',
  'http.request.method in {"PUT" "DELETE" "PATCH"}',
  'not http.request.method in {"GET" "HEAD"}',
  'http.request.uri.query contains "UNION"',
  'http.request.uri.query contains "\'"',
  'http.request.uri.query contains "<script"',
  'http.request.uri.query contains "javascript:"',
  'http.request.uri.path contains ".."',
  'http.request.uri.path contains "%2e%2e"',
  'http.user_agent contains "sqlmap"',
  'cf.client.bot',
  'not cf.client.bot',
  '!cf.client.bot',
  'ssl',
  'not ssl',
  'cf.client.bot or http.user_agent contains "nikto"',
  '(http.request.uri.path contains "/api/auth/login" or http.request.uri.path contains "/api/auth/register")',
  'http.request.uri.query contains "\'" and http.request.uri.query contains "OR"',
  'ip.src eq 203.0.113.10',
  'ip.src ne 2001:db8::1',
  'ip.src in {192.0.2.0/24}',
  'ip.src in {192.0.2.0/24 198.51.100.0/24 2001:db8::/32}',
  'ip.src in {192.0.2.1..192.0.2.100}',
  'ip.src in $office_ips',
  'not ip.src in $allowed_ips',
  'ip.src.country in {"RU" "KP"}',
  'ip.src.country eq "T1"',
  'ip.src.continent eq "T1"',
  'ip.src.asnum in {12345 54321}',
  'tcp.dstport in {80 443 8000..8009}',
  'cf.waf.score lt 20',
  'cf.waf.score le 20',
  'cf.bot_management.score gt 30',
  'cf.bot_management.score ge 30',
  'cf.waf.score.class eq "attack"',
  'http.request.headers["x-user-id"][0] eq "42"',
  'any(http.request.headers["x-forwarded-for"][*] contains "10.")',
  'all(http.request.headers["accept"][*] ne "")',
  'any(http.request.uri.args.names[*] == "token")',
  'http.request.uri.args["id"][0] eq "1"',
  'len(http.request.uri.path) gt 2048',
  'lower(http.request.uri.path) eq "/admin"',
  'upper(http.request.method) eq "GET"',
  'starts_with(http.request.uri.path, "/api/")',
  'ends_with(http.request.uri.path, ".php")',
  'url_decode(http.request.uri.query) contains "union select"',
  'url_decode(http.request.uri.query, "r") contains "../"',
  'http.request.uri.path matches "^/api/v[0-9]+/"',
  'http.request.uri.path ~ r"^/api/v[0-9]+/"',
  'http.request.full_uri matches r#"^https://[a-z]+\\.example\\.com/"#',
  'http.request.uri.path wildcard "/api/*/users"',
  'http.request.full_uri strict wildcard "https://example.com/*"',
  'http.request.uri.path.extension in {"php" "asp" "aspx"}',
  'http.request.version in {"HTTP/1.0" "HTTP/1.1"}',
  'http.referer eq ""',
  'http.request.uri.query contains "\\x41"',
  'http.request.uri.query contains "\\101"',
  'http.user_agent eq "quote \\" and backslash \\\\"',
  'true',
  'false',
  'http.host eq "a" && ssl || !cf.client.bot',
  'http.host eq "a" xor http.host eq "b"',
  'http.host eq "a" ^^ http.host eq "b"',
  'not (http.host eq "a" or http.host eq "b")',
  'http.request.uri.path eq "/login" and http.request.method eq "POST" and not ip.src in $trusted',
  'tcp.flags & 2',
  'tcp.flags bitwise_and 2',
  'is_timed_hmac_valid_v0("secret", http.request.uri, 10800, http.request.timestamp.sec, 8)',
  'not(ssl)',
  'not(http.host eq "a")',
  'ip.src in $cf.open_proxies',
];

const INVALID: [string, RegExp][] = [
  ['', /expected a field or a function, found the end/],
  ['http.host eq', /expected a value/],
  ['http.host eq "a', /unterminated string/],
  ['http.host eq "\\d"', /invalid escape \\d/],
  ['http.host eq "\\n"', /invalid escape \\n/],
  ['http.host eq "\\x4"', /invalid escape/],
  ['ip.src eq 192.0.2.0/24', /CIDR block is allowed only inside a set/],
  ['(http.host eq "a"', /expected a closing parenthesis/],
  ['http.host eq "a")', /unexpected "\)"/],
  ['http.host equals "a"', /unknown operator "equals"/],
  ['http.host in {1 "a"}', /a set mixes number and string values/],
  ['http.host in {}', /a set needs at least one value/],
  ['http.host in {"a"', /expected a closing brace/],
  ['http.host in "a"', /expected a set in braces or a \$list/],
  ['http.host eq $list', /a \$list is allowed only after "in"/],
  ['http.host eq "a" and', /expected a field or a function/],
  ['http.host eq "a" or or http.host eq "b"', /expected a field or a function, found the operator "or"/],
  ['HTTP.host eq "a"', /expected a field or a function, found "HTTP.host"/],
  ['http.host eq "a" "b"', /unexpected/],
  ['http.request.headers[x] eq "a"', /expected a string key, a position or \*/],
  ['http.request.headers["x"', /expected a closing bracket/],
  ['lower(http.host eq "a"', /expected a comma or a closing parenthesis/],
  ['ip.src in {300.1.1.1}', /is not an IP address/],
  ['ip.src in {192.0.2.0/33}', /is not an IP address or CIDR block/],
  ['ip.src in {"a".."b"}', /a range joins two numbers or two IP addresses/],
  ['http.host strict "a"', /"strict" must be followed by "wildcard"/],
  ['http.host eq r"abc', /unterminated raw string/],
  ['http.host eq r#"abc"', /unterminated raw string/],
  ['tcp.dstport eq 80abc', /after the number 80/],
  ['not', /expected a field or a function/],
  ['http.host eq "a" and (', /expected a field or a function/],
  ['1 eq 1', /expected a field or a function, found "1"/],
  ['http.host eq "\\400"', /invalid escape \\4/],
  ['ip.src in {192.0.2.1/24}', /is not an IP address or CIDR block/],
  ['ip.src in {1:2}', /is not an IP address or CIDR block/],
  ['ip.src eq 2001:db8:1', /is not an IP address/],
  ['tcp.dstport in {9..1}', /runs backwards/],
  ['ip.src in {192.0.2.1..2001:db8::1}', /same family, without prefixes/],
  ['http.host\teq "a"', /./],
];

describe('parseExpression', () => {
  it('has at least 60 valid and 30 invalid cases', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(60);
    expect(INVALID.length).toBeGreaterThanOrEqual(30);
  });

  it.each(VALID)('accepts %s and round-trips it through the printer', (source) => {
    const tree = parseExpression(source);
    expect(withoutSpans(parseExpression(printExpression(tree)))).toEqual(withoutSpans(tree));
  });

  it.each(INVALID)('rejects %j with a position and a reason', (source, reason) => {
    let error: unknown;
    try {
      parseExpression(source);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    const syntax = error as ExpressionSyntaxError;
    expect(syntax.reason).toMatch(reason);
    expect(syntax.offset).toBeGreaterThanOrEqual(0);
    expect(syntax.offset).toBeLessThanOrEqual(source.length);
    expect(syntax.message).toMatch(/ at \d+:\d+$/);
  });

  it('binds not, and, xor, or from tightest to loosest', () => {
    const tree = parseExpression('a or b xor c and not d') as Expression & { kind: 'logical' };
    expect(printExpression(tree)).toBe('a or b xor c and not d');
    expect(tree.operator).toBe('or');
    expect((tree.right as Expression & { kind: 'logical' }).operator).toBe('xor');
  });

  it('keeps the value of escapes and raw strings', () => {
    const value = (source: string) => ((parseExpression(source) as Expression & { kind: 'comparison' }).right as Value & { kind: 'string' }).value;
    expect(value('http.host eq "a\\"b\\\\c\\x41\\101"')).toBe('a"b\\cAA');
    expect(value('http.host matches r#"a"b\\d"#')).toBe('a"b\\d');
  });

  it('points at the line and column of the problem', () => {
    try {
      parseExpression('http.host eq "a"\nand http.host eq "\\q"');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ line: 2, column: 19 });
    }
  });
});

describe('print and parse round trip (property)', () => {
  const fieldName = fc.constantFrom('http.host', 'http.request.uri.path', 'http.request.method', 'ip.src', 'cf.waf.score', 'http.user_agent');
  const text = fc.string({ maxLength: 12 });
  const value: fc.Arbitrary<Value> = fc.oneof(
    text.map((v) => ({ kind: 'string' as const, value: v, span: { start: 0, end: 0 } })),
    fc.nat({ max: 65_535 }).map((v) => ({ kind: 'number' as const, value: v, span: { start: 0, end: 0 } })),
    fc.constantFrom('192.0.2.1', '2001:db8::1').map((v) => ({ kind: 'ip' as const, value: v, span: { start: 0, end: 0 } })),
  );
  const operand: fc.Arbitrary<Operand> = fc.oneof(
    fieldName.map((name) => ({ kind: 'field' as const, name, indexes: [], span: { start: 0, end: 0 } })),
    fieldName.map((name) => ({
      kind: 'call' as const,
      name: 'lower',
      args: [{ kind: 'field' as const, name, indexes: [], span: { start: 0, end: 0 } }],
      indexes: [],
      span: { start: 0, end: 0 },
    })),
  );
  const tree = fc.letrec<{ expression: Expression }>((tie) => ({
    expression: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        kind: fc.constant('comparison' as const),
        left: operand,
        operator: fc.constantFrom('eq' as const, 'ne' as const, 'contains' as const, 'lt' as const),
        right: value,
        span: fc.constant({ start: 0, end: 0 }),
      }),
      fc.record({ kind: fc.constant('boolean' as const), value: fc.boolean(), span: fc.constant({ start: 0, end: 0 }) }),
      fc.record({ kind: fc.constant('not' as const), operand: tie('expression'), span: fc.constant({ start: 0, end: 0 }) }),
      fc.record({
        kind: fc.constant('logical' as const),
        operator: fc.constantFrom('and' as const, 'or' as const, 'xor' as const),
        left: tie('expression'),
        right: tie('expression'),
        span: fc.constant({ start: 0, end: 0 }),
      }),
    ),
  })).expression;

  it('parse(print(tree)) equals tree for any tree', () => {
    fc.assert(
      fc.property(tree, (expression) => {
        expect(withoutSpans(parseExpression(printExpression(expression)))).toEqual(withoutSpans(expression));
      }),
      { numRuns: 500, seed: 42 },
    );
  });
});
