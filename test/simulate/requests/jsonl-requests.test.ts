import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readJsonlRequests } from '../../../lib/simulate/requests/jsonl-requests';
import type { RequestRecord } from '../../../lib/simulate/requests/request-record';
import { collect, writeTempFile } from '../../support/request-files';

async function read(lines: string[]): Promise<{ file: string; records: RequestRecord[] }> {
  const file = writeTempFile('requests.jsonl', lines.join('\n'));
  return { file, records: await collect(readJsonlRequests(file)) };
}

function problems(records: RequestRecord[]): { location: string; message: string }[] {
  return records.flatMap((record) => (record.kind === 'problem' ? [{ location: record.location, message: record.message }] : []));
}

describe('readJsonlRequests', () => {
  it('reads every field as written, raw, with names lower-cased and other fields carried in extra', async () => {
    const { records } = await read([
      JSON.stringify({
        method: 'post',
        path: '/a%2Fb/../c',
        query: 'q=%27or%201=1&x',
        headers: { 'User-Agent': 'curl/8', Cookie: ['a=1', 'b=2'], cookie: 'c=3' },
        body: 'x=1',
        ip: '2001:db8::1',
        country: 'de',
        time: '2026-12-07T12:00:00.250+01:00',
        host: 'Example.COM',
        tls: false,
        expect: 'block',
        id: 7,
        label: 'sqli',
      }),
    ]);
    expect(records).toHaveLength(1);
    const record = records[0];
    if (record.kind !== 'request') throw new Error('expected a request');
    const request = record.request;
    expect(request).toMatchObject({
      id: '7',
      method: 'POST',
      host: 'example.com',
      path: '/a%2Fb/../c',
      query: 'q=%27or%201=1&x',
      body: 'x=1',
      ip: '2001:db8::1',
      country: 'DE',
      time: Date.UTC(2026, 11, 7, 11, 0, 0, 250),
      tls: false,
      expect: 'block',
    });
    expect({ ...request.headers }).toEqual({ 'user-agent': ['curl/8'], cookie: ['a=1', 'b=2', 'c=3'], host: ['example.com'] });
    expect({ ...request.extra }).toEqual({ label: 'sqli' });
  });

  it('defaults the method to GET, the id to the line, the host to the Host header, and skips blank lines', async () => {
    const { records } = await read(['', '{"path": "/", "headers": {"host": "Shop.Example"}, "time": 1765108800000}', '   ']);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'request',
      request: { id: 'line 2', method: 'GET', host: 'shop.example', query: '', body: '', time: 1765108800000 },
    });
  });

  it('keeps a header named like an Object member as a header', async () => {
    const { records } = await read(['{"path": "/", "headers": {"constructor": "x", "__proto__": "y"}}']);
    const request = records[0].kind === 'request' ? records[0].request : undefined;
    expect(request?.headers.constructor).toEqual(['x']);
    expect(Object.keys(request?.headers ?? {})).toContain('__proto__');
  });

  it('carries a field named __proto__ in extra as a field, without touching any prototype', async () => {
    const { records } = await read(['{"path": "/", "__proto__": {"polluted": true}, "label": 1}']);
    const extra = records[0].kind === 'request' ? records[0].request.extra : {};
    expect(Object.keys(extra)).toEqual(['__proto__', 'label']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a missing path, a path without "/", and a path holding the query', async () => {
    const { file, records } = await read(['{"method": "GET"}', '{"path": "login"}', '{"path": "/a?b=1"}']);
    const found = problems(records);
    expect(found.map((problem) => problem.location)).toEqual([`${file}:1`, `${file}:2`, `${file}:3`]);
    expect(found[0].message).toMatch(/^path: received nothing;.*starting with "\/"/);
    expect(found[1].message).toContain('received "login"');
    expect(found[2].message).toContain('move what follows "?" into "query"');
  });

  it('reports a query with its leading "?" with a fix', async () => {
    const { records } = await read(['{"path": "/", "query": "?a=1"}']);
    expect(problems(records)[0].message).toBe('query: received "?a=1"; the query without its leading "?". Fix: remove the leading "?"');
  });

  it('reports every bad field of a record, not only the first', async () => {
    const { records } = await read([
      '{"path": "/", "method": "GE T", "ip": "10.0.0.256", "country": "Germany", "time": "2026-12-07T12:00:00", "tls": "yes", "expect": "deny", "id": "", "headers": []}',
    ]);
    const fields = problems(records).map((problem) => problem.message.split(':')[0]);
    expect(fields).toEqual(['method', 'headers', 'ip', 'country', 'time', 'tls', 'expect', 'id']);
    expect(records.some((record) => record.kind === 'request')).toBe(false);
  });

  it('asks for an offset on a local time', async () => {
    const { records } = await read(['{"path": "/", "time": "2026-12-07T12:00:00"}']);
    expect(problems(records)[0].message).toContain('Fix: add "Z" or an offset');
  });

  it('reports invalid JSON and a line that is not an object without quoting the line', async () => {
    const { records } = await read(['{"path": "/", "headers": {"authorization": "Bearer sk_live_abcdef123456"', '[1, 2]']);
    const found = problems(records);
    expect(found[0].message).toContain('not valid JSON');
    expect(found[0].message).not.toContain('sk_live');
    expect(found[1].message).toContain('received an array');
  });

  it('reports a bad header name and a bad header value', async () => {
    const { records } = await read(['{"path": "/", "headers": {"x y": "1", "x-n": 5, ":authority": "a"}}']);
    const messages = problems(records).map((problem) => problem.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^headers\["x y"\]: .*token/);
    expect(messages[1]).toMatch(/^headers\["x-n"\]: received 5;/);
  });

  it('never echoes a secret: credential headers, the body, and values with a credential shape', async () => {
    const secrets = ['opensesame-password-1', 'my-cookie-value-42', '987654321', 'sk_live_51HabcdefGHIJ'];
    const { records } = await read([
      JSON.stringify({ path: '/', headers: { authorization: ['ok', 5], cookie: { v: secrets[1] }, 'x-vendor-token': 7 } }),
      JSON.stringify({ path: '/', body: Number(secrets[2]) }),
      JSON.stringify({ path: secrets[3] }),
      JSON.stringify({ path: '/', headers: { authorization: { token: secrets[0] } } }),
      JSON.stringify({ path: '/', query: `?key=${secrets[3]}` }),
    ]);
    const messages = problems(records).map((problem) => problem.message);
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const message of messages) for (const secret of secrets) expect(message).not.toContain(secret);
    expect(messages.filter((message) => message.includes('(value hidden)')).length).toBeGreaterThanOrEqual(4);
  });

  it('truncates a long value it quotes', async () => {
    const { records } = await read([JSON.stringify({ path: 'x'.repeat(500) })]);
    const message = problems(records)[0].message;
    expect(message).toContain(`"${'x'.repeat(60)}…"`);
    expect(message).not.toContain('x'.repeat(61));
  });

  it('reports a line over the length cap as a problem and reads on', async () => {
    const { file, records } = await read([JSON.stringify({ path: '/', body: 'a'.repeat(1024 * 1024 + 10) }), '{"path": "/next"}']);
    expect(problems(records)).toEqual([{ location: `${file}:1`, message: expect.stringContaining('longer than 1048576 bytes') as string }]);
    expect(records[1]).toMatchObject({ kind: 'request', request: { path: '/next', id: 'line 2' } });
  });

  it('streams a 200,000-line file record by record', async () => {
    const file = writeTempFile('big.jsonl', '');
    writeFileSync(file, '{"path": "/p", "query": "i=1"}\n'.repeat(200_000));
    let count = 0;
    for await (const record of readJsonlRequests(file)) if (record.kind === 'request') count++;
    expect(count).toBe(200_000);
  });
});
