import { describe, expect, it } from 'vitest';
import { readHarRequests } from '../../../lib/simulate/requests/har-requests';
import { RequestInputError } from '../../../lib/simulate/requests/request-input-error';
import { collect, writeTempFile } from '../../support/request-files';

// Shapes from the HAR 1.2 spec (http://www.softwareishard.com/blog/har-12-spec/): log.entries[]
// with startedDateTime, request {method, url, httpVersion, headers [{name, value}], postData {mimeType, text}}.
function har(entries: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }, null, 2);
}

const entry = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  startedDateTime: '2026-12-07T12:00:00.123Z',
  time: 5,
  request: { method: 'GET', httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1, ...request },
  response: {},
  cache: {},
  timings: {},
  serverIPAddress: '203.0.113.9',
  ...extra,
});

describe('readHarRequests', () => {
  it('splits the URL as written (no re-encoding), lower-cases headers, maps :authority, reads the body and time', async () => {
    const file = writeTempFile(
      'session.har',
      har([
        entry({
          method: 'post',
          url: 'https://Shop.Example/a%2fb/%7Euser?q=%27x%27&y#frag',
          headers: [
            { name: ':authority', value: 'shop.example' },
            { name: ':path', value: '/a%2fb/%7Euser?q=%27x%27&y' },
            { name: 'Content-Type', value: 'application/x-www-form-urlencoded' },
            { name: 'Cookie', value: 'sid=1' },
          ],
          postData: { mimeType: 'application/x-www-form-urlencoded', text: 'a=1&b=2' },
        }),
        entry({ url: 'http://other.example:8080/' }),
      ]),
    );
    const records = await collect(readHarRequests(file));
    expect(records).toHaveLength(2);
    const [first, second] = records.map((record) => (record.kind === 'request' ? record.request : undefined));
    expect(first).toMatchObject({
      id: 'entry 1',
      method: 'POST',
      host: 'shop.example',
      path: '/a%2fb/%7Euser',
      query: 'q=%27x%27&y',
      body: 'a=1&b=2',
      tls: true,
    });
    expect(first?.time).toBe(Date.UTC(2026, 11, 7, 12, 0, 0, 123));
    expect(first?.ip).toBeUndefined(); // serverIPAddress is the server's
    expect({ ...first?.headers }).toEqual({ host: ['shop.example'], 'content-type': ['application/x-www-form-urlencoded'], cookie: ['sid=1'] });
    expect(second).toMatchObject({ id: 'entry 2', host: 'other.example:8080', path: '/', query: '', body: '', tls: false });
    expect(second?.headers.host).toEqual(['other.example:8080']);
  });

  it('reports a bad entry as problems located by entry and reads the others', async () => {
    const file = writeTempFile(
      'bad.har',
      har([
        entry({ url: 'not a url', method: 5 }),
        { nothing: true },
        entry({ url: 'https://a.example/' }, { startedDateTime: 'yesterday' }),
        entry({ url: 'https://a.example/ok' }),
      ]),
    );
    const records = await collect(readHarRequests(file));
    const problems = records.filter((record) => record.kind === 'problem');
    expect(problems.map((problem) => problem.location)).toEqual([`${file}:entry 1`, `${file}:entry 1`, `${file}:entry 2`, `${file}:entry 3`]);
    expect(problems.map((problem) => problem.message.split(':')[0])).toEqual(['request.method', 'request.url', 'request', 'startedDateTime']);
    expect(records.at(-1)).toMatchObject({ kind: 'request', request: { path: '/ok', id: 'entry 4' } });
  });

  it('never echoes a secret header value in a problem', async () => {
    const file = writeTempFile('secret.har', har([entry({ url: 'https://a.example/', headers: [{ name: 'Authorization', value: 12345678 }] })]));
    const [problem] = await collect(readHarRequests(file));
    expect(problem).toMatchObject({ kind: 'problem' });
    expect(problem.kind === 'problem' ? problem.message : '').toContain('(value hidden)');
    expect(problem.kind === 'problem' ? problem.message : '').not.toContain('12345678');
  });

  it('throws a RequestInputError for malformed JSON, naming the line but not quoting the text', async () => {
    const file = writeTempFile('broken.har', '{\n  "log": {\n    "entries": [ {"secret": "sk_live_abcdefghijkl"} oops ]\n  }\n}');
    const error = await collect(readHarRequests(file)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestInputError);
    expect((error as Error).message).toMatch(/broken\.har: is not valid JSON \(at line 3\)/);
    expect((error as Error).message).not.toContain('sk_live');
  });

  it('throws a RequestInputError for JSON that is not a HAR', async () => {
    const file = writeTempFile('other.har', '{"entries": []}');
    await expect(collect(readHarRequests(file))).rejects.toThrow(/no "log.entries" array/);
  });

  it('throws a RequestInputError for a file over the size cap', async () => {
    const file = writeTempFile('large.har', har([entry({ url: 'https://a.example/' })]));
    await expect(collect(readHarRequests(file, 100))).rejects.toThrow(/larger than .* MB.*convert it to JSON Lines/);
  });

  it('throws a RequestInputError for a missing file and a directory', async () => {
    await expect(collect(readHarRequests('/nonexistent/x.har'))).rejects.toThrow(/cannot be read \(ENOENT\)/);
    await expect(collect(readHarRequests('/tmp'))).rejects.toBeInstanceOf(RequestInputError);
  });
});
