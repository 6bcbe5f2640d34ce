import { describe, expect, it } from 'vitest';
import { isValidIp } from '../../../lib/simulate/requests/valid-ip';

describe('isValidIp', () => {
  it('accepts one dotted-decimal IPv4 or one IPv6 address', () => {
    for (const ip of ['192.0.2.1', '2001:db8::1', '::ffff:192.0.2.1']) expect(isValidIp(ip)).toBe(true);
  });

  it('refuses ports, prefixes, shorthand IPv4 and out-of-range parts', () => {
    for (const ip of ['192.0.2.1:80', '192.0.2.0/24', '10.1', '0x7f.0.0.1', '256.1.1.1', '', 'localhost']) expect(isValidIp(ip)).toBe(false);
  });
});
