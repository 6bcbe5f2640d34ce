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
