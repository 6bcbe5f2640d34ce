// The parser's limits and range rules at their boundaries: what it accepts one step before a
// limit, and refuses one step past it, rather than accepting malformed input (issue 28; the
// adversarial suite, which the mutation runs leave out, covers the same limits at scale).
// Values and raw strings: https://developers.cloudflare.com/ruleset-engine/rules-language/values/
import { describe, expect, it } from 'vitest';
import { ExpressionSyntaxError, MAX_EXPRESSION_DEPTH, parseExpression } from '../../../lib/cloudflare/expression/parse';

function reasonOf(source: string): string | undefined {
  try {
    parseExpression(source);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    return (error as ExpressionSyntaxError).reason;
  }
}

describe('nesting', () => {
  it(`accepts ${MAX_EXPRESSION_DEPTH} levels of parentheses and refuses one more`, () => {
    const nested = (levels: number) => `${'('.repeat(levels)}http.host eq "a"${')'.repeat(levels)}`;
    expect(reasonOf(nested(MAX_EXPRESSION_DEPTH - 1))).toBeUndefined();
    expect(reasonOf(nested(MAX_EXPRESSION_DEPTH + 1))).toMatch(/nests deeper than/);
  });

  it('counts not and function calls as levels too', () => {
    expect(reasonOf(`${'not '.repeat(MAX_EXPRESSION_DEPTH + 1)}ssl`)).toMatch(/nests deeper than/);
    expect(reasonOf(`${'lower('.repeat(MAX_EXPRESSION_DEPTH + 1)}http.host${')'.repeat(MAX_EXPRESSION_DEPTH + 1)} eq "a"`)).toMatch(/nests deeper than/);
  });
});

describe('raw strings', () => {
  it('take up to 255 # and no more', () => {
    const raw = (hashes: number) => `http.host eq r${'#'.repeat(hashes)}"a"${'#'.repeat(hashes)}`;
    expect(reasonOf(raw(255))).toBeUndefined();
    expect(reasonOf(raw(256))).toBe('a raw string has at most 255 #');
  });
});

describe('ranges', () => {
  it.each([
    ['tcp.dstport in {80..ip}', /expected a value/],
    ['tcp.dstport in {80..192.0.2.1}', /a range joins two numbers or two IP addresses/],
    ['ip.src in {192.0.2.0/24..192.0.2.255}', /same family, without prefixes/],
    ['ip.src in {192.0.2.0..192.0.2.0/24}', /same family, without prefixes/],
    ['ip.src in {2001:db8::1..192.0.2.1}', /same family, without prefixes/],
  ] as const)('refuses %s', (source, reason) => {
    expect(reasonOf(source)).toMatch(reason);
  });

  it('accepts a range of one value and both families', () => {
    expect(reasonOf('tcp.dstport in {80..80}')).toBeUndefined();
    expect(reasonOf('ip.src in {192.0.2.1..192.0.2.9 2001:db8::1..2001:db8::9}')).toBeUndefined();
  });
});

describe('the end of the expression', () => {
  it('refuses anything after a complete expression, naming it', () => {
    expect(reasonOf('http.host eq "a" ssl')).toMatch(/^unexpected .* after the end of the expression$/);
    expect(reasonOf('http.host eq "a" }')).toMatch(/after the end of the expression/);
  });
});
