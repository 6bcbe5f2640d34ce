import { describe, expect, it } from 'vitest';
import { readRequests, type RequestFormat } from '../../../lib/simulate/requests/read-requests';
import { RequestInputError } from '../../../lib/simulate/requests/request-input-error';
import { collect, writeTempFile } from '../../support/request-files';

describe('readRequests', () => {
  it('reads a file in the format it detects', async () => {
    const file = writeTempFile('logpush.log', '{"ClientRequestURI":"/a?b","ClientRequestHost":"x.example","RayID":"r1"}\n');
    expect(await collect(readRequests(file, 'auto'))).toMatchObject([{ kind: 'request', request: { id: 'r1', path: '/a', query: 'b', host: 'x.example' } }]);
  });

  it('reads a file in the format named, whatever it looks like', async () => {
    const file = writeTempFile('logpush.log', '{"ClientRequestURI":"/a"}\n');
    const [record] = await collect(readRequests(file, 'jsonl'));
    expect(record).toMatchObject({ kind: 'problem', message: expect.stringMatching(/^path: received nothing/) as string });
  });

  it('refuses an unknown format name with a RequestInputError', async () => {
    const file = writeTempFile('r.jsonl', '');
    await expect(collect(readRequests(file, 'csv' as RequestFormat))).rejects.toThrow(RequestInputError);
  });

  it('throws a RequestInputError for a file that cannot be read', async () => {
    await expect(collect(readRequests('/nonexistent/r.jsonl', 'jsonl'))).rejects.toThrow(/cannot be read \(ENOENT\)/);
    await expect(collect(readRequests('/tmp', 'alb'))).rejects.toThrow(/not a regular file \(a directory\)/);
  });
});
