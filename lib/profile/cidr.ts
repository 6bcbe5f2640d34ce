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

/** IPv4-mapped IPv6 addresses (::ffff:0:0/96): an IPv6 block over them reaches IPv4 clients too. */
const IPV4_MAPPED_START = 0xffffn << 32n;

/**
 * The address family ('IPv4' or 'IPv6') whose every address the blocks cover together, or
 * `undefined`. Expects valid blocks. IPv6 blocks count for IPv4 too where they overlap the
 * IPv4-mapped range (::ffff:0:0/96). Sorts, then merges the ranges in one pass.
 */
export function coversWholeAddressSpace(cidrs: readonly string[]): 'IPv4' | 'IPv6' | undefined {
  const ranges = cidrs.map((text) => {
    const [address, prefix] = ipaddr.parseCIDR(text);
    const bits = address.kind() === 'ipv6' ? 128 : 32;
    const start = address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
    return { ipv6: bits === 128, start, end: start + (1n << BigInt(bits - prefix)) };
  });
  const ipv4 = ranges.flatMap((range) => {
    if (!range.ipv6) return [range];
    const start = range.start > IPV4_MAPPED_START ? range.start : IPV4_MAPPED_START;
    const end = range.end < IPV4_MAPPED_START + (1n << 32n) ? range.end : IPV4_MAPPED_START + (1n << 32n);
    return start < end ? [{ start: start - IPV4_MAPPED_START, end: end - IPV4_MAPPED_START }] : [];
  });
  if (coversAll(ipv4, 32)) return 'IPv4';
  if (
    coversAll(
      ranges.filter((range) => range.ipv6),
      128,
    )
  )
    return 'IPv6';
  return undefined;
}

function coversAll(ranges: readonly { start: bigint; end: bigint }[], bits: number): boolean {
  let covered = 0n;
  for (const range of [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    if (range.start > covered) break;
    if (range.end > covered) covered = range.end;
  }
  return covered >= 1n << BigInt(bits);
}

function networkAddress(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, index) => {
    const bitsInByte = Math.max(0, Math.min(8, prefix - index * 8));
    return byte & (0xff << (8 - bitsInByte)) & 0xff;
  });
  return ipaddr.fromByteArray(masked).toString();
}
