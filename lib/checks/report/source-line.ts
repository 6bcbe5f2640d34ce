import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A line of the user's own code: where a construct was created. */
export interface SourceLine {
  /** Relative to the working directory (the repository, for SARIF). */
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/** Bulwark's own modules (lib/ from source, dist/lib/ when built): frames there are the library's, not the user's. */
const BULWARK_LIB = resolve(__dirname, '..', '..');

/**
 * An absolute path or file URL followed by `:line` and maybe `:column`, wherever it stands in a
 * frame: V8 writes `fn (/app/main.ts:7:1)`, aws-cdk-lib's trace writes `/app/main.ts:11 (:)`.
 */
const FRAME = /((?:file:\/\/)?\/[^\s():]+):(\d+)(?::(\d+))?/;

/**
 * The user's line a construct was created at, from the creation stack traces aws-cdk-lib writes
 * into the validation report: the first frame in a file inside the working directory that is
 * neither a dependency (node_modules) nor Bulwark itself. The traces come from a file on disk
 * and are read as text only: a path is used when it names an existing regular file inside the
 * working directory, and never opened.
 */
export function sourceLineOf(stackTraces: readonly string[] | undefined, cwd: string): SourceLine | undefined {
  for (const trace of stackTraces ?? []) {
    for (const frame of trace.split('\n')) {
      const match = FRAME.exec(frame);
      if (!match) continue;
      const file = toPath(match[1]);
      if (file === undefined || file.split(sep).includes('node_modules') || file.startsWith(`${BULWARK_LIB}${sep}`)) continue;
      const fromHere = relative(cwd, file);
      if (fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) || !isRegularFile(file)) continue;
      return { file: fromHere, line: Number(match[2]), ...(match[3] ? { column: Number(match[3]) } : {}) };
    }
  }
  return undefined;
}

function toPath(text: string): string | undefined {
  try {
    const path = text.startsWith('file://') ? fileURLToPath(text) : text;
    return isAbsolute(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function isRegularFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
