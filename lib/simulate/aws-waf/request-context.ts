import type { SimulatedRequest } from '../simulated-request';

/** Whether a label was surely added, or only maybe (by a count rule the simulator cannot judge). */
export type LabelCertainty = 'certain' | 'maybe';

/**
 * One request's evaluation state inside one Web ACL: the labels rules added so far and caches
 * of extracted and transformed fields, so statements that repeat a field and its
 * transformations (common: several rules on the same header) compute it once.
 */
export class RequestContext {
  /** Fully qualified labels, in the order they were added. */
  readonly labels = new Map<string, LabelCertainty>();
  /** Set once a managed rule group was reached: it may have added labels the simulator cannot see. */
  managedGroupsReached: string[] = [];
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly request: SimulatedRequest,
    /** The request's time in ms, after the edge filled in a missing one. */
    readonly time: number,
  ) {}

  /** The value cached under `key`, computed by `make` on first use. */
  cached<T>(key: string, make: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = make();
    this.cache.set(key, value);
    return value;
  }

  addLabel(label: string, certainty: LabelCertainty): void {
    if (this.labels.get(label) !== 'certain') this.labels.set(label, certainty);
  }

  /** Every value of a header (lower-case name), or an empty list; `host` falls back to the request's host. */
  header(name: string): readonly string[] {
    const values = this.request.headers[name];
    if (values !== undefined) return values;
    return name === 'host' && this.request.host !== '' ? [this.request.host] : [];
  }

  /** The request's headers, with the Host header from `host` when the headers lack it (every request sends one). */
  headerEntries(): readonly (readonly [string, readonly string[]])[] {
    const entries = Object.entries(this.request.headers);
    return this.request.headers.host === undefined && this.request.host !== '' ? [['host', [this.request.host]], ...entries] : entries;
  }
}
