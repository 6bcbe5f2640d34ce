// What the evaluator answers where a value is absent or of another kind than the operator expects:
// join() of a field that is not an array, a request without a body, a text set item compared with
// an address, text that ipaddr.js would read as an address, any() whose condition also reads a
// field without `[*]`, and a number or address literal as a function argument (issue 28).
// Functions: https://developers.cloudflare.com/ruleset-engine/rules-language/functions/
// Fields: https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/
import { describe, expect, it } from 'vitest';
import { evaluateExpression, type EdgeRequest } from '../../../lib/cloudflare/expression/evaluate';

const request = (extra: Partial<EdgeRequest> = {}): EdgeRequest => ({ method: 'GET', host: 'api.example.com', path: '/api/users', ...extra });

describe('join() of a value that is not an array', () => {
  it('joins nothing: join(http.host, ",") is the empty text', () => {
    expect(evaluateExpression('join(http.host, ",") eq ""', request())).toBe(true);
    expect(evaluateExpression('len(join(http.host, ",")) eq 0', request())).toBe(true);
  });
});

describe('a request without a body', () => {
  it('has an empty raw body of size 0, not truncated', () => {
    const bodiless = request();
    expect(evaluateExpression('http.request.body.raw eq ""', bodiless)).toBe(true);
    expect(evaluateExpression('http.request.body.size eq 0', bodiless)).toBe(true);
    expect(evaluateExpression('http.request.body.truncated', bodiless, { bodyLimitBytes: 0 })).toBe(false);
  });
});

describe('a set of text items and a request value that is an address', () => {
  it('compares a text item as text: a host 192.0.2.1 is in {"example.com" "192.0.2.1"}', () => {
    expect(evaluateExpression('http.host in {"example.com" "192.0.2.1"}', request({ host: '192.0.2.1' }))).toBe(true);
  });

  it('does not read a text item as an address: a host 2001:0db8::1 is not in {"2001:db8::1"}', () => {
    expect(evaluateExpression('http.host in {"2001:db8::1"}', request({ host: '2001:0db8::1' }))).toBe(false);
  });
});

describe('any() whose condition reads a field without [*]', () => {
  const withHeader = request({ headers: { 'x-a': ['1'] } });

  it('walks the array of the operand that has [*], whichever side it is on', () => {
    expect(evaluateExpression('any(http.host eq "other.example" or http.request.headers.names[*] eq "x-a")', withHeader)).toBe(true);
    expect(evaluateExpression('any(http.host eq "api.example.com" and http.request.headers.names[*] eq "x-a")', withHeader)).toBe(true);
  });

  it('reads the plain field as a value for every element', () => {
    expect(evaluateExpression('all(http.host eq "api.example.com" and http.request.headers.names[*] eq "x-a")', withHeader)).toBe(true);
    expect(evaluateExpression('any(http.host eq "other.example" and http.request.headers.names[*] eq "x-a")', withHeader)).toBe(false);
  });

  it('does not walk an indexed field without [*]: headers["x-a"][0] is one value, the names are walked', () => {
    expect(evaluateExpression('any(http.request.headers["x-a"][0] eq "1" and http.request.headers.names[*] eq "x-a")', withHeader)).toBe(true);
  });
});

describe('eq and ne on text that ipaddr.js would read as an address', () => {
  // Found by this work: `01`, `1` and `0.0.0.1` are one IPv4 address to ipaddr.js, so a text field
  // holding one was eq to a string literal holding another. A string literal compares as text.
  it('compares a text field with a string literal as text (query 01 is not eq "1")', () => {
    expect(evaluateExpression('http.request.uri.query eq "1"', request({ query: '01' }))).toBe(false);
    expect(evaluateExpression('http.request.uri.query ne "1"', request({ query: '01' }))).toBe(true);
    expect(evaluateExpression('http.request.uri.args["v"][0] eq "1.0.0.2"', request({ query: 'v=1.2' }))).toBe(false);
    expect(evaluateExpression('http.host eq "192.0.2.1"', request({ host: '3221225985' }))).toBe(false);
  });

  it('still compares the same text as equal, and an address literal by value', () => {
    expect(evaluateExpression('http.request.uri.query eq "1"', request({ query: '1' }))).toBe(true);
    expect(evaluateExpression('http.host eq "192.0.2.1"', request({ host: '192.0.2.1' }))).toBe(true);
    expect(evaluateExpression('ip.src eq 2001:db8::1', request({ sourceIp: '2001:0db8::1' }))).toBe(true);
    expect(evaluateExpression('ip.src ne 2001:db8::1', request({ sourceIp: '2001:0db8::1' }))).toBe(false);
  });
});

describe('a number or an address literal as a function argument', () => {
  // No function the evaluator implements is documented to take one (functions reference), and the
  // linter does not flag one: the simulator answers for such a rule instead of failing.
  it('reads a number as no text and an address as its text, instead of failing', () => {
    expect(evaluateExpression('concat(http.host, 1) eq "api.example.com"', request())).toBe(true);
    expect(evaluateExpression('concat("ip-", 192.0.2.1) eq "ip-192.0.2.1"', request())).toBe(true);
    expect(evaluateExpression('concat("ip-", 2001:db8::1, 7) eq "ip-2001:db8::1"', request())).toBe(true);
  });
});
