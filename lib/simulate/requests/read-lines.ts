import { openRegularFile } from './open-regular-file';

/** One line of a file (1-based `number`, without its `\n` or `\r\n`), or a line longer than the cap, which is skipped unread. */
export type FileLine = { readonly number: number; readonly text: string } | { readonly number: number; readonly tooLong: true };

/** Longest line the line formats read: a request with a large body fits; a runaway line does not take the memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

const CHUNK_BYTES = 64 * 1024;

/**
 * The lines of a regular file, streamed: memory holds one chunk and at most one line of
 * `maxLineBytes`, whatever the file's size (node:readline would buffer a line of any length).
 * Bytes past the cap are dropped until the line ends and the line is reported as too long.
 * A UTF-8 byte order mark at the start is dropped; invalid UTF-8 becomes U+FFFD.
 */
export async function* readLines(file: string, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<FileLine> {
  const handle = await openRegularFile(file);
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false;
    let number = 0;
    const finish = (end: Buffer | undefined): FileLine => {
      number += 1;
      const parts = end === undefined ? pending : [...pending, end];
      pending = [];
      pendingBytes = 0;
      if (skipping) {
        skipping = false;
        return { number, tooLong: true };
      }
      const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      let text = bytes.toString('utf8');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (number === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
      return { number, text };
    };
    const keep = (segment: Buffer) => {
      if (skipping || segment.length === 0) return;
      if (pendingBytes + segment.length > maxLineBytes) {
        skipping = true;
        pending = [];
        pendingBytes = 0;
        return;
      }
      pending.push(segment);
      pendingBytes += segment.length;
    };
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      for (let newline = data.indexOf(10, start); newline !== -1; newline = data.indexOf(10, start)) {
        const segment = data.subarray(start, newline);
        if (!skipping && pendingBytes + segment.length > maxLineBytes) skipping = true;
        yield finish(skipping ? undefined : segment);
        start = newline + 1;
      }
      keep(data.subarray(start));
    }
    if (skipping || pendingBytes > 0) yield finish(undefined);
  } finally {
    await handle.close();
  }
}
