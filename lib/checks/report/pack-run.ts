import type { CheckSource } from '../check-pack';

/**
 * Whether a pack ran on an input, and which of its rules applied to something there (a rule
 * that applied judged at least one resource, zone or profile, compliant or not). A checklist
 * item passes only on rules that applied; a pack that did not run leaves its items not checked
 * and the run incomplete.
 */
export interface PackRun {
  readonly source: CheckSource;
  /** What the pack ran on: the profile file, a cloud assembly or a cdktf output directory. */
  readonly input: string;
  readonly ran: boolean;
  /** IDs of the pack's rules that applied to at least one thing in the input. */
  readonly applied: readonly string[];
  /** Why the pack did not run, or what it did not see, with what to do. */
  readonly note?: string;
}
