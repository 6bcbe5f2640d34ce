import type { SimulatedRequest } from '../simulated-request';
import { describeValue } from './describe-value';
import { fieldProblem } from './field-problem';
import { parseIsoTimestamp } from './parse-timestamp';
import { percentDecode } from './percent-decode';
import { MAX_LINE_BYTES, readLines } from './read-lines';
import { appendHeader, ensureHostHeader, newExtra, newHeaderMap } from './request-headers';
import { RequestInputError } from './request-input-error';
import type { RequestRecord } from './request-record';
import { isValidIp } from './valid-ip';

/**
 * Facts from "Standard log file format" and "Standard log file fields"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html):
 * a legacy standard log is tab-separated W3C extended format with two header lines,
 * `#Version:` and `#Fields:` (the columns, found here by name, so a log with fields removed or
 * reordered still reads); `date` (YYYY-MM-DD) and `time` (HH:MM:SS) are UTC; `cs(Host)` is the
 * distribution's CloudFront domain name while `x-host-header` is the Host header the viewer
 * sent; `cs-uri-stem` is the path without `?` and the query; `cs-uri-query` is the query, `-`
 * for none; `cs(Cookie)`, `cs(Referer)` and `cs(User-Agent)` are `-` when absent; `cs-protocol`
 * is http, https, ws or wss. Every field value is URL-encoded by the log: bytes 0–32 and 127 and
 * above, and `<>"#%{}|\^~[]`'` and space, become `%XX`. Since `%` itself is encoded, decoding
 * each value once gives back what the viewer sent (`%252F` in the log is `%2F` on the wire).
 */
const REQUIRED_COLUMNS = ['date', 'time', 'cs-method', 'cs-uri-stem'] as const;
const HEADER_COLUMNS: readonly (readonly [string, string])[] = [
  ['cs(User-Agent)', 'user-agent'],
  ['cs(Referer)', 'referer'],
  ['cs(Cookie)', 'cookie'],
];

/**
 * The requests of a CloudFront standard (legacy) log, streamed. Needs a `#Fields:` line before
 * the first entry (else a RequestInputError); ids are `line N`.
 */
export async function* readCloudFrontLogRequests(file: string): AsyncGenerator<RequestRecord> {
  let columns: Map<string, number> | undefined;
  for await (const line of readLines(file)) {
    const location = `${file}:${line.number}`;
    if ('tooLong' in line) {
      yield { kind: 'problem', location, message: `line is longer than ${MAX_LINE_BYTES} bytes; not a CloudFront log entry` };
      continue;
    }
    if (line.text.trim() === '') continue;
    if (line.text.startsWith('#')) {
      if (line.text.startsWith('#Fields:')) columns = fieldColumns(file, line.number, line.text.slice('#Fields:'.length));
      continue; // #Version and other directives
    }
    if (columns === undefined)
      throw new RequestInputError(
        `${location}: an entry comes before any "#Fields:" line; a CloudFront standard log starts with "#Version:" and "#Fields:" lines naming its columns`,
      );
    const result = cloudFrontLogRequest(line.text.split('\t'), columns, line.number);
    if (Array.isArray(result)) for (const message of result) yield { kind: 'problem', location, message };
    else yield { kind: 'request', request: result };
  }
}

function fieldColumns(file: string, lineNumber: number, names: string): Map<string, number> {
  const columns = new Map<string, number>();
  names
    .trim()
    .split(/\s+/)
    .forEach((name, index) => columns.set(name, index));
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.has(name));
  if (missing.length > 0)
    throw new RequestInputError(`${file}:${lineNumber}: the "#Fields:" line lacks ${missing.join(', ')}; a request cannot be read without them`);
  return columns;
}

/** The request of one CloudFront log entry (its tab-separated values), or every problem with it. */
export function cloudFrontLogRequest(values: readonly string[], columns: ReadonlyMap<string, number>, lineNumber: number): SimulatedRequest | string[] {
  if (values.length !== columns.size) return [`entry has ${values.length} tab-separated values where the "#Fields:" line names ${columns.size}`];
  const value = (name: string): string | undefined => {
    const index = columns.get(name);
    const found = index === undefined ? undefined : values[index];
    return found === '-' ? undefined : found;
  };
  const problems: string[] = [];

  const date = value('date') ?? '';
  const clock = value('time') ?? '';
  const time = parseIsoTimestamp(`${date}T${clock}Z`);
  if (time === undefined) problems.push(fieldProblem('date time', describeValue(`${date} ${clock}`), 'a UTC date and time such as 2026-12-07 12:00:00'));

  const method = value('cs-method') ?? '';
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(method)) problems.push(fieldProblem('cs-method', describeValue(method), 'an HTTP method such as GET'));

  const path = percentDecode(value('cs-uri-stem') ?? '');
  if (!path.startsWith('/')) problems.push(fieldProblem('cs-uri-stem', describeValue(path), 'a path starting with "/"'));

  const clientIp = value('c-ip'); // an address has no character the log encodes
  if (clientIp !== undefined && !isValidIp(clientIp)) problems.push(fieldProblem('c-ip', describeValue(clientIp), 'an IPv4 or IPv6 address'));

  if (problems.length > 0) return problems;
  const headers = newHeaderMap();
  const host = percentDecode(value('x-host-header') ?? value('cs(Host)') ?? '').toLowerCase();
  ensureHostHeader(headers, host);
  for (const [column, header] of HEADER_COLUMNS) {
    const logged = value(column);
    if (logged !== undefined) appendHeader(headers, header, percentDecode(logged));
  }
  const protocol = value('cs-protocol');
  const tls = protocol === 'https' || protocol === 'wss' ? true : protocol === 'http' || protocol === 'ws' ? false : undefined;
  return {
    id: `line ${lineNumber}`,
    method: method.toUpperCase(),
    host,
    path,
    query: percentDecode(value('cs-uri-query') ?? ''),
    headers,
    body: '',
    ip: clientIp,
    time,
    tls,
    extra: newExtra(),
  };
}
