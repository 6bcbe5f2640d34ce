import { existsSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RE2JS } from 're2js';
import { readBoundedFile } from '../../core/read-bounded-file';

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
 * working directory. A frame in compiled JavaScript with a source map beside it (`app.js.map`, as
 * tsc's `sourceMap` writes it) is placed at the line of the source it was compiled from, when
 * that source is a file inside the working directory; otherwise at the JavaScript line.
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
      const compiledOrSource = { file: fromHere, line: Number(match.group(2)), ...(column ? { column: Number(column) } : {}) };
      return (file.endsWith('.js') ? originalLine(file, compiledOrSource, cwd) : undefined) ?? compiledOrSource;
    }
  }
  return undefined;
}

/** The largest source map read: tsc writes a few KB per module; a bundle's map may reach megabytes. */
const MAX_SOURCE_MAP_BYTES = 20 * 1024 * 1024;
const sourceMaps = new Map<string, SourceMap | undefined>();

/** The source map beside a compiled file, read once; undefined when there is none or it is not a source map. */
function sourceMapOf(mapFile: string): SourceMap | undefined {
  if (sourceMaps.has(mapFile)) return sourceMaps.get(mapFile);
  let map: SourceMap | undefined;
  if (isRegularFile(mapFile)) {
    const read = readBoundedFile(mapFile, MAX_SOURCE_MAP_BYTES);
    try {
      if ('bytes' in read) map = new SourceMap(JSON.parse(read.bytes.toString('utf8')) as SourceMapPayload);
    } catch {
      map = undefined;
    }
  }
  sourceMaps.set(mapFile, map);
  return map;
}

/** A compiled JavaScript line mapped to its source through `<file>.map`, when the source is a file inside the working directory. */
function originalLine(file: string, line: SourceLine, cwd: string): SourceLine | undefined {
  const map = sourceMapOf(`${file}.map`);
  if (map === undefined) return undefined;
  // findEntry counts from 0; stack frames and SourceLine from 1.
  const entry = map.findEntry(line.line - 1, (line.column ?? 1) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
  if (typeof entry.originalSource !== 'string' || typeof entry.originalLine !== 'number') return undefined;
  const payload = map.payload as SourceMapPayload & { sourceRoot?: string };
  const source = toPath(entry.originalSource) ?? resolve(dirname(file), payload.sourceRoot ?? '', entry.originalSource);
  const fromHere = relative(cwd, source);
  if (fromHere === '' || fromHere.startsWith('..') || isAbsolute(fromHere) || fromHere.split(sep).includes('node_modules') || !isRegularFile(source))
    return undefined;
  return { file: fromHere, line: entry.originalLine + 1, ...(typeof entry.originalColumn === 'number' ? { column: entry.originalColumn + 1 } : {}) };
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
