import { describe, expect, it } from 'vitest';
import { RateCounter } from '../../../lib/simulate/aws-waf/rate-counter';

describe('RateCounter', () => {
  it('counts a key over the last window in buckets of window/60', () => {
    const counter = new RateCounter(60);
    expect(counter.add('a', 0)).toBe(1);
    expect(counter.add('a', 30_000)).toBe(2);
    expect(counter.add('b', 30_000)).toBe(1);
    // At 60 s the bucket of 0 s has left the window (buckets 1 s wide: 1 s … 60 s).
    expect(counter.add('a', 60_000)).toBe(2);
    expect(counter.peek('a', 89_999)).toBe(2);
    expect(counter.peek('a', 90_000)).toBe(1);
    expect(counter.peek('a', 200_000)).toBe(0);
  });

  it('counts a request from the past in the newest bucket', () => {
    const counter = new RateCounter(60);
    counter.add('a', 50_000);
    expect(counter.add('a', 10_000)).toBe(2);
  });

  it('drops keys whose window has passed, so memory follows the keys of one window, not the requests', () => {
    const counter = new RateCounter(60);
    // One new key every 10 ms for 1,000 s: 100,000 keys in all, 6,000 per window.
    for (let i = 0; i < 100_000; i++) counter.add(`k${i}`, i * 10);
    expect(counter.size).toBeLessThanOrEqual(12_000);
  });
});
