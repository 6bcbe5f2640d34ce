import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Why a file could not be read within its bounds. */
export type BoundedReadFailure =
  | { readonly reason: 'cannot-open'; readonly code: string | undefined; readonly message: string }
  | { readonly reason: 'not-regular'; readonly kind: string }
  | { readonly reason: 'too-large' };

const CHUNK_BYTES = 1024 * 1024;

/**
 * The bytes of a regular file of at most `maxBytes`, or why not. The file is opened without
 * blocking and checked on its descriptor before anything is read, so a FIFO, a device
 * (/dev/zero) or a directory is refused rather than read forever; reading stops past the cap
 * even if the file grows meanwhile. Callers word their own errors.
 */
export function readBoundedFile(file: string, maxBytes: number): { readonly bytes: Buffer } | { readonly failure: BoundedReadFailure } {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { failure: { reason: 'cannot-open', code: (error as NodeJS.ErrnoException).code, message: (error as Error).message } };
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return { failure: { reason: 'not-regular', kind: fileKind(stats) } };
    if (stats.size > maxBytes) return { failure: { reason: 'too-large' } };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(descriptor, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return { failure: { reason: 'too-large' } }; // it grew since fstat
      chunks.push(chunk.subarray(0, read));
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { failure: { reason: 'cannot-open', code: (error as NodeJS.ErrnoException).code, message: (error as Error).message } };
  } finally {
    closeSync(descriptor);
  }
}

/** What a file that is not a regular file is, for a message. */
function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}
