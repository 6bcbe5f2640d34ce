/** Where the CLI writes; tests pass buffers, the bin passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 passed, 1 blocking findings, 2 bad input or usage, 3 an internal error. */
export const EXIT = { ok: 0, findings: 1, badInput: 2, internal: 3 } as const;

/** What a command's action gives back to the runner: the exit code it ends with. */
export type SetExitCode = (code: number) => void;
