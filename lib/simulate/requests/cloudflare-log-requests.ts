import type { SimulatedRequest } from '../simulated-request';
import { describeName, describeValue } from './describe-value';
import { fieldProblem } from './field-problem';
import { parseIsoTimestamp } from './parse-timestamp';
import { jsonObjectLines } from './json-object-lines';
import { appendHeader, ensureHostHeader, newExtra, newHeaderMap } from './request-headers';
import type { RequestRecord } from './request-record';
import { isSecretHeader } from './secret-header';
import { isValidIp } from './valid-ip';

/**
 * Facts from the Logpush `http_requests` dataset's field list
 * (https://developers.cloudflare.com/logs/reference/log-fields/zone/http_requests/):
 * ClientRequestMethod, ClientRequestHost, ClientRequestURI (the URI requested: path and
 * query), ClientRequestPath (the path alone), ClientRequestUserAgent, ClientRequestReferer,
 * ClientXRequestedWith, ClientIP, ClientCountry (two-letter ISO 3166 code, written lower-case),
 * ClientRequestScheme, ClientSSLProtocol ("none" when TLS was not used), EdgeStartTimestamp
 * ("int or string": Logpush's timestamp_format writes unixnano by default, unix seconds, or
 * RFC 3339), RayID, and RequestHeaders and Cookies (objects of string values, present only
 * when custom fields are configured). ClientRequestQuery, which some exports add, is read too.
 */

const METHOD = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/**
 * The requests of a Cloudflare Logpush HTTP requests log (JSON Lines), streamed. Ids are the
 * RayID, else `line N`. A log holds no body; headers are those the log has fields for.
 */
export function readCloudflareLogRequests(file: string): AsyncGenerator<RequestRecord> {
  return jsonObjectLines(
    file,
    {
      tooLong: '; not a Cloudflare log record',
      notJson: '; Logpush writes one JSON object per line (output_type ndjson)',
      oneObject: 'one JSON object per line',
    },
    cloudflareLogRequest,
  );
}

/** The request of one Logpush record, or every problem with it. */
export function cloudflareLogRequest(record: Record<string, unknown>, lineNumber: number): SimulatedRequest | string[] {
  const problems: string[] = [];
  const optionalString = (field: string): string | undefined => {
    const value = record[field];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    problems.push(fieldProblem(field, describeValue(value), 'a string'));
    return undefined;
  };

  const method = optionalString('ClientRequestMethod') ?? 'GET';
  if (!METHOD.test(method)) problems.push(fieldProblem('ClientRequestMethod', describeValue(method), 'an HTTP method such as GET'));

  const uri = optionalString('ClientRequestURI');
  const onlyPath = optionalString('ClientRequestPath');
  let path = '/';
  let query = '';
  if (uri !== undefined) {
    const question = uri.indexOf('?');
    path = question === -1 ? uri : uri.slice(0, question);
    query = question === -1 ? '' : uri.slice(question + 1);
    if (!path.startsWith('/')) problems.push(fieldProblem('ClientRequestURI', describeValue(uri), 'the path and query requested, starting with "/"'));
  } else if (onlyPath !== undefined) {
    path = onlyPath;
    const loggedQuery = optionalString('ClientRequestQuery') ?? '';
    query = loggedQuery.startsWith('?') ? loggedQuery.slice(1) : loggedQuery;
    if (!path.startsWith('/')) problems.push(fieldProblem('ClientRequestPath', describeValue(onlyPath), 'a path starting with "/"'));
  } else
    problems.push(fieldProblem('ClientRequestURI', 'nothing', 'the path requested', "add ClientRequestURI (or ClientRequestPath) to the Logpush job's fields"));

  const ip = optionalString('ClientIP');
  if (ip !== undefined && !isValidIp(ip)) problems.push(fieldProblem('ClientIP', describeValue(ip), 'an IPv4 or IPv6 address'));

  const loggedCountry = optionalString('ClientCountry');
  if (loggedCountry !== undefined && !/^[A-Za-z][A-Za-z0-9]$/.test(loggedCountry))
    problems.push(fieldProblem('ClientCountry', describeValue(loggedCountry), 'a two-letter ISO 3166 country code'));

  const started = record.EdgeStartTimestamp;
  const time = started === undefined || started === null ? undefined : edgeTimestamp(started);
  if (started !== undefined && started !== null && time === undefined)
    problems.push(
      fieldProblem('EdgeStartTimestamp', describeValue(started), 'a Logpush timestamp: unix seconds or nanoseconds (a number), or RFC 3339 (a string)'),
    );

  const headers = newHeaderMap();
  const loggedHeaders = record.RequestHeaders;
  if (loggedHeaders !== undefined && loggedHeaders !== null) {
    if (typeof loggedHeaders !== 'object' || Array.isArray(loggedHeaders))
      problems.push(fieldProblem('RequestHeaders', describeValue(loggedHeaders), 'an object of header name to string'));
    else
      for (const [name, value] of Object.entries(loggedHeaders as Record<string, unknown>)) {
        if (typeof value === 'string') appendHeader(headers, name, value);
        else problems.push(fieldProblem(`RequestHeaders[${describeName(name)}]`, describeValue(value, isSecretHeader(name)), 'a string'));
      }
  }
  for (const [field, header] of [
    ['ClientRequestUserAgent', 'user-agent'],
    ['ClientRequestReferer', 'referer'],
    ['ClientXRequestedWith', 'x-requested-with'],
  ] as const) {
    const value = optionalString(field);
    if (value !== undefined && headers[header] === undefined) appendHeader(headers, header, value);
  }
  const cookies = record.Cookies;
  if (cookies !== undefined && cookies !== null && headers.cookie === undefined) {
    // Only the cookies the job was configured to log, so the header is partial.
    if (typeof cookies !== 'object' || Array.isArray(cookies))
      problems.push(fieldProblem('Cookies', describeValue(cookies, true), 'an object of cookie name to string'));
    else {
      const pairs = Object.entries(cookies as Record<string, unknown>).filter((pair): pair is [string, string] => typeof pair[1] === 'string');
      if (pairs.length > 0) appendHeader(headers, 'cookie', pairs.map(([name, value]) => `${name}=${value}`).join('; '));
    }
  }

  const rayId = optionalString('RayID');
  if (problems.length > 0) return problems;
  const host = (optionalString('ClientRequestHost') ?? headers.host?.[0] ?? '').toLowerCase();
  ensureHostHeader(headers, host);
  const scheme = optionalString('ClientRequestScheme')?.toLowerCase();
  const sslProtocol = optionalString('ClientSSLProtocol');
  const tls = scheme === 'https' ? true : scheme === 'http' ? false : sslProtocol === undefined ? undefined : sslProtocol !== 'none';
  return {
    id: rayId ?? `line ${lineNumber}`,
    method: method.toUpperCase(),
    host,
    path,
    query,
    headers,
    body: '',
    ip,
    country: loggedCountry?.toUpperCase(),
    time,
    tls,
    extra: newExtra(),
  };
}

/**
 * Milliseconds since the epoch of a Logpush timestamp. Numbers (or digit strings) are read by
 * magnitude, since the log does not say its unit: below 1e11 seconds (until year 5138), below
 * 1e14 milliseconds, below 1e17 microseconds, else nanoseconds. Other strings are RFC 3339.
 */
export function edgeTimestamp(value: unknown): number | undefined {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^\d{1,20}$/.test(value)) number = Number(value);
  else return typeof value === 'string' ? parseIsoTimestamp(value) : undefined;
  if (!Number.isFinite(number) || number < 0) return undefined;
  if (number < 1e11) return Math.round(number * 1000);
  if (number < 1e14) return Math.round(number);
  if (number < 1e17) return Math.floor(number / 1000);
  return Math.floor(number / 1e6);
}
