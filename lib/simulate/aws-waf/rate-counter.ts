/** Each key's window is kept as this many fixed buckets (a 300 s window: 5 s buckets). */
export const RATE_BUCKETS = 60;

interface KeyWindow {
  readonly counts: Uint32Array;
  /** The bucket index (time / bucket width) of the newest bucket. */
  newest: number;
  total: number;
}

/**
 * Request counts per aggregation key over a sliding window, in fixed buckets of window/60: the
 * count at time t is of the requests in t's bucket and the 59 before it (so the window is
 * rounded to one bucket). Memory: 60 counters per key seen within the last window; keys whose
 * window has passed are dropped by a sweep once per window (amortized, bounded over millions of requests).
 */
export class RateCounter {
  private readonly keys = new Map<string, KeyWindow>();
  private readonly bucketMs: number;
  private lastSweep = -Infinity;

  constructor(windowSeconds: number) {
    this.bucketMs = (windowSeconds * 1000) / RATE_BUCKETS;
  }

  /** Keys currently held (for tests of the bound). */
  get size(): number {
    return this.keys.size;
  }

  /** Counts one request of `key` at `timeMs`; returns the count in the window, this request included. */
  add(key: string, timeMs: number): number {
    const bucket = this.bucketOf(timeMs);
    this.sweep(bucket);
    let window = this.keys.get(key);
    if (window === undefined) {
      window = { counts: new Uint32Array(RATE_BUCKETS), newest: bucket, total: 0 };
      this.keys.set(key, window);
    }
    const slot = advance(window, bucket);
    window.counts[slot]++;
    window.total++;
    return window.total;
  }

  /** The count in the window at `timeMs` without counting a request. */
  peek(key: string, timeMs: number): number {
    const window = this.keys.get(key);
    if (window === undefined) return 0;
    const bucket = this.bucketOf(timeMs);
    advance(window, bucket);
    return window.total;
  }

  private bucketOf(timeMs: number): number {
    return Math.floor(timeMs / this.bucketMs);
  }

  private sweep(bucket: number): void {
    if (bucket < this.lastSweep + RATE_BUCKETS) return;
    this.lastSweep = bucket;
    for (const [key, window] of this.keys) {
      if (window.newest <= bucket - RATE_BUCKETS) this.keys.delete(key);
    }
  }
}

/** Moves a key's window to `bucket` (an earlier time counts in the newest bucket); returns the bucket's slot. */
function advance(window: KeyWindow, bucket: number): number {
  if (bucket > window.newest) {
    if (bucket - window.newest >= RATE_BUCKETS) {
      window.counts.fill(0);
      window.total = 0;
    } else {
      for (let b = window.newest + 1; b <= bucket; b++) {
        const slot = ((b % RATE_BUCKETS) + RATE_BUCKETS) % RATE_BUCKETS;
        window.total -= window.counts[slot];
        window.counts[slot] = 0;
      }
    }
    window.newest = bucket;
  }
  return ((window.newest % RATE_BUCKETS) + RATE_BUCKETS) % RATE_BUCKETS;
}
