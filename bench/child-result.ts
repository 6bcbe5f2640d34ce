import { writeFileSync } from 'node:fs';

/** What a measured child process reports back, besides the wall time its parent measures. */
export interface ChildResult {
  /** Milliseconds per phase, measured inside the child. */
  readonly phases: Readonly<Record<string, number>>;
  /** Peak resident set size, KiB. */
  readonly maxRssKiB: number;
  /** What was produced, to show that the variants did the same work. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Times each phase of a child's work. */
export class PhaseClock {
  private readonly phases: Record<string, number> = {};
  private last = performance.now();

  /** Records the time since the previous lap (for the first, since the clock was made) under `name`. */
  public lap(name: string): void {
    const now = performance.now();
    this.phases[name] = (this.phases[name] ?? 0) + (now - this.last);
    this.last = now;
  }

  /** Writes the result where the parent reads it. */
  public report(file: string, counts: Record<string, number>): void {
    const result: ChildResult = { phases: this.phases, maxRssKiB: process.resourceUsage().maxRSS, counts };
    writeFileSync(file, JSON.stringify(result));
  }
}
