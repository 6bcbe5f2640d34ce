import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from '../../../lib/simulate/requests/parse-timestamp';

describe('parseIsoTimestamp', () => {
  it('reads ISO 8601 date-times with Z or an offset, and fractions of any length', () => {
    expect(parseIsoTimestamp('2026-12-07T12:00:00Z')).toBe(Date.UTC(2026, 11, 7, 12));
    expect(parseIsoTimestamp('2026-12-07 13:30:00.5+01:30')).toBe(Date.UTC(2026, 11, 7, 12, 0, 0, 500));
    expect(parseIsoTimestamp('2026-12-07T12:00:00.123456Z')).toBe(Date.UTC(2026, 11, 7, 12, 0, 0, 123));
    expect(parseIsoTimestamp('2026-12-07T07:00:00-0500')).toBe(Date.UTC(2026, 11, 7, 12));
    expect(parseIsoTimestamp('0050-01-01T00:00:00Z')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
  });

  it('refuses times without an offset, impossible dates, and other shapes', () => {
    for (const text of [
      '2026-12-07T12:00:00',
      '2026-02-30T00:00:00Z',
      '2026-12-07T24:00:00Z',
      'Mon, 07 Dec 2026 12:00:00 GMT',
      '1765108800',
      `2026-12-07T12:00:00.${'1'.repeat(50)}Z`,
    ])
      expect(parseIsoTimestamp(text)).toBeUndefined();
  });
});
