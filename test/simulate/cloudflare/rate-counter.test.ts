import { describe, expect, it } from 'vitest';
import { RateCounter } from '../../../lib/simulate/cloudflare/rate-counter';

describe('RateCounter', () => {
  it('acts on the request that takes the count over requests_per_period (request-rate calculation, example A)', () => {
    // https://developers.cloudflare.com/waf/rate-limiting-rules/request-rate/: 1 per 10 s, the second is blocked.
    const counter = new RateCounter({ period: 10, requestsPerPeriod: 1, mitigationTimeout: 600 });
    expect(counter.hit('k', 0, true)).toBe(false);
    expect(counter.hit('k', 1_000, true)).toBe(true);
    // Mitigated for 600 s after, even once the rate has fallen.
    expect(counter.hit('k', 500_000, true)).toBe(true);
    expect(counter.hit('k', 602_000, true)).toBe(false);
  });

  it('does not create a key for a request it does not count', () => {
    const counter = new RateCounter({ period: 10, requestsPerPeriod: 1, mitigationTimeout: 0 });
    expect(counter.hit('k', 0, false)).toBe(false);
    expect(counter.size).toBe(0);
  });

  it('keeps memory bounded over a million distinct keys: expired keys are swept', () => {
    const counter = new RateCounter({ period: 10, requestsPerPeriod: 5, mitigationTimeout: 60 });
    let peak = 0;
    // 1,000 new keys a second for 1,000 s: at most the keys of the last two windows and those mitigated remain.
    for (let i = 0; i < 1_000_000; i += 1) {
      counter.hit(`ip-${i}`, i, true);
      peak = Math.max(peak, counter.size);
    }
    expect(peak).toBeLessThan(50_000);
  });
});
