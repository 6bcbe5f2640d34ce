/** Evaluation windows AWS WAF rate-based rules accept, in seconds. */
export const WAF_RATE_WINDOWS = [60, 120, 300, 600] as const;
/** The smallest and largest request counts a rate-based rule accepts. */
export const WAF_MIN_RATE_LIMIT = 10;
export const WAF_MAX_RATE_LIMIT = 2_000_000_000;

export interface WafRate {
  readonly limit: number;
  readonly windowSeconds: (typeof WAF_RATE_WINDOWS)[number];
  /** Whether it differs from the rate asked for. */
  readonly adjusted: boolean;
}

/**
 * The WAF rate nearest to `limit` requests per `windowSeconds`: the same requests per second in
 * the allowed window closest to the one asked for that holds at least 10 requests, rounded
 * down so it is never looser than asked. `undefined` when even 600 s would need fewer than 10
 * requests, which WAF cannot enforce.
 */
export function nearestWafRate(limit: number, windowSeconds: number): WafRate | undefined {
  if ((WAF_RATE_WINDOWS as readonly number[]).includes(windowSeconds) && limit >= WAF_MIN_RATE_LIMIT) {
    return { limit, windowSeconds: windowSeconds as WafRate['windowSeconds'], adjusted: false };
  }
  const perSecond = limit / windowSeconds;
  const byCloseness = [...WAF_RATE_WINDOWS].sort((a, b) => Math.abs(Math.log(a / windowSeconds)) - Math.abs(Math.log(b / windowSeconds)));
  for (const window of byCloseness) {
    const scaled = Math.min(WAF_MAX_RATE_LIMIT, Math.floor(perSecond * window));
    if (scaled >= WAF_MIN_RATE_LIMIT) return { limit: scaled, windowSeconds: window, adjusted: true };
  }
  return undefined;
}
