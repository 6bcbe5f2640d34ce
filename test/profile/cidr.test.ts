import { describe, expect, it } from 'vitest';
import { cidrContains, cidrProblem, isIpv6Cidr, isWholeInternet } from '../../lib/profile/cidr';

describe('CIDR blocks', () => {
  it.each(['10.0.0.0/8', '203.0.113.10/32', '0.0.0.0/0', '2001:db8::/48', '::/0'])('%s is valid', (cidr) => {
    expect(cidrProblem(cidr)).toBeUndefined();
  });

  it.each(['10.0.0/8', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/08', 'fe80::/129', 'example.com/24'])('%s is not a CIDR block', (cidr) => {
    expect(cidrProblem(cidr)).toMatch(/is not a CIDR block/);
  });

  it('names the network when host bits are set', () => {
    expect(cidrProblem('192.168.1.7/24')).toBe('has host bits set; the network is 192.168.1.0/24');
  });

  it('tells families, containment and the whole internet apart', () => {
    expect(isIpv6Cidr('2001:db8::/32')).toBe(true);
    expect(isIpv6Cidr('10.0.0.0/8')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10.1.2.3')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '::1')).toBe(false);
    expect(isWholeInternet('0.0.0.0/0')).toBe(true);
    expect(isWholeInternet('10.0.0.0/8')).toBe(false);
  });
});
