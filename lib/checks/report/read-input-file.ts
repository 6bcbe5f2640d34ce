import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { OutputFileError } from './output-file-error';

/**
 * The largest file `bulwark check` reads (a manifest, a template, a cdk.tf.json, a cdk.json):
 * 50 MiB. CloudFormation accepts templates of 1 MB, so a larger one is not a synthesized app.
 */
export const MAX_INPUT_FILE_BYTES = 50 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

/**
 * The text of a regular file of at most MAX_INPUT_FILE_BYTES, or an OutputFileError. The file
 * is opened without blocking and checked on its descriptor before anything is read, so a FIFO,
 * a device (/dev/zero) or a directory is refused rather than read forever; reading stops past
 * the cap even if the file grows meanwhile.
 */
export function readInputFile(file: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new OutputFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new OutputFileError(`${file} is ${fileKind(stats)}, not a regular file: bulwark check reads only regular files; give the synthesized output itself`);
    if (stats.size > MAX_INPUT_FILE_BYTES) throw tooLarge(file);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(descriptor, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      total += read;
      if (total > MAX_INPUT_FILE_BYTES) throw tooLarge(file); // it grew since fstat
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    if (error instanceof OutputFileError) throw error;
    throw new OutputFileError(`cannot read ${file}: ${(error as Error).message}`);
  } finally {
    closeSync(descriptor);
  }
}

function tooLarge(file: string): OutputFileError {
  return new OutputFileError(`${file} is larger than ${MAX_INPUT_FILE_BYTES / (1024 * 1024)} MiB, the most bulwark check reads from one file (MAX_INPUT_FILE_BYTES); a synthesized template or manifest is far smaller: synthesize again`);
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
