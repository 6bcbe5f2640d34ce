import { isCredentialName, looksLikeCredential } from '../core/secret-patterns';

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
    super(formatIssues(issues));
    this.name = 'ProfileValidationError';
    this.issues = issues;
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

/** Renders a field path: `a.b[0]["odd-key"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(segment))) text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
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
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Fields of a secret item that name or describe it; any other string under secrets.items may be a value pasted by mistake. */
const SECRET_ITEM_DESCRIPTIVE_FIELDS = new Set(['name', 'service', 'tier', 'description', 'bundle', 'engine', 'username', 'encoding', 'keyPair']);

/**
 * Renders a received value for an error message without ever echoing a secret: a string that
 * has the shape of a credential, sits under a credential-like field name (value, password,
 * token, …) or in a secret item's field that does not describe it is shown only as its length.
 * A secret pasted into the profile is the likeliest mistake, and errors land in CI logs.
 */
export function describeReceived(path: readonly PropertyKey[], value: unknown): string | undefined {
  if (typeof value === 'string' && mayBeSecretValue(path, value)) return `a string of ${value.length} characters (not shown: it may be a secret)`;
  return describeValue(redactNested(path, value));
}

function redactNested(path: readonly PropertyKey[], value: unknown): unknown {
  if (typeof value === 'string') return mayBeSecretValue(path, value) ? `<${value.length} characters, not shown>` : value;
  if (Array.isArray(value)) return value.map((item, index) => redactNested([...path, index], item));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactNested([...path, key], item)]));
  return value;
}

function mayBeSecretValue(path: readonly PropertyKey[], value: string): boolean {
  if (looksLikeCredential(value)) return true;
  const keys = path.filter((segment): segment is string => typeof segment === 'string');
  const field = keys[keys.length - 1];
  if (field !== undefined && field !== 'secrets' && (field === 'value' || isCredentialName(field))) return true;
  const inSecretItem = keys[0] === 'secrets' && keys[1] === 'items' && typeof path[2] === 'number';
  return inSecretItem && path.length > 3 && !keys.slice(2).every((key) => SECRET_ITEM_DESCRIPTIVE_FIELDS.has(key));
}
