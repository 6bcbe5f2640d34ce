// The linter's decisions, each with the exact findings (and no more) that an expression Cloudflare
// would reject, or that would silently never match, must raise (mutation testing, issue 28).
// Rules language: https://developers.cloudflare.com/ruleset-engine/rules-language/
import { describe, expect, it } from 'vitest';
import { lintExpression, MAX_EXPRESSION_LENGTH, type LintOptions } from '../../../lib/cloudflare/expression/lint';

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

describe('length', () => {
  const ofLength = (length: number) => `http.request.uri.path eq "${'a'.repeat(length - 'http.request.uri.path eq ""'.length)}"`;

  it(`accepts an expression of exactly ${MAX_EXPRESSION_LENGTH} characters`, () => {
    expect(ofLength(MAX_EXPRESSION_LENGTH)).toHaveLength(MAX_EXPRESSION_LENGTH);
    expect(findings(ofLength(MAX_EXPRESSION_LENGTH))).toEqual([]);
  });

  it('refuses one character more, saying how long it is, and marks the characters past the limit', () => {
    const source = ofLength(MAX_EXPRESSION_LENGTH + 1);
    expect(lintExpression(source, options())).toEqual([
      {
        code: 'too-long',
        message: `the expression has ${MAX_EXPRESSION_LENGTH + 1} characters; Cloudflare accepts at most ${MAX_EXPRESSION_LENGTH}`,
        span: { start: MAX_EXPRESSION_LENGTH, end: MAX_EXPRESSION_LENGTH + 1 },
      },
    ]);
  });
});

describe('syntax', () => {
  it('places a syntax error where the parser stopped', () => {
    expect(lintExpression('http.host eq $hosts', options())).toEqual([
      { code: 'syntax', message: 'a $list is allowed only after "in" at 1:14', span: { start: 13, end: 13 } },
    ]);
  });
});

describe('conditions', () => {
  it('checks the condition under not', () => {
    expect(findings('not http.host eq 5')).toEqual(['type: eq compares a String with an Integer']);
    expect(findings('not http.hots eq "a"')).toEqual(['unknown-field: unknown field http.hots; did you mean http.host?']);
  });

  it('checks each condition inside any() and all(), of every kind', () => {
    expect(findings('any(http.host eq "a" or http.hots eq "b")')).toEqual(['unknown-field: unknown field http.hots; did you mean http.host?']);
    expect(findings('any(not http.hots eq "b")')).toEqual(['unknown-field: unknown field http.hots; did you mean http.host?']);
    expect(findings('any(http.hots)')).toEqual(['unknown-field: unknown field http.hots; did you mean http.host?']);
  });

  it('lets [*] through the first argument of all() as of any()', () => {
    expect(findings('all(http.request.headers.names[*] eq "a")')).toEqual([]);
  });

  it('names a field that is not a condition without parentheses', () => {
    expect(findings('http.host')).toEqual(['not-boolean: http.host is String, not a condition: compare it with a value']);
  });

  it('says only that a field is unknown, not also that it is no condition or of the wrong type', () => {
    expect(findings('http.hots')).toEqual(['unknown-field: unknown field http.hots; did you mean http.host?']);
    expect(findings('http.hots eq 5')).toEqual(['unknown-field: unknown field http.hots; did you mean http.host?']);
  });
});

describe('suggestions', () => {
  it('suggests a name at most three edits away, and none further', () => {
    expect(findings('http.hostxyz eq "a"')).toEqual(['unknown-field: unknown field http.hostxyz; did you mean http.host?']);
    expect(findings('http.hostwxyz eq "a"')).toEqual(['unknown-field: unknown field http.hostwxyz']);
  });

  it('suggests the function that was meant', () => {
    expect(findings('upperr(http.host) eq "a"')).toEqual(['unknown-function: unknown function upperr(); did you mean upper?']);
  });
});

describe('function arguments', () => {
  it('checks the fields passed to a function', () => {
    expect(findings('lower(http.hots) eq "a"')).toEqual(['unknown-field: unknown field http.hots; did you mean http.host?']);
  });

  it('checks the functions called inside a function', () => {
    expect(findings('lower(upperr(http.host)) eq "a"')).toEqual(['unknown-function: unknown function upperr(); did you mean upper?']);
    expect(findings('concat(len(http.host)) eq "a"')).toEqual(['type: eq compares an Integer with a String']);
  });

  it('gives concat() the type of its first argument, not of a later one', () => {
    expect(findings('concat(http.host, 1) eq "a"')).toEqual([]);
    expect(findings('concat(http.host, 1) eq 1')).toEqual(['type: eq compares a String with an Integer']);
  });

  it('gives a literal first argument its own type', () => {
    expect(findings('concat("a") eq 1')).toEqual(['type: eq compares a String with an Integer']);
    expect(findings('concat(1) eq "a"')).toEqual(['type: eq compares an Integer with a String']);
    expect(findings('concat(192.0.2.1) eq "a"')).toEqual(['type: eq compares an IP with a String']);
  });
});

describe('literals', () => {
  it('types an IP address literal as an IP', () => {
    expect(findings('ip.src eq 192.0.2.1')).toEqual([]);
    expect(findings('http.host eq 192.0.2.1')).toEqual(['type: eq compares a String with an IP']);
  });

  it('types a set by its first item, also when that item is a range', () => {
    expect(findings('cf.edge.server_port in {8000..8009 443}')).toEqual([]);
    expect(findings('http.host in {8000..8009}')).toEqual(['type: in compares a String with an Integer']);
  });

  it('accepts only an integer for a Number field', () => {
    expect(findings('ip.src.asnum eq 13335')).toEqual([]);
    expect(findings('ip.src.asnum eq "13335"')).toEqual(['type: eq compares a Number with a String']);
  });

  it('writes "a" before a type whose first letter is a consonant, even when a later one is a vowel', () => {
    expect(findings('http.request.headers eq "a"')).toEqual(['type: eq compares a Map<Array<String>> with a String']);
  });

  it('types an index into a field that is no map or array as the field itself', () => {
    expect(findings('http.host[0] eq 1')).toEqual(['type: eq compares a String with an Integer']);
  });
});

describe('operators', () => {
  it.each(['matches', 'wildcard', 'strict wildcard'])('%s works on strings only', (operator) => {
    expect(findings(`len(http.host) ${operator} "1"`, options('business'))).toEqual([
      `type: ${operator} compares an Integer with a String`,
      `type: ${operator} works on strings, not on an Integer`,
    ]);
  });

  it.each(['lt', 'le', 'gt', 'ge'])('%s works on numbers only', (operator) => {
    expect(findings(`http.host ${operator} "b"`)).toEqual([`type: ${operator} works on numbers, not on a String`]);
  });

  it('says why ** in a wildcard pattern is refused', () => {
    expect(findings('http.request.uri.path wildcard "/a/**"')).toEqual([
      'wildcard-pattern: wildcard patterns cannot hold ** (one * already matches any run of characters, slashes included)',
    ]);
  });

  it('leaves ** alone with operators other than wildcard', () => {
    expect(findings('http.request.uri.path contains "/a/**"')).toEqual([]);
    expect(findings('http.request.uri.path eq "/a/**"')).toEqual([]);
  });

  it('says which plan "matches" needs', () => {
    expect(findings('http.request.uri.path matches "^/api"', options('pro'))).toEqual([
      'plan-regex: "matches" needs the Business plan or higher, not pro; use contains, wildcard or starts_with',
    ]);
  });
});

describe('messages of phase and plan findings', () => {
  it('lists the phases a field is available in', () => {
    expect(findings('tcp.dstport eq 80')).toEqual([
      'field-phase: tcp.dstport is not available in http_request_firewall_custom (only in magic_transit, magic_transit_ids_managed, magic_transit_managed, magic_transit_ratelimit)',
    ]);
  });

  it('names the plan a field needs, without an add-on when it needs none', () => {
    expect(findings('cf.waf.score lt 20')).toEqual(['plan-field: cf.waf.score needs the enterprise plan or higher, not free']);
  });

  it('lists the fields a rate-limit rule may match on the plan', () => {
    expect(findings('http.request.method eq "POST"', options('free', 'http_ratelimit'))).toEqual([
      'plan-ratelimit-field: a rate-limit rule on the free plan can match only http.request.uri.path, cf.bot_management.verified_bot, cf.client.bot, not http.request.method',
    ]);
  });

  it('refuses a body field in a rate-limit rule with an add-on other than Advanced Rate Limiting, and says which one it needs', () => {
    expect(findings('http.request.body.raw contains "a"', options('enterprise', 'http_ratelimit', ['botManagement']))).toEqual([
      'addon-ratelimit-field: a rate-limit rule can match request body fields (http.request.body.raw) only with the Advanced Rate Limiting add-on (cloudflare.addOns: [advancedRateLimiting] if the zone has it)',
    ]);
  });
});

describe('keys of other maps', () => {
  it('leaves the case of a query argument name alone', () => {
    expect(findings('http.request.uri.args["Foo"][0] eq "a"')).toEqual([]);
  });
});
