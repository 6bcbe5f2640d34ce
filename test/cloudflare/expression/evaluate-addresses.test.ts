// Addresses compare by value on every operator that takes one (eq, ne, sets, ranges, lists), and a
// string that only looks like an address is still compared as text (issue 28: `ip.src eq X` must
// not match other addresses, `ne` must not be inverted).
// Operators and IP sets: https://developers.cloudflare.com/ruleset-engine/rules-language/operators/
// and https://developers.cloudflare.com/ruleset-engine/rules-language/values/
import { describe, expect, it } from 'vitest';
import { evaluateExpression, type EdgeRequest } from '../../../lib/cloudflare/expression/evaluate';

const from = (sourceIp: string, extra: Partial<EdgeRequest> = {}): EdgeRequest => ({ method: 'GET', host: 'api.example.com', path: '/', sourceIp, ...extra });

describe('ne on addresses', () => {
  it('is false for the same address written another way (found by this work: ne compared the text)', () => {
    expect(evaluateExpression('ip.src ne 2001:db8::1', from('2001:0db8:0000::1'))).toBe(false);
    expect(evaluateExpression('ip.src eq 2001:db8::1', from('2001:0db8:0000::1'))).toBe(true);
  });

  it('is true for another address of the same family, and for one of the other family', () => {
    expect(evaluateExpression('ip.src ne 2001:db8::1', from('2001:db8::2'))).toBe(true);
    expect(evaluateExpression('ip.src ne 192.0.2.1', from('2001:db8::1'))).toBe(true);
  });

  it('reads the loopback written with zeros as the same address', () => {
    expect(evaluateExpression('ip.src eq ::1', from('0:0::1'))).toBe(true);
    expect(evaluateExpression('ip.src ne ::1', from('0:0::1'))).toBe(false);
  });
});

describe('IP ranges', () => {
  it('never holds an address of the other family (found by this work: c000:205:: was inside 192.0.2.1..192.0.2.9)', () => {
    expect(evaluateExpression('ip.src in {192.0.2.1..192.0.2.9}', from('c000:205::1'))).toBe(false);
    expect(evaluateExpression('ip.src in {2001:db8::1..2001:db8::9}', from('32.1.13.184'))).toBe(false);
  });

  it('holds both ends and nothing past them, on IPv6 too', () => {
    expect(evaluateExpression('ip.src in {2001:db8::1..2001:db8::9}', from('2001:db8::1'))).toBe(true);
    expect(evaluateExpression('ip.src in {2001:db8::1..2001:db8::9}', from('2001:db8::9'))).toBe(true);
    expect(evaluateExpression('ip.src in {2001:db8::1..2001:db8::9}', from('2001:db8::a'))).toBe(false);
    expect(evaluateExpression('ip.src in {2001:db8::2..2001:db8::9}', from('2001:db8::1'))).toBe(false);
  });
});

describe('number ranges', () => {
  it('hold their lower end', () => {
    expect(evaluateExpression('len(http.request.uri.path) in {1..3}', from('192.0.2.1', { path: '/' }))).toBe(true);
    expect(evaluateExpression('len(http.request.uri.path) in {2..3}', from('192.0.2.1', { path: '/' }))).toBe(false);
  });
});

describe('lists', () => {
  const lists = { office: ['2001:db8::1', '198.51.100.0/24'], hosts: ['api.example.com'] };

  it('compare an address entry by value (found by this work: it was compared as text)', () => {
    expect(evaluateExpression('ip.src in $office', from('2001:0db8::1'), { lists })).toBe(true);
    expect(evaluateExpression('ip.src in $office', from('2001:db8::2'), { lists })).toBe(false);
  });

  it('compare a CIDR entry as a range and other entries as text', () => {
    expect(evaluateExpression('ip.src in $office', from('198.51.100.200'), { lists })).toBe(true);
    expect(evaluateExpression('http.host in $hosts', from('192.0.2.1'), { lists })).toBe(true);
    expect(evaluateExpression('http.host in $hosts', from('192.0.2.1', { host: 'www.example.com' }), { lists })).toBe(false);
  });
});

describe('strings that look like addresses, and strings that do not', () => {
  it('compares a host with a quoted address, or with one that only has hex digits, as text', () => {
    expect(evaluateExpression('http.host eq "192.0.2.1"', from('192.0.2.1', { host: '192.0.2.1' }))).toBe(true);
    expect(evaluateExpression('http.host eq "192.0.2.1"', from('192.0.2.1'))).toBe(false);
    expect(evaluateExpression('http.host eq "cafe1"', from('192.0.2.1', { host: 'cafe1' }))).toBe(true);
    expect(evaluateExpression('http.host eq "cafe1"', from('192.0.2.1', { host: 'cafe2' }))).toBe(false);
    expect(evaluateExpression('http.host in {"192.0.2.1" "cafe1"}', from('192.0.2.1', { host: 'cafe1' }))).toBe(true);
  });

  it('does not take a set address for a host that is not one', () => {
    expect(evaluateExpression('ip.src in {192.0.2.1}', from('not-an-ip'))).toBe(false);
    expect(evaluateExpression('ip.src in {192.0.2.0/24}', from('192.0.2.1.example'))).toBe(false);
  });
});
