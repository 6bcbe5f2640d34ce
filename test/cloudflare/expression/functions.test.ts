import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../lib/cloudflare/expression/functions';
import { lintExpression } from '../../../lib/cloudflare/expression/lint';
import { PLAN_ORDER, type Plan } from '../../../lib/cloudflare/plans';

/*
 * Where each function may be used and on which plan, as the documentation says it, written down
 * independently of FUNCTIONS: the functions reference's "You can only use … in" notes
 * (https://developers.cloudflare.com/ruleset-engine/rules-language/functions/), the
 * encode_base64()/sha256() changelog
 * (https://developers.cloudflare.com/changelog/2026-01-22-sha256-base64-encode-functions/) and
 * Transform Rules' regular expression support (Business and Enterprise,
 * https://developers.cloudflare.com/rules/transform/).
 */
const CUSTOM = 'http_request_firewall_custom';
const RATE = 'http_ratelimit';
const URL_REWRITE = 'http_request_transform';
const REQUEST_HEADERS = 'http_request_late_transform';
const RESPONSE_HEADERS = 'http_response_headers_transform';
const REDIRECT = 'http_request_dynamic_redirect';
const ERRORS = 'http_custom_errors';
const TRANSFORM = [URL_REWRITE, REQUEST_HEADERS, RESPONSE_HEADERS];

const DOCUMENTED: Record<string, { phases?: readonly string[]; plan?: Plan }> = {
  any: {},
  all: {},
  concat: {},
  ends_with: {},
  starts_with: {},
  len: {},
  lookup_json_integer: {},
  lookup_json_string: {},
  lower: {},
  upper: {},
  substring: {},
  url_decode: {},
  remove_bytes: {},
  // "You can only use the cidr() function in custom rules and rate limiting rules."
  cidr: { phases: [CUSTOM, RATE] },
  cidr6: { phases: [CUSTOM, RATE] },
  // "… in Transform Rules, custom rules, and rate limiting rules."
  decode_base64: { phases: [...TRANSFORM, CUSTOM, RATE] },
  // "All plans (in header transform rules)."
  encode_base64: { phases: [REQUEST_HEADERS, RESPONSE_HEADERS] },
  // "Requires enablement": per account, not visible at synth; not gated.
  sha256: {},
  // "… only available in Transform Rules, custom rules, and Custom Error Rules."
  join: { phases: [...TRANSFORM, CUSTOM, ERRORS] },
  // Rewrite expressions of Transform Rules and target URLs of dynamic redirects; Business and up.
  regex_replace: { phases: [...TRANSFORM, REDIRECT], plan: 'business' },
  // URL rewrites.
  remove_query_args: { phases: [URL_REWRITE] },
  uuidv4: { phases: [URL_REWRITE] },
  // URL rewrites and dynamic URL redirects.
  wildcard_replace: { phases: [URL_REWRITE, REDIRECT] },
  // "… only available in response header transform rules and Custom Error Rules."
  split: { phases: [RESPONSE_HEADERS, ERRORS] },
  // Rewrite expressions of Transform Rules and target URLs of dynamic redirects.
  to_string: { phases: [...TRANSFORM, REDIRECT] },
  // "Access to the HMAC validation function requires a Cloudflare Pro, Business, or Enterprise plan."
  is_timed_hmac_valid_v0: { plan: 'pro' },
};

const PHASES = [CUSTOM, RATE, URL_REWRITE, REQUEST_HEADERS, RESPONSE_HEADERS, REDIRECT, ERRORS];
const GATES = ['function-phase', 'plan-function', 'unknown-function'];

describe('FUNCTIONS against the documentation', () => {
  it('covers exactly the documented functions listed here', () => {
    expect(Object.keys(FUNCTIONS).sort()).toEqual(Object.keys(DOCUMENTED).sort());
  });

  it('names the documentation section of every function', () => {
    for (const [name, spec] of Object.entries(FUNCTIONS)) expect(spec.source, name).toMatch(/^https:\/\/developers\.cloudflare\.com\/\S+/);
  });

  // Every function × plan × phase: refused exactly where the documentation refuses it.
  it.each(Object.keys(DOCUMENTED))('%s() is refused exactly where the documentation refuses it', (name) => {
    const { phases, plan: minimum } = DOCUMENTED[name];
    for (const plan of PLAN_ORDER) {
      for (const phase of PHASES) {
        const codes = lintExpression(`${name}(http.host) eq "x"`, { phase, plan })
          .map((finding) => finding.code)
          .filter((code) => GATES.includes(code));
        const expected = [
          ...(phases && !phases.includes(phase) ? ['function-phase'] : []),
          ...(minimum && PLAN_ORDER.indexOf(plan) < PLAN_ORDER.indexOf(minimum) ? ['plan-function'] : []),
        ];
        expect(codes, `${name}() on ${plan} in ${phase}`).toEqual(expected);
      }
    }
  });

  it('knows the functions it used to call unknown: remove_bytes, encode_base64, sha256', () => {
    expect(lintExpression('len(remove_bytes(http.host)) eq 3', { phase: CUSTOM, plan: 'free' })).toEqual([]);
    expect(lintExpression('len(sha256(http.host)) eq 32', { phase: CUSTOM, plan: 'free' })).toEqual([]);
    expect(lintExpression('encode_base64(http.host) eq "x"', { phase: RESPONSE_HEADERS, plan: 'free' })).toEqual([]);
  });

  it('says where a function may be used when it is used elsewhere', () => {
    expect(lintExpression('join(http.request.headers.names, ",") eq "a"', { phase: RATE, plan: 'enterprise' }).map((finding) => finding.message)).toEqual([
      'join() is not available in http_ratelimit (only in http_request_transform, http_request_late_transform, http_response_headers_transform, http_request_firewall_custom, http_custom_errors)',
    ]);
  });
});

/*
 * What each function returns and which section documents it, again written down from the
 * functions reference rather than copied from FUNCTIONS; concat() returns the type of its first
 * argument.
 */
const FUNCTIONS_PAGE = 'https://developers.cloudflare.com/ruleset-engine/rules-language/functions/';
const CHANGELOG = 'https://developers.cloudflare.com/changelog/2026-01-22-sha256-base64-encode-functions/';
const RETURNS: Record<string, string> = {
  any: 'Boolean',
  all: 'Boolean',
  cidr: 'IP',
  cidr6: 'IP',
  concat: 'String',
  decode_base64: 'String',
  encode_base64: 'String',
  ends_with: 'Boolean',
  join: 'String',
  len: 'Integer',
  lookup_json_integer: 'Integer',
  lookup_json_string: 'String',
  lower: 'String',
  regex_replace: 'String',
  remove_bytes: 'Bytes',
  remove_query_args: 'String',
  sha256: 'Bytes',
  split: 'Array<String>',
  starts_with: 'Boolean',
  substring: 'String',
  to_string: 'String',
  upper: 'String',
  url_decode: 'String',
  uuidv4: 'String',
  wildcard_replace: 'String',
  is_timed_hmac_valid_v0: 'Boolean',
};
const SECTIONS: Record<string, string> = {
  ...Object.fromEntries(Object.keys(DOCUMENTED).map((name) => [name, `${FUNCTIONS_PAGE}#${name}`])),
  encode_base64: CHANGELOG,
  sha256: CHANGELOG,
  is_timed_hmac_valid_v0: `${FUNCTIONS_PAGE}#hmac-validation`,
};

describe('what each function returns', () => {
  it('links each function to its own section of the documentation', () => {
    for (const [name, spec] of Object.entries(FUNCTIONS)) expect(spec.source, name).toBe(SECTIONS[name]);
  });

  // Comparing the result with a literal of another type names the type the linter gives it.
  it.each(Object.entries(RETURNS))('%s() returns %s, and comparing it with another type says so', (name, returns) => {
    const an = (type: string) => `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
    const [literal, literalType] = returns === 'Integer' ? ['"x"', 'String'] : ['1', 'Integer'];
    const types = lintExpression(`${name}(http.host) eq ${literal}`, { phase: CUSTOM, plan: 'enterprise' })
      .filter((finding) => finding.code === 'type')
      .map((finding) => finding.message);
    expect(types).toEqual([`eq compares ${an(returns)} with ${an(literalType)}`]);
  });

  it('lists every function in the table of return types', () => {
    expect(Object.keys(RETURNS).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  });
});
