/** Headers being collected for a SimulatedRequest: lower-case names, every value in order. */
export type HeaderMap = Record<string, string[]>;

/**
 * An empty header map without a prototype, so a header named `constructor` or `__proto__`
 * is a header like any other rather than an Object method or a prototype change.
 */
export function newHeaderMap(): HeaderMap {
  return Object.create(null) as HeaderMap;
}

/** Adds one value of a header (its name lower-cased), after any earlier values of the same name. */
export function appendHeader(headers: HeaderMap, name: string, value: string): void {
  const lower = name.toLowerCase();
  const values = headers[lower];
  if (values === undefined) headers[lower] = [value];
  else values.push(value);
}

/** Adds the Host header from a host the input names elsewhere, when the headers do not carry one: a request on the wire always does. */
export function ensureHostHeader(headers: HeaderMap, host: string): void {
  if (host !== '' && headers.host === undefined) headers.host = [host];
}

/** A record without a prototype for an input's other fields (see {@link newHeaderMap}). */
export function newExtra(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
