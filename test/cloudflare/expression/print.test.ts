// The printer writes back exactly what a tree means: strings escaped with the language's only
// escapes, and nothing in a value able to end its string and add to the expression (issue 28).
// Escapes: https://developers.cloudflare.com/ruleset-engine/rules-language/values/
import { describe, expect, it } from 'vitest';
import { withoutSpans, type Expression, type Value } from '../../../lib/cloudflare/expression/ast';
import { parseExpression } from '../../../lib/cloudflare/expression/parse';
import { printExpression, quote } from '../../../lib/cloudflare/expression/print';

const span = { start: 0, end: 0 };
const hostEq = (right: Value): Expression => ({
  kind: 'comparison',
  left: { kind: 'field', name: 'http.host', indexes: [], span },
  operator: 'eq',
  right,
  span,
});

describe('quote', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['line\nbreak\ttab', '"line\\x0abreak\\x09tab"'],
    ['\u0000\u001f\u007f', '"\\x00\\x1f\\x7f"'],
    [' ~é☁', '" ~é☁"'],
  ])('writes %j as %s', (text, quoted) => {
    expect(quote(text)).toBe(quoted);
  });
});

describe('printExpression', () => {
  it('escapes a header key so that it stays one key', () => {
    const tree = parseExpression('http.request.headers["a\\"b"][0] eq "x"');
    expect(printExpression(tree)).toBe('http.request.headers["a\\"b"][0] eq "x"');
  });

  it('keeps a raw string raw, and prints one holding its own closing delimiter quoted instead', () => {
    expect(printExpression(parseExpression('http.host matches r#"a"b"#'))).toBe('http.host matches r#"a"b"#');
    const crafted = hostEq({ kind: 'string', value: 'x" or http.host ne "', raw: { hashes: 0 }, span });
    const printed = printExpression(crafted);
    expect(printed).toBe('http.host eq "x\\" or http.host ne \\""');
    expect(withoutSpans(parseExpression(printed))).toEqual(withoutSpans({ ...crafted, right: { kind: 'string', value: 'x" or http.host ne "', span } }));
    const hashed = hostEq({ kind: 'string', value: 'a"# or ssl', raw: { hashes: 1 }, span });
    expect(printExpression(hashed)).toBe('http.host eq "a\\"# or ssl"');
    expect(printExpression(hostEq({ kind: 'string', value: 'a"b', raw: { hashes: 1 }, span }))).toBe('http.host eq r#"a"b"#');
  });

  it('writes sets, ranges and lists as the parser reads them', () => {
    for (const source of [
      'ip.src in {192.0.2.0/24 192.0.2.1..192.0.2.9}',
      'tcp.dstport in {80 8000..8009}',
      'ip.src in $office',
      'http.host in {"a" "b\\\\"}',
    ]) {
      expect(printExpression(parseExpression(source))).toBe(source);
    }
  });
});
