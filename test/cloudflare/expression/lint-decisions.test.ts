// The linter's decisions, each with the exact findings (and no more) that an expression Cloudflare
// would reject, or that would silently never match, must raise (mutation testing, issue 28).
// Rules language: https://developers.cloudflare.com/ruleset-engine/rules-language/
import { describe, expect, it } from 'vitest';
import { lintExpression, type LintOptions } from '../../../lib/cloudflare/expression/lint';

const options = (plan: LintOptions['plan'] = 'free', phase = 'http_request_firewall_custom', addOns: LintOptions['addOns'] = []): LintOptions => ({
  phase,
  plan,
  addOns,
});
const findings = (source: string, lintOptions: LintOptions = options()) =>
  lintExpression(source, lintOptions).map(({ code, message }) => `${code}: ${message}`);

describe('types', () => {
  it.each([
    ['http.request.uri.path eq 5', ['type: eq compares a String with an Integer']],
    ['http.request.headers["x"] eq "a"', ['type: eq compares an Array<String> with a String']],
    ['http.request.headers["x"][0] eq "a"', []],
    ['ip.src eq "192.0.2.1"', ['type: eq compares an IP with a String']],
    ['http.host eq $hosts', ['syntax: a $list is allowed only after "in" at 1:14']],
    ['ip.src in $office', []],
    ['http.host in {1 2}', ['type: in compares a String with an Integer']],
    ['ssl eq 1', ['type: eq compares a Boolean with an Integer']],
    ['len(http.host) contains "1"', ['type: contains compares an Integer with a String', 'type: contains works on strings, not on an Integer']],
    ['http.host lt "b"', ['type: lt works on numbers, not on a String']],
    ['cf.bot_management.score ge 30', ['plan-field: cf.bot_management.score needs the enterprise plan or higher, not free, and the Bot Management add-on']],
    ['lower(http.host)', ['not-boolean: lower() is String, not a condition: compare it with a value']],
    ['starts_with(http.host, "a")', []],
    ['any(http.request.headers.names[*] eq "a")', []],
  ] as const)('%s', (source, expected) => {
    expect(findings(source)).toEqual(expected);
  });
});

describe('[*] placement', () => {
  it('is allowed through the first argument of a function inside any(), not through a later one', () => {
    expect(findings('any(lower(http.request.headers.names[*])[*] eq "a")')).toEqual([]);
    expect(findings('any(concat("a", http.request.headers.names[*])[*] eq "a")')).toEqual([
      'misplaced-all: [*] is allowed only inside the first argument of any() or all()',
    ]);
    expect(findings('lower(http.request.headers.names[*])[*] eq "a"').length).toBeGreaterThan(0);
  });
});

describe('phases, plans and add-ons', () => {
  it('refuses a response field before there is a response, also in a rate-limit rule', () => {
    expect(findings('http.response.code eq 404', options('enterprise', 'http_ratelimit'))).toContain(
      'field-phase: http.response.code is a response field: http_ratelimit runs before there is a response',
    );
  });

  it('refuses a function below its plan', () => {
    expect(findings('regex_replace(http.request.uri.path, "a", "b") eq "x"', options('pro', 'http_request_transform'))).toEqual([
      'plan-function: regex_replace() needs the business plan or higher, not pro',
    ]);
    expect(findings('regex_replace(http.request.uri.path, "a", "b") eq "x"', options('business', 'http_request_transform'))).toEqual([]);
  });

  it('refuses a Bot Management field on Enterprise without the add-on, and accepts it with it', () => {
    expect(findings('cf.bot_management.score ge 30', options('enterprise'))).toEqual([
      'addon-field: cf.bot_management.score needs the Bot Management add-on, which the zone does not have (cloudflare.addOns: [botManagement] if it does)',
    ]);
    expect(findings('cf.bot_management.score ge 30', options('enterprise', 'http_request_firewall_custom', ['botManagement']))).toEqual([]);
  });

  it('refuses a body field in a rate-limit rule without Advanced Rate Limiting', () => {
    const body = 'http.request.body.raw contains "a"';
    expect(findings(body, options('enterprise', 'http_ratelimit')).map((finding) => finding.split(':')[0])).toEqual(['addon-ratelimit-field']);
    expect(findings(body, options('enterprise', 'http_ratelimit', ['advancedRateLimiting']))).toEqual([]);
  });
});

describe('header names', () => {
  it('flags an upper-case key on response headers too, and not a lower-case one', () => {
    expect(findings('http.response.headers["X-Id"][0] eq "a"', options('free', 'http_response_headers_transform'))).toEqual([
      'header-case: header names are lowercase in http.response.headers: write ["x-id"], or it never matches',
    ]);
    expect(findings('http.response.headers["x-id"][0] eq "a"', options('free', 'http_response_headers_transform'))).toEqual([]);
  });
});

describe('wildcard patterns', () => {
  it.each([
    ['"/a/**"', true],
    ['"**"', true],
    ['"/a/*"', false],
    ['"/a\\\\**"', false],
    ['"/a\\\\*\\\\*"', false],
  ] as const)('%s holds ** outside an escape: %s', (pattern, flagged) => {
    expect(findings(`http.request.uri.path wildcard ${pattern}`).some((finding) => finding.startsWith('wildcard-pattern'))).toBe(flagged);
    expect(findings(`http.request.uri.path strict wildcard ${pattern}`).some((finding) => finding.startsWith('wildcard-pattern'))).toBe(flagged);
  });
});
