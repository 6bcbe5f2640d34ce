import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RE2JS } from 're2js';

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
const FRAME_PATTERN = '((?:file://)?/[^\\s():]+):(\\d+)(?::(\\d+))?';
/** Frames longer than this are not read: the report is a file written by others, and no real frame comes near it. */
const MAX_FRAME_LENGTH = 4_096;

// RE2 (linear time): a backtracking engine retries the path from every start position of a long line without a colon.
let frame: RE2JS | undefined;
function framePattern(): RE2JS {
  const { RE2JS: Re2 } = require('re2js') as typeof import('re2js');
  return (frame ??= Re2.compile(FRAME_PATTERN));
}

/**
 * The user's line a construct was created at, from the creation stack traces aws-cdk-lib writes
 * into the validation report: the first frame in a file inside the working directory that is
 * neither a dependency (node_modules) nor Bulwark itself. The traces come from a file on disk
 * and are read as text only: a path is used when it names an existing regular file inside the
 * working directory, and never opened.
 */
export function sourceLineOf(stackTraces: readonly string[] | undefined, cwd: string): SourceLine | undefined {
  for (const trace of stackTraces ?? []) {
    for (const line of trace.split('\n')) {
      if (line.length > MAX_FRAME_LENGTH) continue;
      const match = framePattern().matcher(line);
      if (!match.find()) continue;
      const file = toPath(match.group(1) ?? '');
      if (file === undefined || file.split(sep).includes('node_modules') || file.startsWith(`${BULWARK_LIB}${sep}`)) continue;
      const fromHere = relative(cwd, file);
      if (fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) || !isRegularFile(file)) continue;
      const column = match.group(3);
      return { file: fromHere, line: Number(match.group(2)), ...(column ? { column: Number(column) } : {}) };
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
