import type { Entry, Har } from 'har-format';
import { readBoundedFile } from '../../core/read-bounded-file';
import type { SimulatedRequest } from '../simulated-request';
import { describeName, describeValue } from './describe-value';
import { fieldProblem } from './field-problem';
import { parseIsoTimestamp } from './parse-timestamp';
import { appendHeader, ensureHostHeader, newExtra, newHeaderMap } from './request-headers';
import { RequestInputError } from './request-input-error';
import type { RequestRecord } from './request-record';
import { isSecretHeader } from './secret-header';
import { splitUrl, withoutDefaultPort } from './split-url';

/** Largest HAR file read: HAR is one JSON document, so it is read whole; beyond this, memory would follow the file's size. */
export const MAX_HAR_BYTES = 256 * 1024 * 1024;

/**
 * The requests of a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/): each
 * `log.entries[].request` gives the method, the URL (split as written: host, raw path, raw
 * query), the headers (HTTP/2's `:authority` becomes `host`; other pseudo-headers are dropped,
 * the URL already says them), `postData.text` as the body and `startedDateTime` as the time.
 * `serverIPAddress` is the server's address, not the client's, so `ip` stays unset. Ids are
 * `entry N` (from 1). The file is read whole, up to {@link MAX_HAR_BYTES}; entries are then
 * yielded one by one.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async for the readers' common signature; the HAR is read whole by readBoundedFile
export async function* readHarRequests(file: string, maxBytes = MAX_HAR_BYTES): AsyncGenerator<RequestRecord> {
  const read = readBoundedFile(file, maxBytes);
  if ('failure' in read) {
    const failure = read.failure;
    if (failure.reason === 'too-large')
      throw new RequestInputError(
        `${file}: is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most a HAR file may be (it is read whole); split it, or convert it to JSON Lines, which is streamed`,
      );
    if (failure.reason === 'not-regular') throw new RequestInputError(`${file}: is ${failure.kind}, not a regular file; write the HAR to a file`);
    throw new RequestInputError(`${file}: cannot be read (${failure.code ?? failure.message})`);
  }
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text, which may hold a secret: only its position is kept.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` (at line ${text.slice(0, Number(position)).split('\n').length})`;
    throw new RequestInputError(`${file}: is not valid JSON${where}; a HAR file is one JSON document as browsers export it`);
  }
  const entries = (har as Partial<Har> | null)?.log?.entries;
  if (typeof har !== 'object' || har === null || !Array.isArray(entries))
    throw new RequestInputError(`${file}: is not a HAR file: it has no "log.entries" array (HAR 1.2, as a browser's "Save all as HAR" writes it)`);
  for (let index = 0; index < entries.length; index++) {
    const location = `${file}:entry ${index + 1}`;
    const result = harRequest(entries[index], index + 1);
    if (Array.isArray(result)) for (const message of result) yield { kind: 'problem', location, message };
    else yield { kind: 'request', request: result };
  }
}

/** The request of one HAR entry, or every problem with it. */
export function harRequest(entry: unknown, entryNumber: number): SimulatedRequest | string[] {
  const request = (entry as Partial<Entry> | null)?.request as unknown;
  if (typeof entry !== 'object' || entry === null || typeof request !== 'object' || request === null)
    return [fieldProblem('request', describeValue(request), 'each entry needs a "request" object (HAR 1.2)')];
  const { method, url, headers: rawHeaders, postData } = request as Record<string, unknown>;
  const problems: string[] = [];

  if (typeof method !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(method))
    problems.push(fieldProblem('request.method', describeValue(method), 'an HTTP method such as "GET"'));
  const parts = typeof url === 'string' ? splitUrl(url) : undefined;
  if (parts === undefined) problems.push(fieldProblem('request.url', describeValue(url), 'an absolute URL such as "https://example.com/path?query"'));

  const headers = newHeaderMap();
  if (!Array.isArray(rawHeaders)) problems.push(fieldProblem('request.headers', describeValue(rawHeaders), 'an array of {"name", "value"} objects'));
  else
    rawHeaders.forEach((header: unknown, index) => {
      const { name, value } = (typeof header === 'object' && header !== null ? header : {}) as Record<string, unknown>;
      if (typeof name !== 'string' || typeof value !== 'string' || name === '') {
        const shown = typeof name === 'string' && isSecretHeader(name) ? describeValue(value, true) : describeValue(typeof value === 'string' ? value : header);
        problems.push(
          fieldProblem(
            `request.headers[${index}]${typeof name === 'string' ? ` (${describeName(name)})` : ''}`,
            shown,
            'a {"name": string, "value": string} object',
          ),
        );
        return;
      }
      if (name.startsWith(':')) {
        // HTTP/2 pseudo-headers: :authority is what HTTP/1.1 sends as Host; :method, :path and :scheme repeat the request line.
        if (name.toLowerCase() === ':authority') appendHeader(headers, 'host', value);
        return;
      }
      appendHeader(headers, name, value);
    });

  let body = '';
  if (postData !== undefined && postData !== null) {
    const text = (postData as Record<string, unknown>).text;
    if (typeof text === 'string') body = text;
    else if (text !== undefined) problems.push(fieldProblem('request.postData.text', describeValue(text, true), 'a string'));
  }

  const started = (entry as Record<string, unknown>).startedDateTime;
  const time = typeof started === 'string' ? parseIsoTimestamp(started) : undefined;
  if (started !== undefined && time === undefined)
    problems.push(fieldProblem('startedDateTime', describeValue(started), 'an ISO 8601 date-time with an offset, e.g. "2026-12-07T12:00:00.000Z"'));

  if (problems.length > 0 || parts === undefined) return problems;
  if (headers.host !== undefined && headers.host.length > 1 && headers.host[0] === headers.host[1]) headers.host = [headers.host[0]]; // :authority and Host both logged
  const host = (headers.host?.[0] ?? withoutDefaultPort(parts.authority, parts.scheme)).toLowerCase();
  ensureHostHeader(headers, host);
  const tls = parts.scheme === 'https' || parts.scheme === 'wss' ? true : parts.scheme === 'http' || parts.scheme === 'ws' ? false : undefined;
  return {
    id: `entry ${entryNumber}`,
    method: (method as string).toUpperCase(),
    host,
    path: parts.path,
    query: parts.query,
    headers,
    body,
    time,
    tls,
    extra: newExtra(),
  };
}
