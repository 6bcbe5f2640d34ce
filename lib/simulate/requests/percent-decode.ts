/**
 * Text with each `%XX` decoded to its byte, read as UTF-8 (invalid sequences become U+FFFD); a
 * `%` not followed by two hex digits stays as it is. Unlike decodeURIComponent, one malformed
 * escape does not leave the rest undecoded. Used where a log URL-encodes a header value.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  const source = Buffer.from(text, 'utf8');
  for (let index = 0; index < source.length; index++) {
    const byte = source[index];
    if (byte === 0x25 && index + 2 < source.length && isHex(source[index + 1]) && isHex(source[index + 2])) {
      bytes.push(parseInt(String.fromCharCode(source[index + 1], source[index + 2]), 16));
      index += 2;
    } else bytes.push(byte);
  }
  return Buffer.from(bytes).toString('utf8');
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}
