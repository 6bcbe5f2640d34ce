import { readAlbLogRequests } from './alb-log-requests';
import { readCloudflareLogRequests } from './cloudflare-log-requests';
import { readCloudFrontLogRequests } from './cloudfront-log-requests';
import { detectRequestFormat, REQUEST_FORMATS, type RequestFormat } from './detect-request-format';
import { readHarRequests } from './har-requests';
import { readJsonlRequests } from './jsonl-requests';
import { RequestInputError } from './request-input-error';
import type { RequestRecord } from './request-record';

export { detectRequestFormat, type RequestFormat } from './detect-request-format';
export type { RequestRecord } from './request-record';

const READERS: Readonly<Record<RequestFormat, (file: string) => AsyncGenerator<RequestRecord>>> = {
  jsonl: readJsonlRequests,
  har: readHarRequests,
  alb: readAlbLogRequests,
  cloudfront: readCloudFrontLogRequests,
  cloudflare: readCloudflareLogRequests,
};

/**
 * The requests of a file in `format` (or the one detectRequestFormat finds), streamed: a
 * record per request, or a problem per bad field of a record, so every problem can be reported
 * at once. A file that cannot be read, or is not in the format, throws a RequestInputError.
 */
export async function* readRequests(file: string, format: RequestFormat | 'auto'): AsyncGenerator<RequestRecord> {
  if (format !== 'auto' && !(REQUEST_FORMATS as readonly string[]).includes(format))
    throw new RequestInputError(`unknown request format ${JSON.stringify(String(format).slice(0, 40))}; one of auto, ${REQUEST_FORMATS.join(', ')}`);
  const resolved = format === 'auto' ? await detectRequestFormat(file) : format;
  yield* READERS[resolved](file);
}
