import { isCredentialName, mayHoldSecret } from '../core/secret-patterns';

/** One problem with a profile: where it is, what was found, what is allowed and how to fix it. */
export interface ProfileIssue {
  /** Field path in the profile, e.g. `rateLimits[0].limit`; empty for the whole document. */
  readonly path: string;
  /** What is wrong with the value. */
  readonly message: string;
  /** The value received, rendered as JSON; `undefined` when the field is missing. */
  readonly received?: string;
  /** What the field accepts. */
  readonly allowed: string;
  /** How to fix it. */
  readonly fix: string;
  /** The file the profile came from, when it came from one. */
  readonly file?: string;
  /** 1-based line and column of the value in the file, when known. */
  readonly line?: number;
  readonly column?: number;
}

/**
 * Thrown when a profile cannot be used. Carries every problem found, not just the first,
 * so a user fixes them all in one pass.
 */
export class ProfileValidationError extends Error {
  public readonly issues: readonly ProfileIssue[];

  constructor(issues: readonly ProfileIssue[]) {
    const reported = capIssues(issues);
    super(formatIssues(reported));
    this.name = 'ProfileValidationError';
    this.issues = reported;
  }
}

/** Renders issues one per block, as the CLI prints them. */
export function formatIssues(issues: readonly ProfileIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = [`The profile has ${count}:`];
  for (const issue of issues) {
    const where = [issue.file, issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : undefined].filter((part) => part !== undefined).join(':');
    const field = issue.path === '' ? '(document)' : issue.path;
    lines.push(`- ${field}${where ? ` (${where})` : ''}: ${issue.message}`);
    lines.push(`    received: ${issue.received ?? 'nothing'}`);
    lines.push(`    allowed:  ${issue.allowed}`);
    lines.push(`    fix:      ${issue.fix}`);
  }
  return lines.join('\n');
}

/** Renders a field path: `a.b[0]["odd-key"]`; a key that may be a secret shows only its length. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!isShownKey(String(segment))) text += `[${displayKey(String(segment))}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(segment))) text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** A key a person writes as a name: short, no spaces, quotes or separators, nothing secret-shaped. */
const NAME_SHAPED_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_$.-]{0,63}$/;

/** Whether a mapping key may be echoed in an error message. */
export function isShownKey(key: string): boolean {
  return NAME_SHAPED_KEY.test(key) && !mayHoldSecret(key);
}

/**
 * Renders a mapping key for a message, quoted: keys are redacted by the same rule as values,
 * since a pasted `.env` line or a token used as a key lands in the key.
 */
export function displayKey(key: string): string {
  return isShownKey(key) ? JSON.stringify(key) : `<a key of ${key.length} characters, not shown>`;
}

/** Renders a received value briefly for an error message. */
export function describeValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  // What JSON cannot write: a bigint by its digits, a function or symbol by its kind.
  if (json === undefined) return typeof value === 'bigint' ? `${value}n` : typeof value;
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Fields of a secret item that name or describe it, and the objects that hold such fields. */
const SECRET_ITEM_FIELDS = new Set([
  'name',
  'service',
  'tier',
  'rotateAfterDays',
  'description',
  'bundle',
  'engine',
  'username',
  'bytes',
  'encoding',
  'keyPair',
]);
const SECRET_ITEM_OBJECTS = new Set(['generate', 'database']);
/** Text that holds no key=value, URL, user@host or key: value: what a name or a sentence looks like. */
const PLAIN_TEXT = /^[\p{L}\p{N} _.,;'()/*+-]*$/u;
/** Strings that are never a secret: a quoted boolean (a quoted number may be a PIN). */
const SCALAR_TEXT = /^(true|false|yes|no|on|off|null)$/i;

/**
 * Renders a received value for an error message without ever echoing a secret: a string that
 * has the shape of a credential, sits under a field named like one (value, password, token,
 * credentials, …, at any depth), under a field the schema does not know, or in a secret item
 * where a name or description is not expected, is shown only as its length. A secret pasted
 * into the profile is the likeliest mistake, and errors land in CI logs.
 */
export function describeReceived(path: readonly PropertyKey[], value: unknown, unknownField = false): string | undefined {
  if (typeof value === 'string' && mayBeSecretValue(path, value, unknownField)) return `a string of ${value.length} characters (not shown: it may be a secret)`;
  if (typeof value === 'number' && mayBeSecretPlace(path, unknownField)) return 'a number (not shown: it may be a secret)';
  return describeValue(redactNested(path, value, unknownField));
}

function redactNested(path: readonly PropertyKey[], value: unknown, unknownField: boolean): unknown {
  if (typeof value === 'string') return mayBeSecretValue(path, value, unknownField) ? `<${value.length} characters, not shown>` : value;
  if (typeof value === 'number') return mayBeSecretPlace(path, unknownField) ? '<a number, not shown>' : value;
  if (Array.isArray(value)) return value.map((item, index) => redactNested([...path, index], item, unknownField));
  if (value !== null && typeof value === 'object') {
    // Keys are redacted by the same rule as values: a pasted `.env` line lands in a key.
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        isShownKey(key) ? key : `<a key of ${key.length} characters>`,
        redactNested([...path, key], item, unknownField),
      ]),
    );
  }
  return value;
}

function mayBeSecretValue(path: readonly PropertyKey[], value: string, unknownField: boolean): boolean {
  if (SCALAR_TEXT.test(value)) return false;
  if (mayHoldSecret(value) || mayBeSecretPlace(path, unknownField)) return true;
  const keys = path.filter((segment): segment is string => typeof segment === 'string');
  const inSecretItem = keys[0] === 'secrets' && keys[1] === 'items' && typeof path[2] === 'number';
  if (!inSecretItem || path.length <= 3) return false;
  const fields = keys.slice(2);
  const described = fields.slice(0, -1).every((key) => SECRET_ITEM_OBJECTS.has(key)) && SECRET_ITEM_FIELDS.has(fields[fields.length - 1]);
  return !described || !PLAIN_TEXT.test(value);
}

/**
 * Whether anything at a path may be a secret, whatever its value (a number may be a PIN): under
 * a field the schema does not know, or under a field named like a credential at any depth.
 */
function mayBeSecretPlace(path: readonly PropertyKey[], unknownField: boolean): boolean {
  if (unknownField) return true;
  const keys = path.filter((segment): segment is string => typeof segment === 'string');
  // The top-level secrets section is structure, not a credential; any other credential-like key taints what it holds.
  return keys.some((key, index) => !(index === 0 && key === 'secrets') && (key === 'value' || isCredentialName(key)));
}

/** At most this many problems are reported; a profile with more gets a last issue that counts the rest. */
export const MAX_REPORTED_ISSUES = 50;

/** The first {@link MAX_REPORTED_ISSUES} issues, and one that counts the rest: errors stay readable and bounded on any input. */
export function capIssues(issues: readonly ProfileIssue[]): ProfileIssue[] {
  if (issues.length <= MAX_REPORTED_ISSUES) return [...issues];
  return [
    ...issues.slice(0, MAX_REPORTED_ISSUES),
    {
      path: '',
      message: `has ${issues.length - MAX_REPORTED_ISSUES} more problems, not listed`,
      allowed: 'a profile with few problems',
      fix: 'fix the problems above, then validate again',
    },
  ];
}
