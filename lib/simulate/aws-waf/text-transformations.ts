import { createHash } from 'node:crypto';
import { quoteValue, WebAclSimulationError } from './web-acl-simulation-error';

/*
 * AWS WAF text transformations, from the developer guide
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-transformation.html);
 * where the guide is terse, the ModSecurity transformation of the same name, which the WAF ones
 * descend from, decides the details (noted per function).
 *
 * Representation: every value is a *byte string*, a JS string whose code units are the bytes
 * (0–255) of the field's UTF-8 encoding (Latin-1 view). WAF inspects bytes: sizes are byte
 * counts, LOWERCASE touches A–Z only, decoders emit bytes. `toByteString` converts a request's
 * text once; `fromByteString` turns bytes back into text for the regex engine.
 * Every function is one pass over its input (linear time, output at most 3× the input).
 */

export const TEXT_TRANSFORMATION_TYPES = [
  'NONE',
  'COMPRESS_WHITE_SPACE',
  'HTML_ENTITY_DECODE',
  'LOWERCASE',
  'CMD_LINE',
  'URL_DECODE',
  'BASE64_DECODE',
  'HEX_DECODE',
  'MD5',
  'REPLACE_COMMENTS',
  'ESCAPE_SEQ_DECODE',
  'SQL_HEX_DECODE',
  'CSS_DECODE',
  'JS_DECODE',
  'NORMALIZE_PATH',
  'NORMALIZE_PATH_WIN',
  'REMOVE_NULLS',
  'REPLACE_NULLS',
  'BASE64_DECODE_EXT',
  'URL_DECODE_UNI',
  'UTF8_TO_UNICODE',
] as const;

export type TextTransformationType = (typeof TEXT_TRANSFORMATION_TYPES)[number];

/** A statement's transformations, sorted by priority once; `key` names the chain for per-request caches. */
export interface TransformationChain {
  readonly key: string;
  readonly types: readonly TextTransformationType[];
  apply(value: string): string;
}

/** More than any real statement has (AWS allows 10 per statement); bounds work per value. */
const MAX_TRANSFORMATIONS = 100;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** UTF-8 bytes of `text` as a byte string. */
export function toByteString(text: string): string {
  return isAscii(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** A byte string read as UTF-8 (invalid sequences become U+FFFD), for the regex engine. */
export function fromByteString(bytes: string): string {
  return isAscii(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * Compiles a CloudFormation `TextTransformations` list (`[{Priority, Type}]`).
 *
 * @throws WebAclSimulationError for a missing list, an unknown type or a repeated priority
 */
export function compileTextTransformations(spec: unknown, rule: string | null, field: string): TransformationChain {
  if (!Array.isArray(spec) || spec.length > MAX_TRANSFORMATIONS) {
    throw new WebAclSimulationError(rule, field, `expected a list of at most ${MAX_TRANSFORMATIONS} {Priority, Type} entries, received ${quoteValue(spec)}`);
  }
  const entries = spec.map((entry: unknown, index) => {
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const type = record.Type;
    const priority = record.Priority;
    if (typeof type !== 'string' || !(TEXT_TRANSFORMATION_TYPES as readonly string[]).includes(type)) {
      throw new WebAclSimulationError(rule, `${field}[${index}].Type`, `received ${quoteValue(type)}; allowed: ${TEXT_TRANSFORMATION_TYPES.join(', ')}`);
    }
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0) {
      throw new WebAclSimulationError(rule, `${field}[${index}].Priority`, `expected an integer of at least 0, received ${quoteValue(priority)}`);
    }
    return { type: type as TextTransformationType, priority };
  });
  const priorities = new Set(entries.map((entry) => entry.priority));
  if (priorities.size !== entries.length) {
    throw new WebAclSimulationError(rule, field, 'priorities must all be different (AWS WAF rejects repeated ones)');
  }
  const types = entries
    .sort((a, b) => a.priority - b.priority)
    .map((entry) => entry.type)
    .filter((type) => type !== 'NONE');
  const functions = types.map((type) => TRANSFORMATIONS[type]);
  return {
    key: types.join(','),
    types,
    apply: (value) => {
      let result = value;
      for (const transform of functions) result = transform(result);
      return result;
    },
  };
}

/** Applies one transformation to a byte string. */
export function applyTextTransformation(type: TextTransformationType, value: string): string {
  return TRANSFORMATIONS[type](value);
}

const TRANSFORMATIONS: Readonly<Record<TextTransformationType, (value: string) => string>> = {
  NONE: (value) => value,
  COMPRESS_WHITE_SPACE: compressWhiteSpace,
  HTML_ENTITY_DECODE: htmlEntityDecode,
  LOWERCASE: lowercase,
  CMD_LINE: cmdLine,
  URL_DECODE: (value) => urlDecode(value, false),
  URL_DECODE_UNI: (value) => urlDecode(value, true),
  BASE64_DECODE: base64Decode,
  BASE64_DECODE_EXT: base64DecodeExt,
  HEX_DECODE: hexDecode,
  MD5: (value) => createHash('md5').update(Buffer.from(value, 'latin1')).digest().toString('latin1'),
  REPLACE_COMMENTS: replaceComments,
  ESCAPE_SEQ_DECODE: escapeSeqDecode,
  SQL_HEX_DECODE: sqlHexDecode,
  CSS_DECODE: cssDecode,
  JS_DECODE: jsDecode,
  NORMALIZE_PATH: normalizePath,
  NORMALIZE_PATH_WIN: (value) => normalizePath(value.replaceAll('\\', '/')),
  REMOVE_NULLS: (value) => (value.includes('\0') ? value.replaceAll('\0', '') : value),
  REPLACE_NULLS: (value) => (value.includes('\0') ? value.replaceAll('\0', ' ') : value),
  UTF8_TO_UNICODE: utf8ToUnicode,
};

/** Collects output bytes without a string per byte. */
class ByteWriter {
  private readonly buffer: Buffer;
  length = 0;
  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, 1));
  }
  push(byte: number): void {
    this.buffer[this.length++] = byte & 0xff;
  }
  pushAscii(text: string): void {
    for (let i = 0; i < text.length; i++) this.push(text.charCodeAt(i));
  }
  last(): number {
    return this.length > 0 ? this.buffer[this.length - 1] : -1;
  }
  pop(): void {
    this.length--;
  }
  toString(): string {
    return this.buffer.toString('latin1', 0, this.length);
  }
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

function isHex(value: string, index: number): boolean {
  return index < value.length && hexValue(value.charCodeAt(index)) >= 0;
}

/** Lowest byte of a %u / \u code, with WAF's full-width ASCII (U+FF01–U+FF5E) mapped to ASCII. */
function unicodeLowByte(code: number): number {
  return code >= 0xff01 && code <= 0xff5e ? (code & 0xff) + 0x20 : code & 0xff;
}

function isWhiteSpace(code: number): boolean {
  // space, \t, \n, \v, \f, \r and the non-breaking space byte (decimal 160), per the guide.
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0;
}

/** White space characters (the guide's list) become spaces, and runs of spaces one space. */
function compressWhiteSpace(value: string): string {
  const out = new ByteWriter(value.length);
  let previousSpace = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isWhiteSpace(code)) {
      if (!previousSpace) out.push(0x20);
      previousSpace = true;
    } else {
      out.push(code);
      previousSpace = false;
    }
  }
  return out.toString();
}

/** A–Z to a–z only: other bytes (UTF-8 of non-ASCII letters) are left alone. */
function lowercase(value: string): string {
  if (isAscii(value)) return value.toLowerCase();
  const out = new ByteWriter(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    out.push(code >= 0x41 && code <= 0x5a ? code + 0x20 : code);
  }
  return out.toString();
}

/**
 * The guide's steps: delete \ " ' ^; delete spaces before / and (; replace , and ; with a space;
 * runs of spaces to one; A–Z to lower case. As ModSecurity's cmdLine, tab, CR and LF count as spaces.
 */
function cmdLine(value: string): string {
  const out = new ByteWriter(value.length);
  let previousSpace = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x5c || code === 0x22 || code === 0x27 || code === 0x5e) continue;
    if (code === 0x20 || code === 0x2c || code === 0x3b || code === 0x09 || code === 0x0a || code === 0x0d) {
      if (!previousSpace) out.push(0x20);
      previousSpace = true;
      continue;
    }
    if ((code === 0x2f || code === 0x28) && previousSpace) out.pop();
    out.push(code >= 0x41 && code <= 0x5a ? code + 0x20 : code);
    previousSpace = false;
  }
  return out.toString();
}

const NAMED_ENTITIES: Readonly<Record<string, number>> = { quot: 0x22, amp: 0x26, lt: 0x3c, gt: 0x3e, nbsp: 0xa0 };

/** A code point as bytes: one byte up to 255 (so &#160; is the guide's decimal 160), else its UTF-8. */
function pushCodePoint(out: ByteWriter, code: number): void {
  if (code <= 0xff) out.push(code);
  else for (const byte of Buffer.from(String.fromCodePoint(code), 'utf8')) out.push(byte);
}

/**
 * &quot; &amp; &lt; &gt; &nbsp;, &#xhhhh; and &#nnnn; (the trailing `;` optional, as in
 * ModSecurity's htmlEntityDecode); anything else is copied unchanged.
 */
function htmlEntityDecode(value: string): string {
  if (!value.includes('&')) return value;
  const out = new ByteWriter(value.length);
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code !== 0x26) {
      out.push(code);
      i++;
      continue;
    }
    const decoded = decodeEntity(value, i);
    if (decoded === undefined) {
      out.push(code);
      i++;
      continue;
    }
    pushCodePoint(out, decoded.code);
    i = decoded.end;
  }
  return out.toString();
}

function decodeEntity(value: string, start: number): { code: number; end: number } | undefined {
  let i = start + 1;
  if (value[i] === '#') {
    i++;
    const hex = value[i] === 'x' || value[i] === 'X';
    if (hex) i++;
    const digitsStart = i;
    let code = 0;
    // At most 8 digits: bounds the number and the work on hostile input.
    while (i < value.length && i - digitsStart < 8 && (hex ? isHex(value, i) : value.charCodeAt(i) >= 0x30 && value.charCodeAt(i) <= 0x39)) {
      code = code * (hex ? 16 : 10) + hexValue(value.charCodeAt(i));
      i++;
    }
    if (i === digitsStart || code > 0x10ffff) return undefined;
    if (value[i] === ';') i++;
    return { code, end: i };
  }
  for (const [name, code] of Object.entries(NAMED_ENTITIES)) {
    if (value.startsWith(name, i)) {
      let end = i + name.length;
      if (value[end] === ';') end++;
      return { code, end };
    }
  }
  return undefined;
}

/**
 * %HH to a byte and `+` to a space; a `%` not followed by two hex digits is kept as is. With
 * `unicode` (URL_DECODE_UNI), also Microsoft's %uHHHH: the low byte, full-width ASCII mapped.
 */
function urlDecode(value: string, unicode: boolean): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  const out = new ByteWriter(value.length);
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code === 0x2b) {
      out.push(0x20);
      i++;
    } else if (code === 0x25 && isHex(value, i + 1) && isHex(value, i + 2)) {
      out.push(hexValue(value.charCodeAt(i + 1)) * 16 + hexValue(value.charCodeAt(i + 2)));
      i += 3;
    } else if (
      unicode &&
      code === 0x25 &&
      (value[i + 1] === 'u' || value[i + 1] === 'U') &&
      isHex(value, i + 2) &&
      isHex(value, i + 3) &&
      isHex(value, i + 4) &&
      isHex(value, i + 5)
    ) {
      out.push(unicodeLowByte(parseInt(value.slice(i + 2, i + 6), 16)));
      i += 6;
    } else {
      out.push(code);
      i++;
    }
  }
  return out.toString();
}

const BASE64_CHAR = /[A-Za-z0-9+/]/;

/** Standard Base64, decoded up to the first character outside the alphabet (padding ends it). */
function base64Decode(value: string): string {
  let end = 0;
  while (end < value.length && BASE64_CHAR.test(value[end])) end++;
  return Buffer.from(value.slice(0, end), 'base64').toString('latin1');
}

/** The forgiving decoder: characters outside the alphabet are skipped (the guide's BASE64_DECODE_EXT). */
function base64DecodeExt(value: string): string {
  let kept = '';
  for (let i = 0; i < value.length; i++) if (BASE64_CHAR.test(value[i])) kept += value[i];
  return Buffer.from(kept, 'base64').toString('latin1');
}

/** Pairs of hex digits to bytes; a character that does not start a pair is copied unchanged. */
function hexDecode(value: string): string {
  const out = new ByteWriter(value.length);
  let i = 0;
  while (i < value.length) {
    if (isHex(value, i) && isHex(value, i + 1)) {
      out.push(hexValue(value.charCodeAt(i)) * 16 + hexValue(value.charCodeAt(i + 1)));
      i += 2;
    } else {
      out.push(value.charCodeAt(i));
      i++;
    }
  }
  return out.toString();
}

/** Each /* … *\/ comment, or an unterminated one at the end, becomes one space; a lone *\/ stays. */
function replaceComments(value: string): string {
  if (!value.includes('/*')) return value;
  let result = '';
  let i = 0;
  while (i < value.length) {
    const open = value.indexOf('/*', i);
    if (open < 0) {
      result += value.slice(i);
      break;
    }
    result += `${value.slice(i, open)} `;
    const close = value.indexOf('*/', open + 2);
    if (close < 0) break;
    i = close + 2;
  }
  return result;
}

const C_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c, '?': 0x3f, "'": 0x27, '"': 0x22 };

function isOctal(value: string, index: number): boolean {
  const code = value.charCodeAt(index);
  return code >= 0x30 && code <= 0x37;
}

/** Reads up to three octal digits at `start`. */
function readOctal(value: string, start: number): { byte: number; end: number } {
  let end = start;
  let byte = 0;
  while (end < value.length && end - start < 3 && isOctal(value, end)) {
    byte = byte * 8 + (value.charCodeAt(end) - 0x30);
    end++;
  }
  return { byte, end };
}

/** ANSI C escapes: \a \b \f \n \r \t \v \\ \? \' \" \xHH \OOO; an unknown escape is kept as is. */
function escapeSeqDecode(value: string): string {
  if (!value.includes('\\')) return value;
  const out = new ByteWriter(value.length);
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    const next = value[i + 1];
    if (code !== 0x5c || next === undefined) {
      out.push(code);
      i++;
    } else if (C_ESCAPES[next] !== undefined) {
      out.push(C_ESCAPES[next]);
      i += 2;
    } else if ((next === 'x' || next === 'X') && isHex(value, i + 2) && isHex(value, i + 3)) {
      out.push(hexValue(value.charCodeAt(i + 2)) * 16 + hexValue(value.charCodeAt(i + 3)));
      i += 4;
    } else if (isOctal(value, i + 1)) {
      const octal = readOctal(value, i + 1);
      out.push(octal.byte);
      i = octal.end;
    } else {
      out.push(code);
      i++;
    }
  }
  return out.toString();
}

/** 0xHH… (at least one pair of hex digits) to the bytes it spells: `0x414243` → `ABC`. */
function sqlHexDecode(value: string): string {
  const out = new ByteWriter(value.length);
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code === 0x30 && (value[i + 1] === 'x' || value[i + 1] === 'X') && isHex(value, i + 2) && isHex(value, i + 3)) {
      i += 2;
      while (isHex(value, i) && isHex(value, i + 1)) {
        out.push(hexValue(value.charCodeAt(i)) * 16 + hexValue(value.charCodeAt(i + 1)));
        i += 2;
      }
    } else {
      out.push(code);
      i++;
    }
  }
  return out.toString();
}

/**
 * CSS 2.x escapes (ModSecurity's cssDecode): `\` and 1–6 hex digits give the code's lowest byte
 * (full-width ASCII mapped), and one white space after them is part of the escape; `\` and a
 * newline are removed; `\` and another character give that character; a final `\` is removed.
 */
function cssDecode(value: string): string {
  if (!value.includes('\\')) return value;
  const out = new ByteWriter(value.length);
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (code !== 0x5c) {
      out.push(code);
      i++;
      continue;
    }
    if (i + 1 >= value.length) break;
    let end = i + 1;
    while (end < value.length && end - (i + 1) < 6 && isHex(value, end)) end++;
    if (end > i + 1) {
      out.push(unicodeLowByte(parseInt(value.slice(i + 1, end), 16)));
      i = end;
      if (i < value.length && isWhiteSpace(value.charCodeAt(i)) && value.charCodeAt(i) !== 0xa0) i++;
    } else if (value[i + 1] === '\n') {
      i += 2;
    } else {
      out.push(value.charCodeAt(i + 1));
      i += 2;
    }
  }
  return out.toString();
}

/**
 * JavaScript escapes (ModSecurity's jsDecode): \uHHHH (lowest byte, full-width ASCII mapped),
 * \xHH, \OOO, the C letters; `\` and another character give that character.
 */
function jsDecode(value: string): string {
  if (!value.includes('\\')) return value;
  const out = new ByteWriter(value.length);
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    const next = value[i + 1];
    if (code !== 0x5c || next === undefined) {
      out.push(code);
      i++;
    } else if ((next === 'u' || next === 'U') && isHex(value, i + 2) && isHex(value, i + 3) && isHex(value, i + 4) && isHex(value, i + 5)) {
      out.push(unicodeLowByte(parseInt(value.slice(i + 2, i + 6), 16)));
      i += 6;
    } else if ((next === 'x' || next === 'X') && isHex(value, i + 2) && isHex(value, i + 3)) {
      out.push(hexValue(value.charCodeAt(i + 2)) * 16 + hexValue(value.charCodeAt(i + 3)));
      i += 4;
    } else if (isOctal(value, i + 1)) {
      const octal = readOctal(value, i + 1);
      out.push(octal.byte);
      i = octal.end;
    } else if (C_ESCAPES[next] !== undefined) {
      out.push(C_ESCAPES[next]);
      i += 2;
    } else {
      out.push(next.charCodeAt(0));
      i += 2;
    }
  }
  return out.toString();
}

/**
 * Removes repeated slashes, `.` segments and `..` segments with the segment they undo; a `..`
 * with nothing before it to undo (the beginning of the input) is kept, per the guide.
 */
function normalizePath(value: string): string {
  if (!value.includes('//') && !value.includes('/.') && !value.startsWith('.')) return value;
  const absolute = value.startsWith('/');
  const parts = value.split('/');
  const segments: string[] = [];
  let trailingSlash = value.endsWith('/');
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    const last = index === parts.length - 1;
    if (part === '' || part === '.') {
      if (last && part === '.') trailingSlash = true;
      continue;
    }
    if (part === '..' && segments.length > 0 && segments[segments.length - 1] !== '..') {
      segments.pop();
      if (last) trailingSlash = true;
      continue;
    }
    segments.push(part);
  }
  const joined = segments.join('/');
  const result = `${absolute ? '/' : ''}${joined}${trailingSlash && joined !== '' ? '/' : ''}`;
  return result === '' && absolute ? '/' : result;
}

/** Valid multi-byte UTF-8 sequences to %uHHHH (lower-case hex, at least four digits); other bytes unchanged. */
function utf8ToUnicode(value: string): string {
  if (isAscii(value)) return value;
  const out = new ByteWriter(value.length * 3);
  let i = 0;
  while (i < value.length) {
    const sequence = readUtf8(value, i);
    if (sequence === undefined) {
      out.push(value.charCodeAt(i));
      i++;
      continue;
    }
    out.pushAscii(`%u${sequence.code.toString(16).padStart(4, '0')}`);
    i = sequence.end;
  }
  return out.toString();
}

function readUtf8(value: string, start: number): { code: number; end: number } | undefined {
  const lead = value.charCodeAt(start);
  const length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xc2 && lead <= 0xdf ? 2 : 0;
  if (length === 0 || start + length > value.length) return undefined;
  let code = lead & (length === 2 ? 0x1f : length === 3 ? 0x0f : 0x07);
  for (let k = 1; k < length; k++) {
    const byte = value.charCodeAt(start + k);
    if ((byte & 0xc0) !== 0x80) return undefined;
    code = (code << 6) | (byte & 0x3f);
  }
  const minimum = length === 2 ? 0x80 : length === 3 ? 0x800 : 0x10000;
  if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { code, end: start + length };
}
