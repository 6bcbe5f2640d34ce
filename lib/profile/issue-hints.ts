/** What a check allows and how to fix a value that fails it. */
export interface IssueHint {
  readonly allowed: string;
  readonly fix: string;
}

/**
 * Hints for schema checks whose issues cannot carry parameters (pattern checks), keyed by the
 * check's message. Messages are unique per kind of check, so the key is unambiguous.
 */
const HINTS_BY_MESSAGE = new Map<string, IssueHint>();

export function registerHint(message: string, hint: IssueHint): void {
  HINTS_BY_MESSAGE.set(message, hint);
}

export function hintForMessage(message: string): IssueHint | undefined {
  return HINTS_BY_MESSAGE.get(message);
}
