import { describe, expect, it } from 'vitest';
import { durationSeconds, formatDuration, parseDurationSeconds } from '../../lib/tooling';

describe('durations', () => {
  it.each([
    ['30s', 30],
    ['15m', 900],
    ['1h', 3_600],
    ['7d', 604_800],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each(['15', '1.5h', '0m', '-1h', '1w', ' 1h'])('%j is not a duration', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
    expect(() => durationSeconds(text)).toThrow(/is not a duration/);
  });
});
