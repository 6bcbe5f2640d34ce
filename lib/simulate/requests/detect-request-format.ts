import { extname } from 'node:path';
import { openRegularFile } from './open-regular-file';
import { RequestInputError } from './request-input-error';

/** The request file formats `bulwark simulate` reads. */
export type RequestFormat = 'jsonl' | 'har' | 'alb' | 'cloudfront' | 'cloudflare';

export const REQUEST_FORMATS: readonly RequestFormat[] = ['jsonl', 'har', 'alb', 'cloudfront', 'cloudflare'];

/** How much of a file sniffing reads: enough for a first line of any real log. */
const SNIFF_BYTES = 64 * 1024;

/** An ALB entry starts with its connection type and an ISO 8601 time (see alb-log-requests.ts). */
const ALB_ENTRY = /^(https?|h2|grpcs|wss?) \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;
/** Fields only Cloudflare's http_requests dataset has (see cloudflare-log-requests.ts). */
const CLOUDFLARE_FIELD = /"(ClientRequestURI|ClientRequestPath|ClientRequestHost|ClientRequestMethod|EdgeStartTimestamp|RayID)"\s*:/;

/**
 * The format of a requests file: `.har` by its extension; otherwise by its first non-empty
 * line: `#Version:`/`#Fields:` is a CloudFront standard log, an ALB entry's shape is an ALB
 * log, a lone `{` or `{"log":` starts a HAR document, a JSON object with Cloudflare's
 * http_requests fields is a Cloudflare log, and any other JSON object is JSON Lines (`.jsonl`
 * and `.ndjson` files are only told apart between those two). An empty file is JSON Lines (no
 * requests). Anything else is a RequestInputError that asks for the format.
 */
export async function detectRequestFormat(file: string): Promise<RequestFormat> {
  const extension = extname(file).toLowerCase();
  if (extension === '.har') return 'har';
  const handle = await openRegularFile(file);
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } catch (error) {
    throw new RequestInputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) throw new RequestInputError(`${file}: is gzip-compressed; decompress it first (gunzip)`);
  const firstLine = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
  if (firstLine === undefined) return 'jsonl';
  const jsonLines = extension === '.jsonl' || extension === '.ndjson';
  if (firstLine.startsWith('{')) {
    if (!jsonLines && (firstLine === '{' || /^\{\s*"log"\s*:/.test(firstLine))) return 'har';
    return CLOUDFLARE_FIELD.test(firstLine) ? 'cloudflare' : 'jsonl';
  }
  if (jsonLines) return 'jsonl'; // the reader reports the line that is not JSON
  if (firstLine.startsWith('#Version:') || firstLine.startsWith('#Fields:')) return 'cloudfront';
  if (ALB_ENTRY.test(firstLine)) return 'alb';
  throw new RequestInputError(
    `${file}: cannot tell its format from its first line; name it (${REQUEST_FORMATS.join(', ')}): JSON Lines, HAR, ALB access log, CloudFront standard log, Cloudflare Logpush http_requests`,
  );
}
