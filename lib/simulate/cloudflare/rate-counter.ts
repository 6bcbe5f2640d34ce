/** A rate-limit rule's numbers, as the ruleset's `ratelimit` block gives them (seconds). */
export interface RateLimitSpec {
  readonly period: number;
  readonly requestsPerPeriod: number;
  /** How long a key stays mitigated once over the rate; 0: only while over it. */
  readonly mitigationTimeout: number;
}

/** One key's counts: the current fixed window's, the previous window's, and the end of its mitigation. */
interface KeyState {
  window: number;
  current: number;
  previous: number;
  mitigatedUntil: number;
}

/**
 * A rate-limit rule's counters, one per value combination of its characteristics
 * (https://developers.cloudflare.com/waf/rate-limiting-rules/request-rate/). The rate is
 * Cloudflare's sliding-window approximation (https://blog.cloudflare.com/counting-things-a-lot-of-different-things/):
 * counts kept per fixed window aligned to the period, the rate at time t being the previous
 * window's count weighted by the part of it still within one period of t, plus the current
 * window's count. A counted request that takes the rate over requests_per_period is acted on
 * (the request-rate page: the request that sets the counter above the limit is blocked), and so is
 * every request matching the rule for mitigation_timeout seconds after.
 *
 * Memory: a key whose windows and mitigation are over is dropped by a sweep that runs after as many
 * hits as there were keys after the last one (at least SWEEP_MIN), so the cost is amortized constant per
 * request, and the map holds the keys of the last two periods and those mitigated, plus one sweep interval.
 */
export class RateCounter {
  private readonly keys = new Map<string, KeyState>();
  private readonly periodMs: number;
  private hitsSinceSweep = 0;
  private sizeAfterSweep = 0;

  constructor(private readonly spec: RateLimitSpec) {
    this.periodMs = spec.period * 1000;
  }

  /** How many keys are held (for tests of bounded memory). */
  get size(): number {
    return this.keys.size;
  }

  /**
   * A request matching the rule, with its key, at `time` (ms): counted when `counted` (the counting
   * expression matched); returns whether the rule's action applies to it.
   */
  hit(key: string, time: number, counted: boolean): boolean {
    this.maybeSweep(time);
    const window = Math.floor(time / this.periodMs);
    let state = this.keys.get(key);
    if (!state) {
      if (!counted) return false;
      state = { window, current: 0, previous: 0, mitigatedUntil: -Infinity };
      this.keys.set(key, state);
    }
    if (window !== state.window) {
      state.previous = window === state.window + 1 ? state.current : 0;
      state.current = 0;
      state.window = window;
    }
    if (counted) state.current += 1;
    const elapsed = (time - window * this.periodMs) / this.periodMs;
    const rate = state.previous * (1 - elapsed) + state.current;
    if (rate > this.spec.requestsPerPeriod) {
      if (this.spec.mitigationTimeout > 0) state.mitigatedUntil = Math.max(state.mitigatedUntil, time + this.spec.mitigationTimeout * 1000);
      return true;
    }
    return time < state.mitigatedUntil;
  }

  private maybeSweep(time: number): void {
    this.hitsSinceSweep += 1;
    // A sweep visits at most the keys left by the last one plus one per hit since: amortized constant.
    if (this.hitsSinceSweep < Math.max(SWEEP_MIN, this.sizeAfterSweep)) return;
    this.hitsSinceSweep = 0;
    const window = Math.floor(time / this.periodMs);
    for (const [key, state] of this.keys) {
      // Two windows on, neither count weighs in the rate any more.
      if (state.window < window - 1 && state.mitigatedUntil <= time) this.keys.delete(key);
    }
    this.sizeAfterSweep = this.keys.size;
  }
}

const SWEEP_MIN = 1024;
