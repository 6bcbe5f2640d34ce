import { describe, expect, it } from 'vitest';
import { lintExpression, MAX_EXPRESSION_LENGTH, type LintOptions } from '../../../lib/cloudflare/expression/lint';

const custom = (plan: LintOptions['plan'] = 'free'): LintOptions => ({ phase: 'http_request_firewall_custom', plan });
const codes = (source: string, options: LintOptions = custom()) => lintExpression(source, options).map((finding) => finding.code);

describe('lintExpression', () => {
  it.each([
    'http.request.uri.path contains "/api/"',
    'ip.src in {192.0.2.0/24 2001:db8::/32}',
    'ip.src in $office',
    'any(http.request.headers["x-forwarded-for"][*] contains "10.")',
    'len(http.request.uri.path) gt 2048',
    'lower(http.host) eq "example.com"',
    'cf.client.bot or http.user_agent contains "sqlmap"',
    'cf.edge.server_port in {80 443 8000..8009}',
    'true',
    'any(lower(http.request.headers.names[*])[*] eq "x-debug")',
    'any(url_decode(http.request.uri.args.values[*])[*] contains "<script")',
    'raw.http.request.uri.path contains "../"',
    'any(raw.http.request.uri.args.names[*] eq "a")',
    'http.request.uri.path wildcard "/a\\\\**"',
  ])('finds nothing wrong with %s on the free plan', (source) => {
    expect(lintExpression(source, custom())).toEqual([]);
  });

  it.each([
    ['http.host eq "a', 'syntax'],
    ['cf.threat_score gt 10', 'forbidden-field'],
    ['cf.colo.id eq 12', 'forbidden-field'],
    ['http.request.headers["X-User-Id"][0] eq "1"', 'header-case'],
    ['http.request.uri.path matches "^/api"', 'plan-regex'],
    ['http.request.uri.path eq 5', 'type'],
    ['http.request.uri.path gt "a"', 'type'],
    ['cf.edge.server_port contains "8"', 'type'],
    ['tcp.dstport in {80 443}', 'field-phase'],
    ['http.host', 'not-boolean'],
    ['http.request.headers["x"][*] eq "a"', 'misplaced-all'],
    ['lower(http.request.headers.names[*])[0] eq "a"', 'misplaced-all'],
    ['http.request.uri.path wildcard "/api/**"', 'wildcard-pattern'],
    ['http.request.uri.path wildcard r"/a\\\\**"', 'wildcard-pattern'],
    ['http.response.code eq 404', 'field-phase'],
    ['regex_replace(http.request.uri.path, "a", "b") eq "x"', 'function-phase'],
    ['http.reqest.uri.path eq "a"', 'unknown-field'],
    ['lowercase(http.host) eq "a"', 'unknown-function'],
    ['cf.waf.score lt 20', 'plan-field'],
    ['http.request.cookies["session"][0] eq "x"', 'plan-field'],
  ])('flags %s as %s', (source, code) => {
    expect(codes(source)).toContain(code);
  });

  it('suggests the field that was meant', () => {
    expect(lintExpression('http.reqest.uri.path eq "a"', custom())[0].message).toBe('unknown field http.reqest.uri.path; did you mean http.request.uri.path?');
  });

  it('allows regular expressions and Enterprise fields on the plans that have them', () => {
    expect(codes('http.request.uri.path matches "^/api"', custom('business'))).toEqual([]);
    expect(codes('cf.waf.score lt 20', custom('enterprise'))).toEqual([]);
  });

  it('limits rate-limit expressions to the fields the plan allows there', () => {
    const ratelimit = (plan: LintOptions['plan']): LintOptions => ({ phase: 'http_ratelimit', plan });
    expect(codes('http.request.uri.path eq "/login"', ratelimit('free'))).toEqual([]);
    expect(codes('http.request.method eq "POST"', ratelimit('free'))).toEqual(['plan-ratelimit-field']);
    expect(codes('http.request.method eq "POST"', ratelimit('business'))).toEqual([]);
    expect(codes('http.request.uri.query contains "a"', ratelimit('pro'))).toEqual([]);
  });

  it(`refuses expressions longer than ${MAX_EXPRESSION_LENGTH} characters`, () => {
    const long = Array.from({ length: 200 }, (_, i) => `http.request.uri.path eq "/path-number-${i}"`).join(' or ');
    expect(long.length).toBeGreaterThan(MAX_EXPRESSION_LENGTH);
    expect(codes(long)).toEqual(['too-long']);
  });

  it('places each finding on the part of the expression at fault', () => {
    const [finding] = lintExpression('http.host eq "a" and cf.threat_score gt 10', custom());
    expect(finding.span).toEqual({ start: 21, end: 36 });
  });
});
