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

/** A report being written to `--output`: chunks in order, then committed (the file appears whole) or aborted (nothing changes). */
export interface OutputSink {
  write(text: string): void;
  commit(): void;
  abort(): void;
}

/**
 * Writes the report to `--output <file>` (see outputTarget) whole or not at all: a regular file
 * is written to a new temporary file beside it (created exclusively, so never through a link
 * someone placed there), flushed, then renamed over it, keeping the old file's permissions; on
 * any failure the temporary file is removed and the old file is left as it was.
 */
export function writeOutput(file: string, text: string): void {
  const sink = openOutput(file);
  try {
    sink.write(text);
    sink.commit();
  } catch (error) {
    sink.abort();
    throw error;
  }
}

/**
 * `--output <file>` opened for a report written in chunks (one too large to hold in memory), with
 * writeOutput's guarantees: the file is replaced only by commit(); abort() leaves it as it was.
 */
export function openOutput(file: string): OutputSink {
  const target = outputTarget(file);
  const failed = (error: unknown): UsageError => {
    if (error instanceof UsageError) return error;
    if (!existsSync(dirname(target.path)))
      return new UsageError(`cannot write --output ${file}: the directory ${dirname(target.path)} does not exist; create it first`);
    return new UsageError(`cannot write --output ${file}: ${(error as Error).message}`);
  };
  if (target.kind === 'in-place') {
    let descriptor: number;
    try {
      descriptor = openSync(target.path, 'w');
    } catch (error) {
      throw failed(error);
    }
    let closed = false;
    const close = () => {
      if (!closed) closeSync(descriptor);
      closed = true;
    };
    return {
      write: (text) => {
        try {
          writeFileSync(descriptor, text);
        } catch (error) {
          close();
          throw failed(error);
        }
      },
      commit: close,
      abort: close,
    };
  }
  const temporary = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, 'wx', target.mode ?? 0o666);
    if (target.mode !== undefined) fchmodSync(descriptor, target.mode);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw failed(error);
  }
  const open = descriptor;
  let closed = false;
  const abort = () => {
    if (!closed) closeSync(open);
    closed = true;
    rmSync(temporary, { force: true });
  };
  return {
    write: (text) => {
      try {
        writeFileSync(open, text);
      } catch (error) {
        abort();
        throw failed(error);
      }
    },
    commit: () => {
      try {
        fsyncSync(open);
        closeSync(open);
        closed = true;
        renameSync(temporary, target.path);
      } catch (error) {
        abort();
        throw failed(error);
      }
    },
    abort,
  };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
