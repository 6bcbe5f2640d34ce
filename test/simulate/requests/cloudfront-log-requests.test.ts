import { describe, expect, it } from 'vitest';
import { readCloudFrontLogRequests } from '../../../lib/simulate/requests/cloudfront-log-requests';
import { RequestInputError } from '../../../lib/simulate/requests/request-input-error';
import { collect, writeTempFile } from '../../support/request-files';

// The layout of a standard (legacy) log per "Standard logging reference"
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html):
// "#Version: 1.0", "#Fields:" naming the tab-separated columns, "-" for an empty value,
// every value URL-encoded (bytes 0-32, 127 and above, <>"#%{}|\\^~[]`' and space become %XX).
const FIELDS =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes';
const row = (values: Record<string, string>) =>
  FIELDS.slice('#Fields: '.length)
    .split(' ')
    .map((name) => values[name] ?? '-')
    .join('\t');

describe('readCloudFrontLogRequests', () => {
  it('reads columns by the #Fields line: viewer Host, raw path and query, decoded header values, client address, UTC time', async () => {
    const first = row({
      date: '2026-12-07',
      time: '12:00:05',
      'x-edge-location': 'FRA56-P1',
      'c-ip': '192.0.2.10',
      'cs-method': 'GET',
      'cs(Host)': 'd111111abcdef8.cloudfront.net',
      'cs-uri-stem': '/a%252Fb/%7Euser', // the viewer sent /a%2Fb/~user: the log encodes % and ~
      'cs(Referer)': 'https://www.example.com/',
      'cs(User-Agent)': 'Mozilla/5.0%20(Windows%20NT%2010.0)',
      'cs-uri-query': 'q=%2527x%2527&s=%20', // sent: q=%27x%27&s= followed by a raw space
      'cs(Cookie)': 'sid=abc',
      'x-host-header': 'WWW.Example.com',
      'cs-protocol': 'https',
    });
    const second = row({
      date: '2026-12-07',
      time: '12:00:06',
      'c-ip': '2001:db8::9',
      'cs-method': 'HEAD',
      'cs(Host)': 'd111111abcdef8.cloudfront.net',
      'cs-uri-stem': '/',
      'cs-protocol': 'http',
    });
    const file = writeTempFile('E2EXAMPLE.2026-12-07-12.abcd', ['#Version: 1.0', FIELDS, first, second].join('\n'));
    const records = await collect(readCloudFrontLogRequests(file));
    const [a, b] = records.map((record) => (record.kind === 'request' ? record.request : undefined));
    expect(a).toMatchObject({
      id: 'line 3',
      method: 'GET',
      host: 'www.example.com',
      path: '/a%2Fb/~user',
      query: 'q=%27x%27&s= ',
      ip: '192.0.2.10',
      tls: true,
      body: '',
    });
    expect(a?.time).toBe(Date.UTC(2026, 11, 7, 12, 0, 5));
    expect({ ...a?.headers }).toEqual({
      host: ['www.example.com'],
      'user-agent': ['Mozilla/5.0 (Windows NT 10.0)'],
      referer: ['https://www.example.com/'],
      cookie: ['sid=abc'],
    });
    // No x-host-header: the distribution's domain name; "-" query and headers are absent.
    expect(b).toMatchObject({ id: 'line 4', method: 'HEAD', host: 'd111111abcdef8.cloudfront.net', query: '', ip: '2001:db8::9', tls: false });
    expect({ ...b?.headers }).toEqual({ host: ['d111111abcdef8.cloudfront.net'] });
  });

  it('reports entries with the wrong number of values or bad fields, and reads on', async () => {
    const good = row({ date: '2026-12-07', time: '12:00:05', 'cs-method': 'GET', 'cs-uri-stem': '/ok' });
    const bad = row({ date: '2026-13-07', time: '12:00:05', 'cs-method': 'GET', 'cs-uri-stem': 'ok', 'c-ip': 'nobody' });
    const file = writeTempFile('cf.log', ['#Version: 1.0', FIELDS, 'a\tb', bad, good].join('\n'));
    const records = await collect(readCloudFrontLogRequests(file));
    expect(records[0]).toMatchObject({
      kind: 'problem',
      location: `${file}:3`,
      message: expect.stringContaining('2 tab-separated values where the "#Fields:" line names 18') as string,
    });
    expect(records.slice(1, 4).map((record) => (record.kind === 'problem' ? record.message.split(':')[0] : ''))).toEqual(['date time', 'cs-uri-stem', 'c-ip']);
    expect(records[4]).toMatchObject({ kind: 'request', request: { path: '/ok' } });
  });

  it('throws a RequestInputError for an entry before #Fields, or #Fields without the request columns', async () => {
    await expect(collect(readCloudFrontLogRequests(writeTempFile('cf.log', '#Version: 1.0\n2026-12-07\t12:00:00')))).rejects.toThrow(RequestInputError);
    await expect(collect(readCloudFrontLogRequests(writeTempFile('cf.log', '#Version: 1.0\n#Fields: date time c-ip\n')))).rejects.toThrow(
      /lacks cs-method, cs-uri-stem/,
    );
  });
});
