import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectRequestFormat } from '../../../lib/simulate/requests/detect-request-format';
import { RequestInputError } from '../../../lib/simulate/requests/request-input-error';
import { writeTempFile } from '../../support/request-files';

const ALB_LINE =
  'https 2026-12-07T12:00:01.500000Z app/web-alb/0123456789abcdef 198.51.100.7:52311 10.0.1.5:8080 0.001 0.010 0.000 200 200 512 2048 "GET https://a.example:443/ HTTP/1.1" "curl/8" - -';

describe('detectRequestFormat', () => {
  it('takes .har by its extension', async () => {
    expect(await detectRequestFormat(writeTempFile('x.har', 'anything'))).toBe('har');
  });

  it('tells each format by its first non-empty line when the extension does not say', async () => {
    expect(await detectRequestFormat(writeTempFile('cf.log', '\n#Version: 1.0\n#Fields: date time\n'))).toBe('cloudfront');
    expect(await detectRequestFormat(writeTempFile('alb.log', `${ALB_LINE}\n`))).toBe('alb');
    expect(await detectRequestFormat(writeTempFile('export.json', '{\n  "log": {"entries": []}\n}'))).toBe('har');
    expect(await detectRequestFormat(writeTempFile('export.json', '{"log": {"entries": []}}'))).toBe('har');
    expect(await detectRequestFormat(writeTempFile('logpush.log', '{"ClientIP":"192.0.2.1","ClientRequestURI":"/","RayID":"1"}\n'))).toBe('cloudflare');
    expect(await detectRequestFormat(writeTempFile('requests.txt', '\uFEFF{"path": "/"}\n'))).toBe('jsonl');
  });

  it('tells Cloudflare records from request lines in a .jsonl file', async () => {
    expect(await detectRequestFormat(writeTempFile('x.jsonl', '{"ClientRequestHost":"a","ClientRequestURI":"/"}'))).toBe('cloudflare');
    expect(await detectRequestFormat(writeTempFile('x.ndjson', '{"path":"/","log":1}'))).toBe('jsonl');
    expect(await detectRequestFormat(writeTempFile('x.jsonl', 'not json'))).toBe('jsonl');
  });

  it('reads an empty file as JSON Lines (no requests)', async () => {
    expect(await detectRequestFormat(writeTempFile('empty', '\n\n'))).toBe('jsonl');
  });

  it('refuses an unknown shape and a gzip file with a RequestInputError', async () => {
    await expect(detectRequestFormat(writeTempFile('x.log', '127.0.0.1 - - [07/Dec/2026:12:00:00 +0000] "GET / HTTP/1.1" 200 1'))).rejects.toThrow(
      /cannot tell its format.*jsonl, har, alb, cloudfront, cloudflare/,
    );
    await expect(detectRequestFormat(writeTempFile('x.log.gz', gzipSync('{"path":"/"}')))).rejects.toThrow(/gzip-compressed/);
    await expect(detectRequestFormat('/nonexistent/requests')).rejects.toBeInstanceOf(RequestInputError);
  });
});
