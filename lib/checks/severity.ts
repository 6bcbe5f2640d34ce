/**
 * How much a finding matters, on one scale for every pack. error: blocking (the doctor and
 * `bulwark check` exit 1, synth fails) unless acknowledged. warning: reported, and blocking
 * only where the team decides.
 */
export type Severity = 'error' | 'warning';

/** Errors before warnings, for ordering findings. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 0 : 1;
}
