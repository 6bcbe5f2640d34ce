/**
 * url_decode() as the functions reference states it
 * (https://developers.cloudflare.com/ruleset-engine/rules-language/functions/#url_decode):
 * byte by byte, `%HH` to its byte and `+` to a space; a `%` not followed by two hex digits is kept
 * as it is and the rest still decoded. Options: `r` decodes again until nothing changes
 * (`%2520` → ` `), `u` also decodes `%uXXXX` to the code point's UTF-8 bytes.
 *
 * Strings here are JavaScript text: the source is read as its UTF-8 bytes, and the decoded bytes
 * are read back as UTF-8, a byte sequence that is not valid UTF-8 becoming U+FFFD (so a rule
 * comparing against such bytes cannot match them exactly; Cloudflare compares raw bytes).
 */
export function urlDecode(source: string, options = ''): string {
  const unicode = options.includes('u');
  if (!source.includes('%') && !source.includes('+')) return source;
  const bytes = ENCODER.encode(source);
  const decoded = options.includes('r') ? decodeToFixpoint(bytes, unicode) : decodeOnce(bytes, unicode);
  return DECODER.decode(decoded);
}

/** One pass over the bytes: what url_decode does without `r`. */
export function decodeOnce(input: Uint8Array, unicode: boolean): Uint8Array {
  const out = new Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i += 1) {
    const byte = input[i];
    if (byte === PLUS) {
      out[length++] = SPACE;
      continue;
    }
    if (byte === PERCENT) {
      const high = hexValue(input[i + 1]);
      const low = hexValue(input[i + 2]);
      if (high >= 0 && low >= 0) {
        out[length++] = high * 16 + low;
        i += 2;
        continue;
      }
      const point = unicode ? unicodeEscape(input, i) : -1;
      if (point >= 0) {
        for (const b of ENCODER.encode(String.fromCodePoint(point))) out[length++] = b;
        i += 5;
        continue;
      }
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

/**
 * What passes of decodeOnce repeated until nothing changes give, in one pass: each byte goes on a
 * stack, and while the stack ends in an escape (`%HH`, or `%uXXXX` with `u`) the escape is replaced
 * by what it decodes to, so a decoded byte can complete an escape before it. Linear in the input
 * (each byte is pushed once and each collapse shrinks the stack), where repeating passes takes time
 * quadratic in the nesting of `%2525…`.
 */
export function decodeToFixpoint(input: Uint8Array, unicode: boolean): Uint8Array {
  const stack = new Uint8Array(Math.max(input.length, 4));
  let top = 0;
  const push = (byte: number): void => {
    stack[top++] = byte === PLUS ? SPACE : byte;
    for (;;) {
      if (top >= 3 && stack[top - 3] === PERCENT && hexValue(stack[top - 2]) >= 0 && hexValue(stack[top - 1]) >= 0) {
        const value = hexValue(stack[top - 2]) * 16 + hexValue(stack[top - 1]);
        top -= 3;
        stack[top++] = value === PLUS ? SPACE : value;
        continue;
      }
      if (unicode && top >= 6 && stack[top - 6] === PERCENT) {
        const point = unicodeEscape(stack.subarray(0, top), top - 6);
        if (point >= 0) {
          top -= 6;
          // A code point's UTF-8 bytes are at most 4: fewer than the 6 of its escape, so the stack has room.
          const bytes = ENCODER.encode(String.fromCodePoint(point));
          for (const b of bytes) stack[top++] = b;
          // Only an ASCII result can complete an escape before it (UTF-8 continuation bytes are not hex digits).
          if (bytes.length === 1) continue;
        }
      }
      return;
    }
  };
  for (const byte of input) push(byte);
  return stack.slice(0, top);
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { fatal: false });
const PERCENT = 0x25;
const PLUS = 0x2b;
const SPACE = 0x20;

/** The value of an ASCII hex digit, or -1. */
function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * The code point of a `%uXXXX` escape starting at `at`, or -1. A surrogate (D800–DFFF) is no code
 * point UTF-8 can carry, so its escape is kept as written (an assumption: the reference does not say).
 */
function unicodeEscape(input: Uint8Array, at: number): number {
  if (input[at + 1] !== 0x75 && input[at + 1] !== 0x55) return -1;
  let point = 0;
  for (let k = 2; k < 6; k += 1) {
    const digit = hexValue(input[at + k]);
    if (digit < 0) return -1;
    point = point * 16 + digit;
  }
  return point >= 0xd800 && point <= 0xdfff ? -1 : point;
}
