/**
 * One request to replay against the edges, as sent on the wire: the simulators read every field
 * raw (percent-encoding kept) and decode only where the edge's documented semantics decode.
 */
export interface SimulatedRequest {
  /** The request's name in reports: the input's `id`, else its position (`line 12`, `entry 3`). */
  readonly id: string;
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /** The Host header's value (lower-case), or '' when the input does not say. */
  readonly host: string;
  /** The path as sent, percent-encoding kept, starting with `/`. */
  readonly path: string;
  /** The query string as sent, without `?` ('' for none). */
  readonly query: string;
  /** Lower-case header names; every value of a repeated header, in order. `cookie` is a header. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** The request body as text ('' for none). */
  readonly body: string;
  /** The client's address, when the input says. */
  readonly ip?: string;
  /** ISO 3166-1 alpha-2 country of the client (upper-case), when the input says. */
  readonly country?: string;
  /** When the request arrived, in milliseconds since the epoch, when the input says (rate limits count over it). */
  readonly time?: number;
  /** Whether the request came over TLS (default true). */
  readonly tls?: boolean;
  /** The verdict the input expects (`expect` field), for `--expect`-style checks. */
  readonly expect?: ExpectedAction;
  /** The input's other fields, carried through to the output unchanged. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** What a request may be expected to get: `block` also accepts a custom block response; `challenge` accepts captcha. */
export type ExpectedAction = 'allow' | 'block' | 'challenge';

export const EXPECTED_ACTIONS: readonly ExpectedAction[] = ['allow', 'block', 'challenge'];
