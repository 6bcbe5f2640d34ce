// How the evaluator walks a tree: mixed logical chains, any()/all() over each kind of condition,
// functions applied per element, query and cookie parsing, wildcard pieces, values of the wrong
// type, and the API around it (evaluateField, unevaluableReason, the depth limit). Each case
// distinguishes a mutant of evaluate.ts that survived or was not reached (issue 28).
// any()/all(): https://developers.cloudflare.com/ruleset-engine/rules-language/functions/
import { describe, expect, it } from 'vitest';
import type { Expression } from '../../../lib/cloudflare/expression/ast';
import { ExpressionDepthError, MAX_TREE_DEPTH } from '../../../lib/cloudflare/expression/depth';
import { evaluateExpression, evaluateField, unevaluableReason, type EdgeRequest } from '../../../lib/cloudflare/expression/evaluate';
import { parseExpression } from '../../../lib/cloudflare/expression/parse';

const request = (extra: Partial<EdgeRequest> = {}): EdgeRequest => ({ method: 'GET', host: 'api.example.com', path: '/', ...extra });

describe('logical chains with mixed operators', () => {
  it.each([
    // `and` binds tighter than `or`: (true and false) or false.
    ['true and false or false', false],
    ['false or true and false', false],
    ['true and false or true', true],
    ['true or false and false', true],
    ['true xor true xor true', true],
    ['true xor true xor false', false],
    ['false or false or false or true', true],
    ['true and true and true and false', false],
  ] as const)('%s is %s', (expression, expected) => {
    expect(evaluateExpression(expression, request())).toBe(expected);
  });
});

describe('any() and all()', () => {
  const headers = { 'x-a': ['A'], 'x-b': ['B'], accept: ['*/*'] };

  it.each([
    // A field without [*] inside any() is the field itself, not the element.
    ['any(http.request.headers.names[*] eq "x-a" and http.host eq "api.example.com")', true],
    ['any(http.request.headers.names[*] eq "x-a" and http.host eq "x-a")', false],
    // The array is found in any operand of a chain, leftmost first, and under not.
    ['any(http.host eq "nope" or http.request.headers.names[*] eq "x-b")', true],
    ['any(not http.request.headers.names[*] eq "x-a")', true],
    ['all(not http.request.headers.names[*] eq "x-a")', false],
    ['all(not http.request.headers.names[*] eq "nope")', true],
    // A predicate: a function of the element that gives a boolean.
    ['any(starts_with(http.request.headers.names[*], "x-"))', true],
    ['all(starts_with(http.request.headers.names[*], "x-"))', false],
    ['any(ends_with(http.request.headers.names[*], "-b"))', true],
    ['any(starts_with(http.request.headers.names[*], "y-"))', false],
    // A function applied to each element, not computed once for the first.
    ['any(lower(http.request.headers.values[*])[*] eq "b")', true],
    ['all(lower(http.request.headers.values[*])[*] ne "a")', false],
    // The array may be a later argument of the function (a literal before it is skipped).
    ['any(concat("h:", http.request.headers.names[*])[*] eq "h:x-b")', true],
    // An absent array has no element.
    ['any(http.request.headers["missing"][*] eq "x")', false],
    ['any(http.request.headers["x-a"][*] eq "A")', true],
  ] as const)('%s is %s', (expression, expected) => {
    expect(evaluateExpression(expression, request({ headers }))).toBe(expected);
  });
});

describe('query arguments and cookies as sent', () => {
  it.each([
    // Empty parts are skipped; a name with no `=` has an empty value; a value keeps its own `=`.
    ['len(http.request.uri.args.names) eq 3', 'a=1&&flag&b=x=y', true],
    ['any(http.request.uri.args.names[*] eq "")', 'a=1&&flag&b=x=y', false],
    ['http.request.uri.args["flag"][0] eq ""', 'a=1&&flag&b=x=y', true],
    ['http.request.uri.args["b"][0] eq "x=y"', 'a=1&&flag&b=x=y', true],
    ['len(http.request.uri.args.values) eq 3', 'a=1&&flag&b=x=y', true],
    ['http.request.uri.args.values[1] eq ""', 'a=1&&flag&b=x=y', true],
    ['http.request.uri.args.values[2] eq "x=y"', 'a=1&&flag&b=x=y', true],
    ['raw.http.request.uri.args["a"][0] eq "1"', 'a=1&&flag&b=x=y', true],
    ['any(raw.http.request.uri.args.values[*] eq "x=y")', 'a=1&&flag&b=x=y', true],
    ['raw.http.request.uri.query eq "a=1&&flag&b=x=y"', 'a=1&&flag&b=x=y', true],
    // A name that is a property of every object is only an argument when sent.
    ['any(http.request.uri.args["constructor"][*] ne "x")', 'a=1', false],
    ['http.request.uri.args["constructor"][0] eq "1"', 'constructor=1', true],
  ] as const)('%s on ?%s is %s', (expression, query, expected) => {
    expect(evaluateExpression(expression, request({ query }))).toBe(expected);
  });

  it('reads a part that starts with = as an empty name with a value', () => {
    expect(evaluateField('http.request.uri.args', request({ query: '=x&y' }))).toEqual({ '': ['x'], y: [''] });
  });

  it('reads cookies by name, trimmed, skipping a pair without =', () => {
    const withCookies = request({ headers: { cookie: ['a=1;  junk ; b = 2 ', 'c=3'] } });
    expect(evaluateExpression('http.request.cookies["b "][0] eq "2"', withCookies)).toBe(false);
    expect(evaluateExpression('http.request.cookies["b"][0] eq "2"', withCookies)).toBe(true);
    expect(evaluateExpression('http.request.cookies["c"][0] eq "3"', withCookies)).toBe(true);
    expect(evaluateField('http.request.cookies', withCookies)).toEqual({ a: ['1'], b: ['2'], c: ['3'] });
  });

  it('lists header values of every header, repeated values included', () => {
    expect(evaluateField('http.request.headers.values', request({ headers: { x: ['1', '2'], y: ['3'] } }))).toEqual(['1', '2', '3']);
  });
});

describe('paths and their extension, normalized and raw', () => {
  it('reads the extension of the normalized path for http.*, of the path as sent for raw.*', () => {
    const encoded = request({ path: '/file.%70hp' });
    expect(evaluateExpression('http.request.uri.path.extension eq "php"', encoded)).toBe(true);
    expect(evaluateExpression('raw.http.request.uri.path.extension eq "php"', encoded)).toBe(false);
    expect(evaluateExpression('raw.http.request.uri.path.extension eq "%70hp"', encoded)).toBe(true);
    expect(evaluateExpression('raw.http.request.uri.path.extension eq ""', request({ path: '/dir.d/' }))).toBe(true);
  });
});

describe('wildcard pieces', () => {
  it.each([
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    // A middle piece may not overlap the last piece.
    ['*ab*b', 'ab', false],
    ['*ab*b', 'abb', true],
    // A middle piece at the very start is found.
    ['*ab*', 'abc', true],
    // Two middle pieces may not overlap each other.
    ['*ab*ba*', 'aba', false],
    ['*ab*ba*', 'abba', true],
    ['x*ab*ba*y', 'xabbay', true],
    ['x*ab*ba*y', 'xabay', false],
  ] as const)('%s on %s is %s', (pattern, host, expected) => {
    expect(evaluateExpression(`http.host wildcard "${pattern}"`, request({ host }))).toBe(expected);
    expect(evaluateExpression(`http.host strict wildcard "${pattern}"`, request({ host }))).toBe(expected);
  });
});

describe('operators on values of the wrong type never match', () => {
  it.each([
    'http.request.headers.names contains "x-a"',
    'len(http.host) contains "1"',
    'len(http.host) matches "1"',
    'len(http.host) wildcard "1*"',
    'len(http.host) strict wildcard "1*"',
    'http.request.headers.names wildcard "*"',
  ])('%s is false', (expression) => {
    expect(evaluateExpression(expression, request({ host: '1', headers: { 'x-a': ['1'] } }))).toBe(false);
  });
});

describe('evaluateField', () => {
  const withHeaders = request({ headers: { 'x-id': ['7', '8'] } });

  it('returns a map entry for a key, and nothing for a key of a field that is not a map', () => {
    expect(evaluateField('http.request.headers', withHeaders, {}, 'x-id')).toEqual(['7', '8']);
    expect(evaluateField('http.request.headers', withHeaders, {}, 'x-other')).toBeUndefined();
    expect(evaluateField('http.request.headers.names', withHeaders, {}, '0')).toBeUndefined();
    expect(evaluateField('http.host', withHeaders, {}, '0')).toBeUndefined();
    expect(evaluateField('http.request.body.size', withHeaders, {}, 'x')).toBeUndefined();
    expect(evaluateField('ip.src', withHeaders, {}, 'x')).toBeUndefined();
  });

  it('returns the whole field without a key', () => {
    expect(evaluateField('http.request.headers.names', withHeaders)).toEqual(['x-id']);
  });
});

describe('unevaluableReason', () => {
  it('names a pattern RE2 refuses, truncated when long', () => {
    expect(unevaluableReason(parseExpression('http.host matches "(?=a)b"'))).toMatch(/^the pattern "\(\?=a\)b" does not compile in RE2: /);
    const long = `(?=${'a'.repeat(100)})`;
    const reason = unevaluableReason(parseExpression(`http.host matches "${long}"`)) ?? '';
    expect(reason).toContain(`"${long.slice(0, 80)}…"`);
    expect(reason).not.toContain(long);
  });

  it('finds an unmodelled field anywhere: after the first operand, under not, in a predicate, in a function argument', () => {
    expect(unevaluableReason(parseExpression('http.host eq "a" and cf.threat_score lt 5'))).toMatch(/field cf.threat_score/);
    expect(unevaluableReason(parseExpression('not cf.threat_score lt 5'))).toMatch(/field cf.threat_score/);
    expect(unevaluableReason(parseExpression('cf.bot_management.static_resource'))).toMatch(/field cf.bot_management.static_resource/);
    expect(unevaluableReason(parseExpression('lower(http.host) eq "a" and lower(cf.ray_id) eq "a"'))).toMatch(/field cf.ray_id/);
    expect(unevaluableReason(parseExpression('any(http.request.headers.names[*] eq "a") or true'))).toBeUndefined();
  });

  it('says why a tree nested too deep cannot be evaluated, and evaluating it throws', () => {
    let tree: Expression = { kind: 'boolean', value: true, span: { start: 0, end: 4 } };
    for (let i = 0; i < MAX_TREE_DEPTH + 1; i += 1) tree = { kind: 'not', operand: tree, span: { start: 0, end: 4 } };
    expect(unevaluableReason(tree)).toMatch(/nests deeper than/);
    expect(() => evaluateExpression(tree, request())).toThrow(ExpressionDepthError);
  });
});
