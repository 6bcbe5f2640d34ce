/** Where the CLI writes; tests pass buffers, the bin passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * How wide the terminal is, in columns, when standard output is one.
   * @default - 100, the width tables are laid out for when the output goes to a file or a pipe
   */
  readonly columns?: number;
}

/** The width tables are laid out for when standard output is not a terminal. */
export const DEFAULT_COLUMNS = 100;

/** The narrowest layout: below it, text wraps at this width anyway. */
export const MIN_COLUMNS = 60;

/** The width to lay tables out for: the terminal's, within [MIN_COLUMNS, ∞), or DEFAULT_COLUMNS. */
export function layoutWidth(io: CliIo): number {
  return Math.max(MIN_COLUMNS, io.columns ?? DEFAULT_COLUMNS);
}

/** Exit codes: 0 passed, 1 blocking findings, 2 bad input or usage, 3 an internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3 } as const;

/** What a command's action gives back to the runner: the exit code it ends with. */
export type SetExitCode = (code: number) => void;
