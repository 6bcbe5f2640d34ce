import type * as Yaml from 'yaml';
import { readBoundedFile } from '../core/read-bounded-file';
import { capIssues, displayKey, MAX_REPORTED_ISSUES, ProfileValidationError, type ProfileIssue } from './errors';
import { issuesFromZod } from './issues-from-zod';
import { mergeProfileInput } from './merge';
import { PRESETS } from './presets';
import { PRESET_NAMES, profileSchema, type HardeningProfile, type HardeningProfileInput, type PresetName } from './schema';
import { findUnsafeValues } from './unsafe-values';
import { yamlProblem } from './yaml-problems';

/** Where a profile came from, so problems can point at a file, line and column. */
export interface ProfileSource {
  /** The file name shown in problems. */
  readonly file?: string;
  /** 1-based line and column of the value at a field path, when known. */
  locate?(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

/**
 * Validates a profile written as a TypeScript object and applies its preset and defaults.
 *
 * @throws ProfileValidationError with every problem found
 */
export function defineProfile(input: HardeningProfileInput): HardeningProfile {
  return parseProfile(input);
}

/**
 * Validates untrusted profile data (parsed YAML or JSON, or an object) and applies its preset
 * (`extends`) and defaults.
 *
 * @throws ProfileValidationError with every problem found
 */
export function parseProfile(input: unknown, source: ProfileSource = {}): HardeningProfile {
  const unsafe = findUnsafeValues(input);
  if (unsafe.length > 0) throw new ProfileValidationError(unsafe.map((issue) => placeIssue(issue, source)));
  const resolved = resolvePreset(input);
  // jitless: zod's eval fast path generates and compiles code per object schema on the first parse, which
  // costs more than it saves for the few profiles a process validates (~10 ms of a one-service synth).
  const result = profileSchema.safeParse(resolved, { reportInput: true, jitless: true });
  if (result.success) return result.data;
  // Capped before locating: each lookup walks the document, and a hostile file can hold a hundred thousand problems.
  const issues = capIssues(issuesFromZod(result.error, resolved)).map((issue) => placeIssue(issue, source));
  // Problems in file order read best; those without a position (preset values) go last.
  const byPosition = [...issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  throw new ProfileValidationError(byPosition);
}

/**
 * Reads, validates and resolves a profile file (`.yaml`, `.yml` or `.json`).
 *
 * @throws ProfileValidationError when the file is missing, malformed or invalid
 */
export function loadProfile(file: string): HardeningProfile {
  const { data, source } = readProfileFile(file);
  return parseProfile(data, source);
}

/** Extends a preset with overrides (JSON Merge Patch rules) and validates the result. */
export function extendPreset(preset: PresetName, overrides: HardeningProfileInput): HardeningProfile {
  return parseProfile({ ...overrides, extends: preset });
}

/**
 * The YAML parser, loaded when a file is read: apps that pass profile objects (and every
 * construct) do not pay its import time (~45 ms a process).
 */
function yaml(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}

/** The largest profile file read: a profile is a page of YAML; past this a file is not one. */
export const MAX_PROFILE_FILE_BYTES = 1024 * 1024;

/** Reads a profile file into plain data and a locator for its fields. */
export function readProfileFile(file: string): { data: unknown; source: ProfileSource } {
  const text = readProfileText(file);
  const lineCounter = new (yaml().LineCounter)();
  const document = parseYamlDocument(text, file, lineCounter);
  const errors: YamlError[] = [...document.errors, ...duplicateKeys(document)];
  if (errors.length > 0) {
    // One past the cap is enough to say that more were left out.
    throw new ProfileValidationError(errors.slice(0, MAX_REPORTED_ISSUES + 1).map((error) => yamlErrorIssue(error, text, file, lineCounter)));
  }
  const data = documentData(document, file);
  return { data, source: { file, locate: (path) => locate(document, lineCounter, path) } };
}

/** A parser error, or a repeated key found after parsing, at an offset of the text. */
interface YamlError {
  readonly code: string;
  readonly pos: readonly [number, number];
}

function parseYamlDocument(text: string, file: string, lineCounter: Yaml.LineCounter): Yaml.Document.Parsed {
  try {
    // yaml's own uniqueKeys check compares every key with every other (quadratic): keys are checked below instead.
    return yaml().parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  } catch (error) {
    // Only nesting deep enough to exhaust the parser's stack gets here.
    throw new ProfileValidationError([
      {
        path: '',
        file,
        message: `cannot be parsed: ${error instanceof RangeError ? 'it nests too deeply' : 'the parser failed'}`,
        allowed: 'one YAML or JSON document nested a few levels deep',
        fix: 'flatten the document',
      },
    ]);
  }
}

function yamlErrorIssue(error: YamlError, text: string, file: string, lineCounter: Yaml.LineCounter): ProfileIssue {
  const position = toPosition(lineCounter, error.pos[0]);
  return {
    path: '',
    file,
    ...position,
    message:
      error.code === 'MULTIPLE_DOCS'
        ? 'holds more than one YAML document'
        : error.code === 'DUPLICATE_KEY'
          ? `repeats the key ${keyAt(text, error.pos[0])} in one mapping`
          : `is not valid YAML: ${yamlProblem(error.code)}`,
    allowed: error.code === 'DUPLICATE_KEY' ? 'each key once in a mapping' : 'one YAML or JSON document',
    fix:
      error.code === 'DUPLICATE_KEY'
        ? `keep one ${keyAt(text, error.pos[0])} and remove the other`
        : error.code === 'MULTIPLE_DOCS'
          ? 'keep one profile per file (remove the extra ---)'
          : 'correct the syntax at that position',
  };
}

/** The document as plain data, which must be a mapping of fields. */
function documentData(document: Yaml.Document.Parsed, file: string): object {
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Unresolved, circular or exploding aliases surface only when the document is built.
    throw new ProfileValidationError([
      {
        path: '',
        file,
        message: `is not valid YAML: ${aliasProblem(error)}`,
        allowed: 'YAML without unresolved or excessive aliases',
        fix: 'define each &anchor before its *alias and do not nest aliases deeply',
      },
    ]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ProfileValidationError([
      {
        path: '',
        file,
        line: 1,
        column: 1,
        message: 'is not a mapping of fields',
        received: describeShape(data),
        allowed: 'a mapping with name, environment, tls, waf, …',
        fix: 'start the file with "name: my-service"',
      },
    ]);
  }
  return data;
}

/** The mapping key written at an offset of the YAML text, for a message; redacted like any key. */
function keyAt(text: string, offset: number): string {
  // Bounded: a key is at most 1,024 characters in YAML, and the pattern never sees a whole file.
  const key = /^\s*("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(offset, offset + 1_100))?.[1];
  return key === undefined ? 'a key' : displayKey(key.replace(/^["']|["']$/g, ''));
}

/** Keys repeated within one mapping, as parser-style errors at the repeated key; one pass with a set per mapping, without recursion. */
function duplicateKeys(document: Yaml.Document.Parsed): YamlError[] {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  const found: YamlError[] = [];
  const pending: unknown[] = [document.contents];
  while (pending.length > 0 && found.length <= MAX_REPORTED_ISSUES) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          const offset = pair.key.range?.[0] ?? 0;
          if (seen.has(key)) found.push({ code: 'DUPLICATE_KEY', pos: [offset, offset] });
          seen.add(key);
        } else if (pair.key !== null) pending.push(pair.key);
        pending.push(pair.value);
      }
    } else if (isSeq(node)) pending.push(...node.items);
    else if (isPair(node)) pending.push(node.key, node.value);
  }
  return found;
}

/** Why building the document's data failed, in fixed words (the parser's message names the alias). */
function aliasProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/^Unresolved alias/.test(message)) return 'an alias (*name) refers to no anchor defined before it';
  if (/alias count|resource exhaustion/i.test(message)) return 'aliases expand to too much data';
  return 'an alias cannot be resolved';
}

/** What a document that is not a mapping holds, by kind and size, never by content: it may be a `.env` file or a key. */
function describeShape(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (typeof data === 'string') return `a string of ${data.length} characters (not shown)`;
  if (Array.isArray(data)) return `a list of ${data.length} entries (not shown)`;
  return `a ${typeof data} (not shown)`;
}

/**
 * Reads a profile file as UTF-8 text: a regular file (never a device, FIFO or directory, which
 * could block or never end) of at most {@link MAX_PROFILE_FILE_BYTES}, in valid UTF-8.
 */
function readProfileText(file: string): string {
  const refuse = (message: string, allowed: string, fix: string): never => {
    throw new ProfileValidationError([{ path: '', file, message, allowed, fix }]);
  };
  const allowed = 'a readable .yaml, .yml or .json file';
  const result = readBoundedFile(file, MAX_PROFILE_FILE_BYTES);
  if ('failure' in result) {
    const { failure } = result;
    if (failure.reason === 'not-regular')
      return refuse(
        `cannot read the profile: it is ${failure.kind === 'a directory' ? 'a directory' : `not a regular file (${failure.kind})`}`,
        allowed,
        'pass the path of the profile file itself',
      );
    if (failure.reason === 'too-large')
      return refuse(
        `is over the limit of ${MAX_PROFILE_FILE_BYTES} bytes`,
        `a profile of at most ${MAX_PROFILE_FILE_BYTES} bytes`,
        'check that this is the profile; split long lists into presets',
      );
    const { code } = failure;
    return refuse(
      `cannot read the profile: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'unknown error')}`,
      allowed,
      'check the path, e.g. examples/profiles/strict.yaml',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(result.bytes);
  } catch {
    return refuse('is not valid UTF-8 text', 'a YAML or JSON file in UTF-8', 'save the file as UTF-8; a binary or Latin-1 file is not a profile');
  }
}

function resolvePreset(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const presetName = (input as { extends?: unknown }).extends;
  if (typeof presetName !== 'string' || !(PRESET_NAMES as readonly string[]).includes(presetName)) return input;
  return mergeProfileInput(PRESETS[presetName as PresetName], input);
}

function placeIssue(issue: ProfileIssue, source: ProfileSource): ProfileIssue {
  const position = source.locate?.(parsePath(issue.path));
  return { ...issue, ...(source.file ? { file: source.file } : {}), ...(position ?? {}) };
}

/** Inverse of formatPath, enough for locating: `a.b[0]["x-y"]` → ['a','b',0,'x-y']. */
function parsePath(path: string): PropertyKey[] {
  const segments: PropertyKey[] = [];
  for (const match of path.matchAll(/([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

function locate(document: Yaml.Document, lineCounter: Yaml.LineCounter, path: readonly PropertyKey[]) {
  const { isMap, isScalar } = yaml();
  // Prefer the key of the last segment (an unknown key, a missing value), then the value.
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const parent = depth === 0 ? document.contents : document.getIn(path.slice(0, depth - 1), true);
    const key = path[depth - 1];
    if (depth > 0 && isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      const node = (pair?.value ?? pair?.key) as { range?: [number, number, number] } | undefined;
      if (node?.range) return toPosition(lineCounter, node.range[0]);
    }
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return toPosition(lineCounter, range[0]);
  }
  return undefined;
}

function toPosition(lineCounter: Yaml.LineCounter, offset: number) {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}
