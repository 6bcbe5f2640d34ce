import type { ChecklistItemId } from '../../checklist/items';
import type { Edge } from '../../profile/schema';
import type { PolicyRule } from '../model';

/**
 * What an edge can enforce, as data: the question "does the other edge carry this rule?" and
 * each compiler's own fitting go through this interface, so no compiler needs to know another
 * edge's internals and the edge-neutral policy holds no edge's limits.
 */
export interface EdgeCapabilities {
  readonly edge: Edge;
  /** What the edge is called in messages, e.g. "AWS WAF". */
  readonly label: string;
  /** The rate limits the edge fits a rate into; absent where the edge decides rate limits by rules of its own. */
  readonly rates?: RateCapabilities;
  /** Checklist items each of the edge's managed protections covers, by the protection's name. */
  readonly managedCoverage: Readonly<Record<string, readonly ChecklistItemId[]>>;
}

/** The rate limits an edge accepts. */
export interface RateCapabilities {
  /** Windows the edge accepts, in seconds. */
  readonly windows: readonly number[];
  /** The fewest and most requests a rate limit may allow per window. */
  readonly minLimit: number;
  readonly maxLimit: number;
}

/** A rate an edge can enforce, and whether it differs from the rate asked for. */
export interface FittedRate {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly adjusted: boolean;
}

/**
 * The rate an edge enforces for `limit` requests per `windowSeconds`: as asked when the edge
 * accepts it; else the same requests per second in the accepted window closest to the one
 * asked for that holds at least the edge's minimum, rounded down so it is never looser than
 * asked. `undefined` when no accepted window reaches the minimum: the edge cannot enforce it.
 */
export function fitRate(limit: number, windowSeconds: number, rates: RateCapabilities): FittedRate | undefined {
  if (rates.windows.includes(windowSeconds) && limit >= rates.minLimit && limit <= rates.maxLimit) {
    return { limit, windowSeconds, adjusted: false };
  }
  const perSecond = limit / windowSeconds;
  const byCloseness = [...rates.windows].sort((a, b) => Math.abs(Math.log(a / windowSeconds)) - Math.abs(Math.log(b / windowSeconds)));
  for (const window of byCloseness) {
    const scaled = Math.min(rates.maxLimit, Math.floor(perSecond * window));
    if (scaled >= rates.minLimit) return { limit: scaled, windowSeconds: window, adjusted: true };
  }
  return undefined;
}

/** Whether an edge can carry a rule: it is one of the rule's edges and, for a rate limit, the edge can fit its rate. */
export function edgeCarries(edge: EdgeCapabilities, rule: PolicyRule): boolean {
  if (!rule.edges.includes(edge.edge)) return false;
  if (rule.rate === undefined) return true;
  return edge.rates !== undefined && fitRate(rule.rate.limit, rule.rate.windowSeconds, edge.rates) !== undefined;
}

/** The edge's managed protections (of those enabled) that cover a checklist item. */
export function managedProtectionsCovering(edge: EdgeCapabilities, enabled: readonly string[], item: ChecklistItemId): string[] {
  return enabled.filter((name) => (edge.managedCoverage[name] ?? []).includes(item));
}
