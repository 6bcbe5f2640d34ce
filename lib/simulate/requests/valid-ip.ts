import * as ipaddr from 'ipaddr.js';

/** Whether text is one IPv4 address in dotted-decimal form or one IPv6 address (no CIDR block, no port). */
export function isValidIp(text: string): boolean {
  if (text.length > 64) return false;
  return text.includes(':') ? ipaddr.IPv6.isValid(text) : ipaddr.IPv4.isValidFourPartDecimal(text);
}
