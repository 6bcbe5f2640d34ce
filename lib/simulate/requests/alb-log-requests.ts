import type { SimulatedRequest } from '../simulated-request';
import { describeValue } from './describe-value';
import { fieldProblem } from './field-problem';
import { parseIsoTimestamp } from './parse-timestamp';
import { MAX_LINE_BYTES, readLines } from './read-lines';
import { appendHeader, ensureHostHeader, newExtra, newHeaderMap } from './request-headers';
import type { RequestRecord } from './request-record';
import { splitUrl, withoutDefaultPort } from './split-url';
import { isValidIp } from './valid-ip';

/**
 * Field positions of an Application Load Balancer access log entry, per "Access log entries"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html):
 * space-separated, in this order: type time elb client:port target:port
 * request_processing_time target_processing_time response_processing_time elb_status_code
 * target_status_code received_bytes sent_bytes "request" "user_agent" ssl_cipher ssl_protocol
 * target_group_arn "trace_id" "domain_name" "chosen_cert_arn" matched_rule_priority
 * request_creation_time "actions_executed" … (later versions append fields, so more are allowed).
 */
const TYPE = 0;
const TIME = 1;
const CLIENT = 3;
const REQUEST = 12;
const USER_AGENT = 13;
const REQUEST_CREATION_TIME = 21;
const MIN_FIELDS = USER_AGENT + 1;

/** Connection types the docs list (http, https, h2, grpcs, ws, wss); all but http and ws are over TLS. */
const TLS_TYPES = new Set(['https', 'h2', 'grpcs', 'wss']);
const PLAIN_TYPES = new Set(['http', 'ws']);

/**
 * The requests of an ALB access log, streamed. A log holds no body and no headers but the
 * User-Agent; the Host comes from the request URL, which the load balancer writes with the
 * listener port (dropped when it is the scheme's default). The time is `request_creation_time`
 * (when the request arrived) when present, else `time` (when the response was sent). Ids are
 * `line N`. Entries whose request the load balancer could not parse (`"- - - "`) are problems.
 */
export async function* readAlbLogRequests(file: string): AsyncGenerator<RequestRecord> {
  for await (const line of readLines(file)) {
    const location = `${file}:${line.number}`;
    if ('tooLong' in line) {
      yield { kind: 'problem', location, message: `line is longer than ${MAX_LINE_BYTES} bytes; not an ALB access log entry` };
      continue;
    }
    if (line.text.trim() === '') continue;
    const result = albLogRequest(line.text, line.number);
    if (Array.isArray(result)) for (const message of result) yield { kind: 'problem', location, message };
    else yield { kind: 'request', request: result };
  }
}

/** The request of one ALB access log entry, or every problem with it. */
export function albLogRequest(text: string, lineNumber: number): SimulatedRequest | string[] {
  const fields = splitAlbFields(text);
  if (fields === undefined) return ['entry has a quoted field without its closing quote; not an ALB access log entry'];
  if (fields.length < MIN_FIELDS)
    return [`entry has ${fields.length} fields, an ALB access log entry has at least ${MIN_FIELDS} (type time elb client:port … "request" "user_agent" …)`];
  const problems: string[] = [];

  const type = fields[TYPE];
  if (!TLS_TYPES.has(type) && !PLAIN_TYPES.has(type)) problems.push(fieldProblem('type', describeValue(type), 'one of http, https, h2, grpcs, ws, wss'));

  const created = fields.length > REQUEST_CREATION_TIME ? parseIsoTimestamp(fields[REQUEST_CREATION_TIME]) : undefined;
  const time = created ?? parseIsoTimestamp(fields[TIME]);
  if (time === undefined) problems.push(fieldProblem('time', describeValue(fields[TIME]), 'an ISO 8601 time such as 2026-12-07T12:00:00.123456Z'));

  const ip = clientAddress(fields[CLIENT]);
  if (ip === undefined) problems.push(fieldProblem('client:port', describeValue(fields[CLIENT]), 'the client address and port, e.g. 192.0.2.1:46532'));

  const requestLine = fields[REQUEST].split(' ');
  const [method, url] = requestLine;
  const parts = url === undefined ? undefined : splitUrl(url);
  if (method === '-' || requestLine.length !== 3 || parts === undefined || parts.scheme === '')
    problems.push(
      fieldProblem(
        'request',
        describeValue(fields[REQUEST]),
        'the request line "METHOD scheme://host:port/path?query HTTP/version"',
        method === '-' ? 'none: the load balancer could not parse this request' : undefined,
      ),
    );

  if (problems.length > 0 || parts === undefined) return problems;
  const headers = newHeaderMap();
  const host = withoutDefaultPort(parts.authority, parts.scheme);
  ensureHostHeader(headers, host);
  const userAgent = fields[USER_AGENT];
  if (userAgent !== '-') appendHeader(headers, 'user-agent', userAgent);
  return {
    id: `line ${lineNumber}`,
    method: method.toUpperCase(),
    host,
    path: parts.path,
    query: parts.query,
    headers,
    body: '',
    ip,
    time,
    tls: TLS_TYPES.has(type),
    extra: newExtra(),
  };
}

/**
 * The fields of an entry: separated by single spaces; a field starting with `"` runs to the
 * next unescaped `"` (a backslash escapes the next character). Undefined for an unterminated
 * quote.
 */
function splitAlbFields(text: string): string[] | undefined {
  const fields: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] === ' ') {
      index++;
      continue;
    }
    if (text[index] === '"') {
      let value = '';
      index++;
      for (;;) {
        if (index >= text.length) return undefined;
        const character = text[index];
        if (character === '\\' && index + 1 < text.length) {
          value += text[index + 1];
          index += 2;
        } else if (character === '"') {
          index++;
          break;
        } else {
          value += character;
          index++;
        }
      }
      fields.push(value);
    } else {
      const end = text.indexOf(' ', index);
      fields.push(text.slice(index, end === -1 ? text.length : end));
      index = end === -1 ? text.length : end;
    }
  }
  return fields;
}

/** The address of `client:port` (`192.0.2.1:46532`, `[2001:db8::1]:46532` or `2001:db8::1:46532`), if valid. */
function clientAddress(field: string): string | undefined {
  let address: string;
  if (field.startsWith('[')) address = field.slice(1, field.indexOf(']') === -1 ? field.length : field.indexOf(']'));
  else {
    const colon = field.lastIndexOf(':');
    address = colon === -1 ? field : field.slice(0, colon);
  }
  return isValidIp(address) ? address : undefined;
}
