// One request of the efficacy corpus and its JSON Lines form (docs/simulate.md#requests).

/** Where a request carries what the rules should (or should not) react to. */
export type Location = 'path' | 'query' | 'cookie' | 'header' | 'userAgent' | 'referer' | 'body';

export interface CorpusRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'JP', 'BR', 'IN', 'CA'];
const START = Date.parse('2026-12-07T00:00:00Z');

/** What makes two requests the same request on the wire (labels aside). */
export function requestKey(request: CorpusRequest): string {
  const headers = Object.keys(request.headers)
    .sort()
    .map((name) => [name, request.headers[name]]);
  return JSON.stringify([request.method, request.path, request.query ?? '', headers, request.body ?? '']);
}

/**
 * The JSON Lines record of the `index`-th request of a file: a documentation-range client
 * address and a time a minute apart per request, so no rate limit counts corpus requests together.
 */
export function corpusLine(request: CorpusRequest, index: number, labels: Readonly<Record<string, string>>): string {
  const ranges = ['192.0.2', '198.51.100', '203.0.113'];
  const ip = `${ranges[index % 3]}.${1 + (Math.floor(index / 3) % 254)}`;
  const time = new Date(START + index * 60_000).toISOString();
  const record: Record<string, unknown> = { id: labels.id };
  for (const [name, value] of Object.entries(labels)) if (name !== 'id') record[name] = value;
  Object.assign(record, {
    method: request.method,
    path: request.path,
    ...(request.query === undefined ? {} : { query: request.query }),
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    ip,
    country: COUNTRIES[index % COUNTRIES.length],
    time,
  });
  return JSON.stringify(record);
}
