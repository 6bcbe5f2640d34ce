// Each operator, field and function of the evaluator on a request it must match and one it must
// not: an operator that matched everything or was inverted would fail here (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import { evaluateExpression, type EdgeRequest } from '../../../lib/cloudflare/expression/evaluate';

const request = (extra: Partial<EdgeRequest> = {}): EdgeRequest => ({ method: 'GET', host: 'api.example.com', path: '/api/users', ...extra });
const from = (sourceIp: string) => request({ sourceIp });

describe('comparisons on ip.src', () => {
  it.each([
    ['ip.src eq 192.0.2.1', from('192.0.2.1'), true],
    ['ip.src eq 192.0.2.1', from('192.0.2.2'), false],
    ['ip.src eq 2001:db8::1', from('2001:0db8:0000::1'), true],
    ['ip.src eq 2001:db8::1', from('2001:db8::2'), false],
    ['ip.src ne 192.0.2.1', from('192.0.2.1'), false],
    ['ip.src ne 192.0.2.1', from('192.0.2.2'), true],
    ['ip.src eq 192.0.2.1', request(), false],
    ['ip.src ne 192.0.2.1', request(), false],
    ['ip.src in {192.0.2.0/24}', from('2001:db8::1'), false],
    ['ip.src in {2001:db8::/32}', from('192.0.2.1'), false],
    ['ip.src in {192.0.2.1 192.0.2.3}', from('192.0.2.3'), true],
    ['ip.src in {192.0.2.1 192.0.2.3}', from('192.0.2.2'), false],
    ['ip.src in {192.0.2.1..192.0.2.9}', from('192.0.2.1'), true],
    ['ip.src in {192.0.2.1..192.0.2.9}', from('192.0.2.9'), true],
    ['ip.src in {192.0.2.1..192.0.2.9}', from('192.0.2.10'), false],
    ['ip.src in {192.0.2.2..192.0.2.9}', from('192.0.2.1'), false],
    ['ip.src in {192.0.2.1..192.0.2.9}', from('not-an-ip'), false],
    ['ip.src in $office', from('203.0.113.9'), true],
    ['ip.src in $office', from('198.51.100.9'), false],
    ['ip.src in $office', from('192.0.2.44'), true],
    ['ip.src in $nobody', from('203.0.113.9'), false],
  ] as const)('%s on %j is %s', (expression, edgeRequest, expected) => {
    expect(evaluateExpression(expression, edgeRequest, { lists: { office: ['203.0.113.0/24', '192.0.2.44'] } })).toBe(expected);
  });
});

describe('comparisons on strings and numbers', () => {
  it.each([
    ['http.request.method eq "GET"', request(), true],
    ['http.request.method eq "POST"', request(), false],
    ['http.request.method ne "GET"', request(), false],
    ['http.request.method ne "POST"', request(), true],
    ['len(http.request.uri.path) lt 10', request(), false],
    ['len(http.request.uri.path) lt 11', request(), true],
    ['len(http.request.uri.path) le 10', request(), true],
    ['len(http.request.uri.path) le 9', request(), false],
    ['len(http.request.uri.path) gt 10', request(), false],
    ['len(http.request.uri.path) gt 9', request(), true],
    ['len(http.request.uri.path) ge 10', request(), true],
    ['len(http.request.uri.path) ge 11', request(), false],
    ['len(http.request.uri.path) bitwise_and 2', request(), true],
    ['len(http.request.uri.path) bitwise_and 5', request(), false],
    ['http.request.uri.path contains "users"', request(), true],
    ['http.request.uri.path contains "admin"', request(), false],
    ['http.request.uri.path matches "^/api/[a-z]+$"', request(), true],
    ['http.request.uri.path matches "^/web"', request(), false],
    ['http.request.uri.path wildcard "/API/*"', request(), true],
    ['http.request.uri.path wildcard "/web/*"', request(), false],
    ['http.request.uri.path wildcard "*/users"', request(), true],
    ['http.request.uri.path wildcard "/api/users"', request(), true],
    ['http.request.uri.path wildcard "/api/user"', request(), false],
    ['http.request.uri.path wildcard "/a*i*s"', request(), true],
    ['http.request.uri.path wildcard "/a*x*s"', request(), false],
    ['http.request.uri.path wildcard "/api/users*"', request(), true],
    ['http.request.uri.path wildcard "/api*/api/users"', request(), false],
    ['http.request.uri.path wildcard "/api/\\\\*"', request({ path: '/api/*' }), true],
    ['http.request.uri.path wildcard "/api/\\\\*"', request(), false],
    ['http.request.uri.path strict wildcard "/api/*"', request(), true],
    ['http.request.uri.path in {"/api/users" "/x"}', request(), true],
    ['http.request.uri.path in {"/x" "/y"}', request(), false],
    ['len(http.request.uri.path) in {1..10}', request(), true],
    ['len(http.request.uri.path) in {1..9}', request(), false],
    ['len(http.request.uri.path) in {11..20}', request(), false],
    ['ssl', request(), true],
    ['ssl', request({ ssl: false }), false],
    ['not ssl', request({ ssl: false }), true],
    ['cf.bot_management.verified_bot', request({ verifiedBot: true }), true],
    ['cf.client.bot', request(), false],
  ] as const)('%s on %j is %s', (expression, edgeRequest, expected) => {
    expect(evaluateExpression(expression, edgeRequest)).toBe(expected);
  });
});

describe('fields', () => {
  const full = request({
    query: 'id=1&tag=a+b&tag=c%20d&bad=%E0',
    headers: { 'user-agent': ['curl/8'], referer: ['https://r.example'], cookie: ['a=1', 'b=2'], 'x-id': ['7', '8'] },
    ssl: false,
    country: 'DE',
  });

  it.each([
    ['http.host eq "api.example.com"', true],
    ['http.request.uri.query eq "id=1&tag=a+b&tag=c%20d&bad=%E0"', true],
    ['http.request.uri eq "/api/users?id=1&tag=a+b&tag=c%20d&bad=%E0"', true],
    ['http.request.full_uri eq "http://api.example.com/api/users?id=1&tag=a+b&tag=c%20d&bad=%E0"', true],
    ['http.user_agent eq "curl/8"', true],
    ['http.referer eq "https://r.example"', true],
    ['http.cookie eq "a=1; b=2"', true],
    ['http.request.headers["x-id"][1] eq "8"', true],
    ['http.request.headers["x-id"][2] eq "8"', false],
    ['any(http.request.headers.names[*] eq "referer")', true],
    // Arguments are not decoded: https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/http.request.uri.args/
    ['http.request.uri.args["tag"][0] eq "a+b"', true],
    ['http.request.uri.args["tag"][1] eq "c%20d"', true],
    ['http.request.uri.args["tag"][0] eq "a b"', false],
    ['http.request.uri.args["bad"][0] eq "%E0"', true],
    ['any(http.request.uri.args.names[*] eq "id")', true],
    ['ip.src.country eq "DE"', true],
    ['http.request.uri.path.extension eq ""', true],
  ] as const)('%s on a full request is %s', (expression, expected) => {
    expect(evaluateExpression(expression, full)).toBe(expected);
  });

  it('reads the URI without a query, an https full URI, and missing headers as empty', () => {
    expect(evaluateExpression('http.request.uri eq "/api/users"', request())).toBe(true);
    expect(evaluateExpression('http.request.full_uri eq "https://api.example.com/api/users"', request())).toBe(true);
    expect(evaluateExpression('http.user_agent eq "" and http.referer eq "" and http.cookie eq ""', request())).toBe(true);
    expect(evaluateExpression('any(http.request.headers.names[*] eq "x")', request())).toBe(false);
    expect(evaluateExpression('http.request.uri.path.extension eq "json"', request({ path: '/a.b/file.JSON' }))).toBe(true);
  });
});

describe('functions and logic', () => {
  it.each([
    ['upper(http.request.uri.path) eq "/API/USERS"', true],
    ['ends_with(http.request.uri.path, "/users")', true],
    ['ends_with(http.request.uri.path, "/api")', false],
    ['starts_with(http.request.uri.path, "/users")', false],
    ['concat(http.host, http.request.uri.path) eq "api.example.com/api/users"', true],
    ['url_decode("%2Fa") eq "/a"', true],
    ['http.request.method eq "GET" and http.host eq "x"', false],
    ['http.request.method eq "GET" or http.host eq "x"', true],
    ['http.request.method eq "POST" or http.host eq "x"', false],
    ['http.request.method eq "GET" xor http.host eq "x"', true],
    ['true', true],
    ['false', false],
    ['any(http.request.headers["x-id"][*] eq "9")', false],
    ['all(http.request.headers["x-id"][*] ne "9")', true],
    ['not any(http.request.headers["x-id"][*] eq "8")', false],
  ] as const)('%s is %s', (expression, expected) => {
    expect(evaluateExpression(expression, request({ headers: { 'x-id': ['7', '8'] } }))).toBe(expected);
  });

  it('refuses a function it does not implement instead of guessing', () => {
    expect(() => evaluateExpression('regex_replace(http.request.uri.path, "a", "b") eq "x"', request())).toThrow(/does not implement regex_replace\(\)/);
  });
});
