/** A duration as written in a profile: a whole number and a unit, e.g. `15m`, `1h`, `7d`. */
export type DurationString = string;

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

export const DURATION_PATTERN = /^([1-9][0-9]*)(s|m|h|d)$/;

/** Seconds in a profile duration, or `undefined` when the text is not one. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

/** Seconds in a duration already validated by the profile schema. */
export function durationSeconds(text: DurationString): number {
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined) {
    throw new Error(`'${text}' is not a duration; write a whole number and a unit (s, m, h, d), e.g. 15m`);
  }
  return seconds;
}

/** Renders seconds the way a person would write them (largest exact unit). */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
