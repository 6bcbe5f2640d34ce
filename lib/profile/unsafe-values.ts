import { describeReceived, displayKey, formatPath, isShownKey, type ProfileIssue } from './errors';

/** Nesting deeper than any profile field needs (the deepest is six levels): refused before any recursive step. */
export const MAX_PROFILE_DEPTH = 32;
/**
 * The most values (strings, numbers, lists, mappings) a profile may hold once YAML aliases are
 * expanded: a profile holds a few hundred, and aliases to one large list (or an object passed
 * in with shared parts) could otherwise make every later step walk millions.
 */
export const MAX_PROFILE_VALUES = 100_000;
/** Past this many problems of this kind the rest are summed up in one issue. */
const MAX_REPORTED = 50;

/** Keys that reach an object's prototype machinery in JavaScript; refused, never silently dropped. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * Text that aws-cdk-lib or CloudFormation would replace with something else: CDK string and list
 * tokens (`${Token[…]}`, `#{Token[…]}`) resolve to another construct's value at synth, and
 * dynamic references (`{{resolve:…}}`) to a parameter or secret at deploy.
 */
const REFERENCE_SYNTAX = /\$\{Token\[|#\{Token\[|\{\{resolve:|[$#&]\{TfToken\[/;
/**
 * Control characters (a CR/LF in a header value starts a new header; a tab is a separator),
 * format characters (bidirectional overrides, zero-width spaces and joiners, soft hyphens, tag
 * characters) and blank-looking fillers: what makes text read differently in review than it
 * parses, or look the same as other text.
 */
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u;
/** Half of a UTF-16 surrogate pair without its other half: text cut inside a character. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Free text where line breaks and tabs are expected. */
const MULTILINE_FIELDS = new Set(['description']);
/** The same in descriptions, less line feeds, tabs and the zero-width joiner of emoji sequences. */
const MULTILINE_CONTROL_CHARACTERS = /(?![\t\n\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]/u;

/**
 * Problems in untrusted profile data that no field may hold, whatever the schema says of it:
 * nesting deeper than {@link MAX_PROFILE_DEPTH}, prototype keys, CDK tokens and CloudFormation
 * dynamic references, values that are not plain data (Map, Date, class instances, bigint),
 * control and bidirectional-override characters, and text that is not
 * well-formed Unicode. Every problem is listed (up to a bound); nothing found is echoed.
 */
export function findUnsafeValues(input: unknown): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  let overflow = 0;
  const report = (issue: ProfileIssue) => {
    if (issues.length < MAX_REPORTED) issues.push(issue);
    else overflow += 1;
  };
  // Iterative, so hostile nesting cannot overflow the stack before the depth check sees it.
  const pending: PendingValue[] = [{ value: input, path: [], ancestors: [] }];
  for (let visited = 1; pending.length > 0; visited += 1) {
    const next = pending.pop()!;
    if (visited > MAX_PROFILE_VALUES) return [...issues, tooManyValues()];
    const problem = valueProblem(next);
    if (problem) report(problem);
    else if (next.value !== null && typeof next.value === 'object') pushEntries(next.value, next, pending, report);
  }
  return overflow > 0 ? [...issues, moreProblems(overflow)] : issues;
}

/** A value still to be walked, with where it is and the lists and mappings that hold it. */
interface PendingValue {
  readonly value: unknown;
  readonly path: PropertyKey[];
  readonly ancestors: readonly object[];
}

/** What is wrong with a value itself, before its entries are walked: text, foreign values, cycles and depth. */
function valueProblem({ value, path, ancestors }: PendingValue): ProfileIssue | undefined {
  if (typeof value === 'string') {
    const problem = stringProblem(value, path);
    return problem && { path: formatPath(path), received: describeReceived(path, value), ...problem };
  }
  const foreign = foreignKind(value);
  if (foreign !== undefined) {
    return {
      path: formatPath(path),
      message: `is a ${foreign}, not plain data`,
      received: foreign,
      allowed: 'plain objects, lists, strings, numbers and booleans',
      fix: 'write a mapping or list here (no YAML !!set/!!omap tags, no Date, Map, Set or cycles)',
    };
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (ancestors.includes(value)) {
    return {
      path: formatPath(path),
      message: 'is a circular reference',
      received: 'a list or mapping that contains itself',
      allowed: 'plain data: each list or mapping written out once',
      fix: 'replace the YAML alias (*name) by a copy of what it refers to',
    };
  }
  if (path.length >= MAX_PROFILE_DEPTH) {
    return {
      path: formatPath(path),
      message: `nests deeper than ${MAX_PROFILE_DEPTH} levels`,
      received: 'a nested list or mapping',
      allowed: `at most ${MAX_PROFILE_DEPTH} levels of lists and mappings`,
      fix: 'flatten it: no profile field nests this deep',
    };
  }
  return undefined;
}

/**
 * Queues the entries of a list or mapping, last first so that they are walked in order; a key
 * that is a problem itself is reported and its value not walked.
 */
function pushEntries(container: object, { path, ancestors }: PendingValue, pending: PendingValue[], report: (issue: ProfileIssue) => void): void {
  const entries: [PropertyKey, unknown][] = Array.isArray(container) ? container.map((item, index) => [index, item]) : Object.entries(container);
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const [key, item] = entries[index];
    const problem = typeof key === 'string' ? keyProblem(key) : undefined;
    if (problem) report({ path: formatPath([...path, key]), received: displayKey(String(key)), ...problem });
    else pending.push({ value: item, path: [...path, key], ancestors: [...ancestors, container] });
  }
}

function tooManyValues(): ProfileIssue {
  return {
    path: '',
    message: `holds more than ${MAX_PROFILE_VALUES} values once YAML aliases are expanded`,
    allowed: `at most ${MAX_PROFILE_VALUES} values`,
    fix: 'remove the aliases to large lists; a profile holds a few hundred values',
  };
}

/** The one issue that stands for the problems past {@link MAX_REPORTED}. */
function moreProblems(overflow: number): ProfileIssue {
  return {
    path: '',
    message: `has ${overflow} more problems of these kinds`,
    allowed: 'plain text without references, control characters or prototype keys',
    fix: 'fix the problems above, then validate again',
  };
}

/** What a value is when it is not plain JSON-like data (a bigint, a function, a Map, Set, Date or class instance); its class name only when it may be shown. */
function foreignKind(value: unknown): string | undefined {
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') return typeof value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) return undefined;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && isShownKey(name) ? name : 'object of another class';
}

function keyProblem(key: string): Omit<ProfileIssue, 'path' | 'received'> | undefined {
  if (PROTOTYPE_KEYS.has(key)) {
    return {
      message: `holds the key ${JSON.stringify(key)}, which JavaScript reserves for prototypes`,
      allowed: 'the field names of the profile',
      fix: `remove the ${JSON.stringify(key)} key`,
    };
  }
  return stringProblem(key, []);
}

function stringProblem(value: string, path: readonly PropertyKey[]): Omit<ProfileIssue, 'path' | 'received'> | undefined {
  if (LONE_SURROGATE.test(value)) {
    return {
      message: 'is not well-formed Unicode (it holds a lone surrogate)',
      allowed: 'text in valid UTF-8 or UTF-16',
      fix: 'retype the text; it was probably cut in the middle of a character',
    };
  }
  if (REFERENCE_SYNTAX.test(value)) {
    return {
      message: 'holds a CDK token or a CloudFormation dynamic reference, which would be replaced by another value at synth or deploy',
      allowed: 'literal text without "${Token[", "#{Token[" or "{{resolve:"',
      fix: 'write the literal value; a profile is data, and references to other resources belong in the app code',
    };
  }
  const last = path[path.length - 1];
  const controls = typeof last === 'string' && MULTILINE_FIELDS.has(last) ? MULTILINE_CONTROL_CHARACTERS : CONTROL_CHARACTERS;
  const control = controls.exec(value);
  if (control) {
    const code = `U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      message: `holds the control or invisible formatting character ${code} at position ${control.index}`,
      allowed: 'printable text (line breaks and tabs only in descriptions)',
      fix: 'remove the character: in a header value it would start a new header, in review it hides what the text says',
    };
  }
  return undefined;
}
