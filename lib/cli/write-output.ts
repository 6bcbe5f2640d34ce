import { closeSync, existsSync, fchmodSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage-error';

/** Where --output writes: a regular file (new or replaced whole) or something written in place. */
export type OutputTarget = { readonly kind: 'file'; readonly path: string; readonly mode?: number } | { readonly kind: 'in-place'; readonly path: string };

/**
 * Where `--output <file>` writes, by these rules, or a UsageError (exit 2) saying why not:
 * - an empty path, or one that names a directory, is refused;
 * - a symbolic link is followed to the file it names, which is replaced and the link kept; a
 *   link that points nowhere, or a loop of links, is refused (never replaced by a file);
 * - what is not a regular file (a device such as /dev/null or /dev/stdout, a pipe) is written
 *   in place, never replaced;
 * - anything else is a new or existing regular file, written whole (see writeOutput).
 */
export function outputTarget(file: string): OutputTarget {
  if (file.trim() === '') throw new UsageError('--output is empty: give the file to write the report to, or leave --output out to print the report');
  if (/[\\/]$/.test(file)) throw new UsageError(`--output ${file} names a directory: give a file in it, such as ${join(file, 'bulwark.sarif')}`);
  let target = file;
  try {
    if (lstatSync(file).isSymbolicLink()) target = realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new UsageError(`--output ${file} is a loop of symbolic links: remove it, or point it at a file`);
    if (code === 'ENOENT' && isLink(file))
      throw new UsageError(
        `--output ${file} is a symbolic link to a file that does not exist: create that file first, or remove the link to write a new file here`,
      );
    if (code !== 'ENOENT') throw new UsageError(`--output ${file} cannot be used: ${(error as Error).message}`);
    return { kind: 'file', path: file }; // a new file
  }
  let stats;
  try {
    stats = statSync(target);
  } catch (error) {
    throw new UsageError(`--output ${file} cannot be used: ${(error as Error).message}`);
  }
  if (stats.isDirectory()) throw new UsageError(`--output ${file} is a directory: give a file in it, such as ${join(file, 'bulwark.sarif')}`);
  if (!stats.isFile()) return { kind: 'in-place', path: target };
  return { kind: 'file', path: target, mode: stats.mode & 0o777 };
}

/**
 * Writes the report to `--output <file>` (see outputTarget) whole or not at all: a regular file
 * is written to a new temporary file beside it (created exclusively, so never through a link
 * someone placed there), flushed, then renamed over it, keeping the old file's permissions; on
 * any failure the temporary file is removed and the old file is left as it was.
 */
export function writeOutput(file: string, text: string): void {
  const target = outputTarget(file);
  if (target.kind === 'in-place') {
    try {
      writeFileSync(target.path, text);
    } catch (error) {
      throw new UsageError(`cannot write --output ${file}: ${(error as Error).message}`);
    }
    return;
  }
  const temporary = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const descriptor = openSync(temporary, 'wx', target.mode ?? 0o666);
    created = true;
    try {
      if (target.mode !== undefined) fchmodSync(descriptor, target.mode);
      writeFileSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target.path);
  } catch (error) {
    if (created) rmSync(temporary, { force: true });
    if (!existsSync(dirname(target.path)))
      throw new UsageError(`cannot write --output ${file}: the directory ${dirname(target.path)} does not exist; create it first`);
    throw new UsageError(`cannot write --output ${file}: ${(error as Error).message}`);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
