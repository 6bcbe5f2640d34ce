import { describe, expect, it } from 'vitest';
import { median, pairedRatio, type Summary } from '../../bench/measure';

const summary = (wallMsByRound: number[]): Summary => ({
  runs: wallMsByRound.length,
  wallMs: median(wallMsByRound),
  wallRangeMs: [Math.min(...wallMsByRound), Math.max(...wallMsByRound)],
  wallMsByRound,
  phases: {},
  maxRssMiB: 0,
  counts: {},
});

describe('pairedRatio', () => {
  it('takes the ratio within each round, so a machine that slows down between rounds does not move it', () => {
    // b costs 1.2 times a in every round; the machine runs half as fast in the last three rounds.
    const a = summary([10, 10, 20, 20, 20]);
    const b = summary([12, 12, 24, 24, 24]);
    expect(pairedRatio(b, a)).toBeCloseTo(1.2, 10);
  });

  it("is the median of the rounds' ratios, so one disturbed round does not move it", () => {
    const a = summary([10, 10, 10, 10, 10]);
    const b = summary([12, 12, 12, 30, 12]);
    expect(pairedRatio(b, a)).toBeCloseTo(1.2, 10);
  });

  it('differs from the ratio of the medians when the two rows catch the machine at different speeds', () => {
    const a = summary([10, 10, 10, 20, 20]);
    const b = summary([24, 24, 12, 24, 24]);
    expect(b.wallMs / a.wallMs).toBeCloseTo(2.4, 10);
    expect(pairedRatio(b, a)).toBeCloseTo(1.2, 10);
  });
});
