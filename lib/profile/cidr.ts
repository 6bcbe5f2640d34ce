import * as ipaddr from 'ipaddr.js';

/** Why a CIDR block is unusable, or `undefined` when it is a valid network address. */
export function cidrProblem(text: string): string | undefined {
  if (!isStrictCidr(text)) {
    return 'is not a CIDR block; write an address and a prefix length, e.g. 203.0.113.10/32 or 2001:db8::/48';
  }
  const [address, prefix] = ipaddr.parseCIDR(text);
  const network = networkAddress(address, prefix);
  if (network !== address.toString()) {
    return `has host bits set; the network is ${network}/${prefix}`;
  }
  return undefined;
}

/** A CIDR in canonical notation: four-part dotted IPv4 or IPv6, and a decimal prefix in range. */
function isStrictCidr(text: string): boolean {
  const match = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(text);
  if (!match) return false;
  const [, address, prefixText] = match;
  const prefix = Number(prefixText);
  if (address.includes(':')) return ipaddr.IPv6.isValid(address) && prefix <= 128;
  return ipaddr.IPv4.isValidFourPartDecimal(address) && prefix <= 32;
}

/** Whether a CIDR block is IPv6. Expects a valid block. */
export function isIpv6Cidr(text: string): boolean {
  return ipaddr.parseCIDR(text)[0].kind() === 'ipv6';
}

/** Whether an address lies in a CIDR block (both of the same family). */
export function cidrContains(cidr: string, address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  const range = ipaddr.parseCIDR(cidr);
  return parsed.kind() === range[0].kind() && parsed.match(range);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

/** Whether a block lies in private address space (RFC 1918, carrier-grade NAT, unique local IPv6). */
export function isPrivateCidr(cidr: string): boolean {
  const [address] = ipaddr.parseCIDR(cidr);
  return PRIVATE_RANGES.some((range) => {
    const parsed = ipaddr.parseCIDR(range);
    return parsed[0].kind() === address.kind() && address.match(parsed);
  });
}

/** Whether a block covers the whole address space of its family (0.0.0.0/0, ::/0). */
export function isWholeInternet(cidr: string): boolean {
  return ipaddr.isValidCIDR(cidr) && ipaddr.parseCIDR(cidr)[1] === 0;
}

/**
 * The address family ('IPv4' or 'IPv6') whose every address the blocks cover together, or
 * `undefined`. Expects valid blocks. Linear after sorting: merges the ranges in order.
 */
export function coversWholeAddressSpace(cidrs: readonly string[]): 'IPv4' | 'IPv6' | undefined {
  for (const [family, bits] of [['IPv4', 32], ['IPv6', 128]] as const) {
    const ranges = cidrs
      .map((text) => ipaddr.parseCIDR(text))
      .filter(([address]) => (address.kind() === 'ipv6') === (bits === 128))
      .map(([address, prefix]) => {
        const start = address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
        return { start, end: start + (1n << BigInt(bits - prefix)) };
      })
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let covered = 0n;
    for (const range of ranges) {
      if (range.start > covered) break;
      if (range.end > covered) covered = range.end;
    }
    if (covered === 1n << BigInt(bits)) return family;
  }
  return undefined;
}

function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, index) => {
    const bitsInByte = Math.max(0, Math.min(8, prefix - index * 8));
    return byte & (0xff << (8 - bitsInByte)) & 0xff;
  });
  return ipaddr.fromByteArray(masked).toString();
}
