import type { z } from 'zod';
import { OutputFileError } from './output-file-error';

/** A field's place in a JSON document: keys and array indexes from its root. */
export type FieldPath = readonly (string | number)[];

/** The most wrong fields one message lists; the rest are counted. */
const MAX_LISTED = 5;

/**
 * `value` (what `file` holds at `at`) as the schema describes it, unchanged (validation only:
 * nothing is renamed, dropped or copied), or an OutputFileError naming the file and each wrong
 * field with the type found and the shape expected, never the value itself.
 */
export function checkShape<S extends z.ZodType>(file: string, schema: S, value: unknown, at: FieldPath = []): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return value as z.output<S>;
  const problems = result.error.issues
    .flatMap((issue) => leafIssues(issue, []))
    .map((issue) => {
      const found = describeJsonValue(valueAt(value, issue.path));
      return `${formatFieldPath([...at, ...issue.path])} is ${found}, not ${issue.code === 'invalid_type' ? (EXPECTED[issue.expected] ?? issue.expected) : issue.message}`;
    });
  throw new OutputFileError(shapeMessage(file, problems));
}

/** An OutputFileError for one wrong field, found by hand rather than by a schema. */
export function fieldError(file: string, at: FieldPath, problem: string): OutputFileError {
  return new OutputFileError(shapeMessage(file, [`${formatFieldPath(at)} ${problem}`]));
}

type Issue = z.core.$ZodIssue;

/**
 * The issues to report, each with its full path: a union whose value matched one option's type
 * (an object where "a string or an object" is allowed) reports what is wrong inside that option.
 * The message of any other issue is the schema's own text, never the value.
 */
function leafIssues(issue: Issue, prefix: FieldPath): (Issue & { path: FieldPath })[] {
  const path = [...prefix, ...issue.path.filter((key): key is string | number => typeof key !== 'symbol')];
  if (issue.code === 'invalid_union') {
    const matched = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0 && inner.code === 'invalid_type'));
    if (matched.length === 1) return matched[0].flatMap((inner) => leafIssues(inner, path));
  }
  return [{ ...issue, path }];
}

function shapeMessage(file: string, problems: readonly string[]): string {
  const listed = problems.slice(0, MAX_LISTED);
  const more = problems.length > MAX_LISTED ? `; and ${problems.length - MAX_LISTED} more` : '';
  return `${file} is not what a synthesizer writes: ${listed.join('; ')}${more}. Synthesize again (a file edited by hand or by another tool cannot be checked)`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'an object',
  record: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
};

/** A JSON value's type, for a message: never the value itself, which may be a secret. */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let here = value;
  for (const key of path) {
    if (here === null || typeof here !== 'object' || !Object.prototype.hasOwnProperty.call(here, key)) return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}

/** The longest key a field path spells out; a longer one is cut (a key is the input's, not ours). */
const MAX_KEY_LENGTH = 64;

/**
 * A field path as `artifacts.Api.properties.templateFile` or `Resources["a b"].Type`: a key that
 * is not a plain name is quoted as JSON with every control, format and non-ASCII character
 * escaped, so no key can write to the terminal or spoof the message; a long key is cut.
 */
export function formatFieldPath(path: FieldPath): string {
  if (path.length === 0) return 'the document';
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const cut = key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key;
      if (/^[A-Za-z_$][\w$:-]*$/.test(key) && key.length <= MAX_KEY_LENGTH) return index === 0 ? key : `.${key}`;
      return `[${JSON.stringify(cut).replace(/[^\x20-\x7e]/g, (c) => (c === '…' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}]`;
    })
    .join('');
}
