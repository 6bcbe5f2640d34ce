import { describe, expect, it } from 'vitest';
import { edgeTimestamp, readCloudflareLogRequests } from '../../../lib/simulate/requests/cloudflare-log-requests';
import { collect, writeTempFile } from '../../support/request-files';

// Records with fields of the Logpush http_requests dataset
// (https://developers.cloudflare.com/logs/reference/log-fields/zone/http_requests/).
describe('readCloudflareLogRequests', () => {
  it('reads method, host, URI split at the first "?", headers, client, upper-cased country, time, scheme and RayID', async () => {
    const record = {
      ClientIP: '198.51.100.20',
      ClientCountry: 'gb',
      ClientRequestHost: 'Shop.Example',
      ClientRequestMethod: 'post',
      ClientRequestURI: '/login?next=%2Fhome?x',
      ClientRequestPath: '/login',
      ClientRequestScheme: 'https',
      ClientRequestUserAgent: 'curl/8.5.0',
      ClientRequestReferer: 'https://shop.example/',
      EdgeStartTimestamp: 1765108800123000000, // unixnano, the default timestamp_format
      RayID: '8f1e2d3c4b5a6978',
      RequestHeaders: { 'Content-Type': 'application/json' },
      Cookies: { session: 'abc' },
    };
    const file = writeTempFile(
      'cf.json',
      `${JSON.stringify(record)}\n${JSON.stringify({ ClientRequestPath: '/p', ClientRequestQuery: '?a=1', ClientSSLProtocol: 'none', EdgeStartTimestamp: '2026-12-07T12:00:00Z' })}\n`,
    );
    const records = await collect(readCloudflareLogRequests(file));
    const [a, b] = records.map((item) => (item.kind === 'request' ? item.request : undefined));
    expect(a).toMatchObject({
      id: '8f1e2d3c4b5a6978',
      method: 'POST',
      host: 'shop.example',
      path: '/login',
      query: 'next=%2Fhome?x',
      ip: '198.51.100.20',
      country: 'GB',
      tls: true,
      body: '',
    });
    expect(a?.time).toBe(1765108800123);
    expect({ ...a?.headers }).toEqual({
      'content-type': ['application/json'],
      'user-agent': ['curl/8.5.0'],
      referer: ['https://shop.example/'],
      cookie: ['session=abc'],
      host: ['shop.example'],
    });
    expect(b).toMatchObject({ id: 'line 2', method: 'GET', host: '', path: '/p', query: 'a=1', tls: false, time: Date.UTC(2026, 11, 7, 12) });
  });

  it('reads every documented timestamp format to milliseconds', () => {
    const ms = Date.UTC(2026, 11, 7, 12, 0, 0, 123);
    expect(edgeTimestamp(Date.UTC(2026, 11, 7, 12) / 1000)).toBe(Date.UTC(2026, 11, 7, 12)); // unix seconds
    expect(edgeTimestamp(ms)).toBe(ms); // unix milliseconds
    expect(edgeTimestamp(ms * 1e6)).toBe(ms); // unixnano
    expect(edgeTimestamp(String(ms * 1e6))).toBe(ms);
    expect(edgeTimestamp('2026-12-07T12:00:00.123456789Z')).toBe(ms); // rfc3339 with nanoseconds
    expect(edgeTimestamp('soon')).toBeUndefined();
    expect(edgeTimestamp(-1)).toBeUndefined();
  });

  it('reports missing URIs and bad fields without echoing secret header values', async () => {
    const lines = [
      JSON.stringify({ ClientRequestHost: 'a.example' }),
      JSON.stringify({
        ClientRequestURI: 'login',
        ClientIP: 'x',
        ClientCountry: 'GBR',
        EdgeStartTimestamp: 'later',
        RequestHeaders: { authorization: 424242 },
      }),
      'not json',
    ];
    const file = writeTempFile('cf.json', lines.join('\n'));
    const records = await collect(readCloudflareLogRequests(file));
    const messages = records.map((record) => (record.kind === 'problem' ? `${record.location} ${record.message}` : 'request'));
    expect(messages[0]).toMatch(/:1 ClientRequestURI: received nothing.*add ClientRequestURI/);
    expect(messages.slice(1, 6).map((message) => message.split(' ')[1])).toEqual([
      'ClientRequestURI:',
      'ClientIP:',
      'ClientCountry:',
      'EdgeStartTimestamp:',
      'RequestHeaders["authorization"]:',
    ]);
    expect(messages[5]).toContain('(value hidden)');
    expect(messages[5]).not.toContain('424242');
    expect(messages[6]).toMatch(/:3 line is not valid JSON/);
  });
});
