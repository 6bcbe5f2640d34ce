/**
 * The zone's URL normalization (https://developers.cloudflare.com/rules/normalization/how-it-works/):
 * `cloudflare` (the default type) turns back slashes into forward slashes, merges successive
 * slashes, then applies `rfc3986`: percent-encoded unreserved characters (ALPHA, DIGIT, `-._~`)
 * decoded, other percent-encodings upper-cased, characters neither unreserved nor reserved
 * percent-encoded, and dot segments removed (RFC 3986 §5.2.4). `none`: normalization off.
 * "Normalize incoming URLs" is on by default, so rules see the normalized path; `raw.*` fields
 * keep the path as sent (https://developers.cloudflare.com/rules/normalization/settings/).
 */
export type UrlNormalization = 'cloudflare' | 'rfc3986' | 'none';

/** The path as rules see it under the normalization type. Linear in the path's length. */
export function normalizeUrlPath(path: string, type: UrlNormalization = 'cloudflare'): string {
  if (type === 'none') return path;
  const slashed = type === 'cloudflare' ? path.replace(/\\/g, '/').replace(/\/{2,}/g, '/') : path;
  return removeDotSegments(normalizeEncoding(slashed));
}

/** RFC 3986 §2: decode unreserved characters, upper-case the other escapes, encode what is neither unreserved nor reserved. */
function normalizeEncoding(path: string): string {
  const bytes = new TextEncoder().encode(path);
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte === 0x25 && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      const value = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      out += isUnreserved(value) ? String.fromCharCode(value) : `%${String.fromCharCode(bytes[i + 1], bytes[i + 2]).toUpperCase()}`;
      i += 2;
    } else if (isUnreserved(byte) || RESERVED.has(byte)) out += String.fromCharCode(byte);
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** RFC 3986 §5.2.4, over segments (linear, where the RFC's string-rewriting loop is quadratic). */
function removeDotSegments(path: string): string {
  if (!path.includes('.')) return path;
  const absolute = path.startsWith('/');
  const segments = (absolute ? path.slice(1) : path).split('/');
  const output: string[] = [];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..') output.pop();
      // A trailing `.` or `..` leaves the path ending in a slash.
      if (last) output.push('');
      return;
    }
    output.push(segment);
  });
  return (absolute ? '/' : '') + output.join('/');
}

const RESERVED = new Set([...":/?#[]@!$&'()*+,;="].map((c) => c.charCodeAt(0)));

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}
