import { EXPECTED_ACTIONS, type ExpectedAction, type SimulatedRequest } from '../simulated-request';
import { describeName, describeValue } from './describe-value';
import { fieldProblem } from './field-problem';
import { parseIsoTimestamp } from './parse-timestamp';
import { jsonObjectLines } from './json-object-lines';
import { appendHeader, ensureHostHeader, newExtra, newHeaderMap } from './request-headers';
import type { RequestRecord } from './request-record';
import { isSecretHeader } from './secret-header';
import { isValidIp } from './valid-ip';

/** An HTTP method: an RFC 9110 token. */
const METHOD = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** A header name: an RFC 9110 token (no colon, space or control character). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,256}$/;
/** ISO 3166-1 alpha-2, plus the two-character codes edges use for unknown and Tor (XX, T1). */
const COUNTRY = /^[A-Za-z][A-Za-z0-9]$/;

const KNOWN_FIELDS = new Set(['method', 'path', 'query', 'headers', 'body', 'ip', 'country', 'time', 'host', 'tls', 'expect', 'id']);

/**
 * The requests of a JSON Lines file (one JSON object per line; blank lines skipped, no
 * comments), streamed. Fields: `method` (default GET), `path` (required, raw, from `/`),
 * `query` (raw, without `?`), `headers` (object of string or string-array values), `body`,
 * `ip`, `country`, `time` (ISO 8601 with an offset, or epoch milliseconds), `host` (else the
 * Host header), `tls`, `expect` (allow|block|challenge), `id` (else `line N`); any other field
 * is carried through in `extra`. A record with a problem yields every problem it has.
 */
export function readJsonlRequests(file: string): AsyncGenerator<RequestRecord> {
  return jsonObjectLines(
    file,
    {
      tooLong: ', the most a request line may hold; shorten its body or headers',
      notJson: '; JSON Lines holds one JSON object per line (no comments, no trailing commas)',
      oneObject: 'each line must be one JSON object, e.g. {"path": "/"}',
    },
    jsonlRequest,
  );
}

/** The request one JSON object describes, or every problem with it. */
export function jsonlRequest(record: Record<string, unknown>, lineNumber: number): SimulatedRequest | string[] {
  const problems: string[] = [];
  const has = (field: string) => Object.prototype.hasOwnProperty.call(record, field) && record[field] !== undefined;

  let method = 'GET';
  if (has('method')) {
    const value = record.method;
    if (typeof value === 'string' && METHOD.test(value)) method = value.toUpperCase();
    else problems.push(fieldProblem('method', describeValue(value), 'an HTTP method such as "GET" or "POST"'));
  }

  let path = '/';
  if (!has('path')) problems.push(fieldProblem('path', 'nothing', 'every request needs a path starting with "/"', 'add e.g. "path": "/login"'));
  else if (typeof record.path !== 'string' || !record.path.startsWith('/'))
    problems.push(fieldProblem('path', describeValue(record.path), 'a string starting with "/", percent-encoding kept as sent'));
  else if (record.path.includes('?') || record.path.includes('#'))
    problems.push(
      fieldProblem('path', describeValue(record.path), 'the path alone, without "?" or "#"', 'move what follows "?" into "query" (a fragment is never sent)'),
    );
  else path = record.path;

  let query = '';
  if (has('query')) {
    const value = record.query;
    if (typeof value !== 'string') problems.push(fieldProblem('query', describeValue(value), 'a string: the raw query as sent, without "?"'));
    else if (value.startsWith('?')) problems.push(fieldProblem('query', describeValue(value), 'the query without its leading "?"', 'remove the leading "?"'));
    else query = value;
  }

  const headers = newHeaderMap();
  if (has('headers')) {
    const value = record.headers;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      problems.push(
        fieldProblem('headers', describeValue(value), 'an object of header name to value (a string, or an array of strings for a repeated header)'),
      );
    else
      for (const [name, headerValue] of Object.entries(value as Record<string, unknown>)) {
        // Described only for a problem: judging a name for secrets on every valid header would cost more than the simulation.
        const field = () => `headers[${describeName(name)}]`;
        if (!HEADER_NAME.test(name)) {
          problems.push(
            fieldProblem(field(), 'that name', "a header name is a token: letters, digits and !#$%&'*+.^_`|~- (no spaces, colons or pseudo-headers)"),
          );
          continue;
        }
        const values = typeof headerValue === 'string' ? [headerValue] : headerValue;
        if (!Array.isArray(values) || values.length === 0 || !values.every((item) => typeof item === 'string')) {
          problems.push(
            fieldProblem(field(), describeValue(headerValue, isSecretHeader(name)), 'a string, or a non-empty array of strings for a repeated header'),
          );
          continue;
        }
        for (const item of values) appendHeader(headers, name, item);
      }
  }

  let body = '';
  if (has('body')) {
    if (typeof record.body === 'string') body = record.body;
    else
      problems.push(
        fieldProblem('body', describeValue(record.body, true), 'a string: the body as text', 'encode a JSON body as a string, e.g. "body": "{\\"a\\":1}"'),
      );
  }

  let ip: string | undefined;
  if (has('ip')) {
    if (typeof record.ip === 'string' && isValidIp(record.ip)) ip = record.ip;
    else
      problems.push(
        fieldProblem('ip', describeValue(record.ip), 'one IPv4 address (192.0.2.1) or IPv6 address (2001:db8::1), without a port or prefix length'),
      );
  }

  let country: string | undefined;
  if (has('country')) {
    if (typeof record.country === 'string' && COUNTRY.test(record.country)) country = record.country.toUpperCase();
    else problems.push(fieldProblem('country', describeValue(record.country), 'an ISO 3166-1 alpha-2 country code such as "DE"'));
  }

  let time: number | undefined;
  if (has('time')) {
    const value = record.time;
    const parsed =
      typeof value === 'string' ? parseIsoTimestamp(value) : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
    if (parsed === undefined)
      problems.push(
        fieldProblem(
          'time',
          describeValue(value),
          'an ISO 8601 date-time with an offset ("2026-12-07T12:00:00Z") or milliseconds since the epoch',
          'add "Z" or an offset such as "+01:00" to a local time',
        ),
      );
    else time = parsed;
  }

  let host = '';
  if (has('host')) {
    if (typeof record.host === 'string') host = record.host.toLowerCase();
    else problems.push(fieldProblem('host', describeValue(record.host), 'a string: the Host header value, e.g. "example.com"'));
  } else host = (headers.host?.[0] ?? '').toLowerCase();
  ensureHostHeader(headers, host);

  let tls: boolean | undefined;
  if (has('tls')) {
    if (typeof record.tls === 'boolean') tls = record.tls;
    else problems.push(fieldProblem('tls', describeValue(record.tls), 'true or false'));
  }

  let expect: ExpectedAction | undefined;
  if (has('expect')) {
    if (typeof record.expect === 'string' && (EXPECTED_ACTIONS as readonly string[]).includes(record.expect)) expect = record.expect as ExpectedAction;
    else problems.push(fieldProblem('expect', describeValue(record.expect), `one of ${EXPECTED_ACTIONS.join(', ')}`));
  }

  let id = `line ${lineNumber}`;
  if (has('id')) {
    const value = record.id;
    if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) id = String(value);
    else problems.push(fieldProblem('id', describeValue(value), 'a non-empty string or a number'));
  }

  if (problems.length > 0) return problems;
  const extra = newExtra();
  for (const [field, value] of Object.entries(record)) if (!KNOWN_FIELDS.has(field)) extra[field] = value;
  return { id, method, host, path, query, headers, body, ip, country, time, tls, expect, extra };
}
