import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { RequestInputError } from './request-input-error';

/**
 * A handle on a regular file. Opened without blocking and checked on its descriptor before
 * anything is read, so a FIFO, a device (/dev/zero) or a directory is refused rather than read
 * forever (as readBoundedFile does for whole files).
 */
export async function openRegularFile(file: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new RequestInputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new RequestInputError(
        `${file}: is not a regular file (${stats.isDirectory() ? 'a directory' : 'a pipe, device or socket'}); write the requests to a file`,
      );
  } catch (error) {
    await handle.close();
    if (error instanceof RequestInputError) throw error;
    throw new RequestInputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return handle;
}
