import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { describeReceived, displayKey, formatPath, type ProfileIssue } from './errors';
import { hintForMessage } from './issue-hints';
import { describeSchemaNode, knownKeys, schemaNodeAt } from './json-schema';

interface CustomParams {
  readonly allowed?: string;
  readonly fix?: string;
}

/**
 * Turns schema issues into profile issues a person can act on: the field, the value
 * received, what is allowed and how to fix it. Unknown keys become one issue each, with a
 * "did you mean" suggestion where a known key is close.
 */
export function issuesFromZod(error: z.ZodError, input: unknown): ProfileIssue[] {
  const issues = error.issues.flatMap((issue) => convert(issue, input));
  // zod checks that a whole number is a safe integer besides the field's own range: one problem, said once, by the range.
  const safeInteger = (issue: ProfileIssue) => SAFE_INTEGER_BOUND.test(issue.message);
  const pathsWithOtherProblems = new Set(issues.filter((issue) => !safeInteger(issue)).map((issue) => issue.path));
  return issues.filter((issue) => !safeInteger(issue) || !pathsWithOtherProblems.has(issue.path));
}

const SAFE_INTEGER_BOUND = new RegExp(`at (most|least) -?${Number.MAX_SAFE_INTEGER}$`);

type ZodIssue = z.core.$ZodIssue;
/** An issue of one code, as zod reports it. */
type IssueOf<Code extends ZodIssue['code']> = Extract<ZodIssue, { code: Code }>;
/** The field path and the value received, shown as every profile issue shows them. */
type IssueBase = Pick<ProfileIssue, 'path' | 'received'>;

function convert(issue: ZodIssue, input: unknown): ProfileIssue[] {
  const path = issue.path;
  const received = 'input' in issue && issue.input !== undefined ? issue.input : valueAt(input, path);
  const base: IssueBase = { path: formatPath(path), received: describeReceived(path, received) };
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeyIssues(issue, input);
    case 'invalid_type':
      return [invalidTypeIssue(issue, base, received)];
    case 'invalid_value':
      return [invalidValueIssue(issue, base, received)];
    case 'too_small':
    case 'too_big':
      return [boundIssue(issue, base)];
    case 'invalid_union':
      return unionIssues(issue, base, input);
    case 'invalid_key':
      return [invalidKeyIssue(issue, base)];
    case 'invalid_format':
    case 'custom':
      return [formatIssue(issue, base)];
    default:
      return [{ ...base, message: issue.message, allowed: describeSchemaNode(schemaNodeAt(path)), fix: 'correct the value' }];
  }
}

/** One issue per key the schema does not know, with the closest known name as a suggestion. */
function unknownKeyIssues(issue: IssueOf<'unrecognized_keys'>, input: unknown): ProfileIssue[] {
  const path = issue.path;
  const candidates = knownKeys(schemaNodeAt(path));
  return issue.keys.map((key) => {
    const suggestion = suggest(key, candidates);
    return {
      path: formatPath([...path, key]),
      // The value of a field the schema does not know is never needed to fix its name, and may be anything.
      received: describeReceived([...path, key], valueAt(input, [...path, key]), true),
      message: suggestion ? `is not a known field; did you mean "${suggestion}"?` : 'is not a known field',
      allowed: candidates.length > 0 ? `the names ${candidates.join(', ')}` : 'no fields here',
      fix: suggestion ? `rename ${displayKey(key)} to "${suggestion}"` : `remove ${displayKey(key)}`,
    };
  });
}

function invalidTypeIssue(issue: IssueOf<'invalid_type'>, base: IssueBase, received: unknown): ProfileIssue {
  const allowed = describeSchemaNode(schemaNodeAt(issue.path));
  if (received === undefined) return { ...base, message: 'is required', allowed, fix: `add ${lastKey(issue.path)}` };
  return { ...base, message: `expected ${issue.expected}, received ${kindOf(issue.path, received)}`, allowed, fix: `write ${allowed} here` };
}

function invalidValueIssue(issue: IssueOf<'invalid_value'>, base: IssueBase, received: unknown): ProfileIssue {
  const options = issue.values.map((v) => JSON.stringify(v));
  // YAML reads 1.2 as a number and 1.0 as 1: the string it was meant to be is the allowed value that reads as the same number.
  const unquoted =
    typeof received === 'number' ? issue.values.find((v): v is string => typeof v === 'string' && v.trim() !== '' && Number(v) === received) : undefined;
  if (unquoted !== undefined) {
    return {
      ...base,
      message: `is a number; the allowed values are strings: write it quoted, "${unquoted}"`,
      allowed: `one of ${options.join(', ')}`,
      fix: `write "${unquoted}" (in quotes)`,
    };
  }
  const suggestion =
    typeof received === 'string'
      ? suggest(
          received,
          issue.values.filter((v): v is string => typeof v === 'string'),
        )
      : undefined;
  return {
    ...base,
    message: suggestion ? `is not allowed; did you mean "${suggestion}"?` : 'is not allowed',
    allowed: `one of ${options.join(', ')}`,
    fix: suggestion ? `write "${suggestion}"` : `choose one of ${options.join(', ')}`,
  };
}

/** A number, list or text below its minimum or above its maximum. */
function boundIssue(issue: IssueOf<'too_small'> | IssueOf<'too_big'>, base: IssueBase): ProfileIssue {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const word = issue.code === 'too_small' ? 'at least' : 'at most';
  const plural = Number(bound) === 1 ? '' : 's';
  const unit = issue.origin === 'array' ? ` entr${plural ? 'ies' : 'y'}` : issue.origin === 'string' ? ` character${plural}` : '';
  return {
    ...base,
    message: `must be ${word} ${String(bound)}${unit}`,
    allowed: describeSchemaNode(schemaNodeAt(issue.path)),
    fix:
      issue.origin === 'array'
        ? `list ${word} ${String(bound)}${unit}`
        : issue.origin === 'string'
          ? `write ${word} ${String(bound)}${unit}`
          : `use a value ${word} ${String(bound)}`,
  };
}

function unionIssues(issue: IssueOf<'invalid_union'>, base: IssueBase, input: unknown): ProfileIssue[] {
  const path = issue.path;
  // When exactly one alternative has the right shape, its own problems say more than "no form matched".
  const shaped = issue.errors.filter(
    (branch) =>
      branch.length > 0 && !branch.some((e) => e.path.length === 0 && (e.code === 'invalid_type' || e.code === 'invalid_value' || e.code === 'invalid_union')),
  );
  if (shaped.length === 1) {
    return shaped[0].flatMap((inner) => convert({ ...inner, path: [...path, ...inner.path] }, input));
  }
  const allowed = describeSchemaNode(schemaNodeAt(path));
  return [{ ...base, message: 'does not match any allowed form', allowed, fix: 'rewrite it in one of the allowed forms' }];
}

/** A record key the schema refuses: a name out of a list (with a suggestion), or a key that fails its own check. */
function invalidKeyIssue(issue: IssueOf<'invalid_key'>, base: IssueBase): ProfileIssue {
  const key = String(issue.path[issue.path.length - 1]);
  const inner = issue.issues[0];
  if (inner?.code === 'invalid_value') {
    const names = inner.values.filter((v): v is string => typeof v === 'string');
    const suggestion = suggest(key, names);
    return {
      ...base,
      received: displayKey(key),
      message: suggestion ? `is not a known name; did you mean "${suggestion}"?` : 'is not a known name',
      allowed: `one of ${names.join(', ')}`,
      fix: suggestion ? `rename ${displayKey(key)} to "${suggestion}"` : 'use one of the allowed names',
    };
  }
  const hint = inner ? hintForMessage(inner.message) : undefined;
  return {
    ...base,
    received: displayKey(key),
    message: inner?.message ?? 'is not an allowed key',
    allowed: hint?.allowed ?? 'a valid key',
    fix: hint?.fix ?? 'rename the key',
  };
}

/** A string that fails its format or a custom check: what is allowed and the fix come from the check's hint where it has one. */
function formatIssue(issue: IssueOf<'invalid_format'> | IssueOf<'custom'>, base: IssueBase): ProfileIssue {
  const params = (issue.code === 'custom' ? issue.params : undefined) as CustomParams | undefined;
  const hint = params ?? hintForMessage(issue.message);
  const format = issue.code === 'invalid_format' ? issue.format : undefined;
  const message = hint === undefined && format ? `is not a valid ${format === 'regex' ? 'value' : format}` : issue.message;
  return {
    ...base,
    message,
    allowed: hint?.allowed ?? (format === 'email' ? 'an email address such as security@example.com' : describeSchemaNode(schemaNodeAt(issue.path))),
    fix: hint?.fix ?? `correct the ${format === 'regex' || format === undefined ? 'value' : format}`,
  };
}

function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = word.toLowerCase();
  const caseOnly = candidates.find((c) => c.toLowerCase() === lower);
  if (caseOnly) return caseOnly;
  const prefixed = lower.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (prefixed.length === 1) return prefixed[0];
  const best = closest(word, [...candidates]);
  return distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function kindOf(path: readonly PropertyKey[], value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) return `the number ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const shown = describeReceived(path, value) ?? '';
  return shown.startsWith('a string of') ? shown : `${typeof value} ${shown}`;
}

function lastKey(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'the value' : displayKey(String(path[path.length - 1]));
}
