// The body sent to CloudFormation: whole when it fits in 4,096 bytes, else with only its Reason cut
// (marked), however the reason's characters encode (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { MAX_RESPONSE_BYTES, responseBody, sendResponse, type RequestFunction } from '../../../../lib/aws/secrets/rotation-handler/cloudformation-response';

const response = (Reason: string) =>
  ({ Status: 'FAILED', Reason, PhysicalResourceId: 'bulwark-initial-values', StackId: 'stack', RequestId: 'request', LogicalResourceId: 'Gate' }) as const;

describe('responseBody', () => {
  it('stops cutting once the Reason is empty, when the other fields alone pass the limit', () => {
    const long = { ...response('x'.repeat(100)), LogicalResourceId: 'L'.repeat(MAX_RESPONSE_BYTES) };
    const body = JSON.parse(responseBody(long));
    expect(body.Reason).toBe(' [cut]');
    expect(body.LogicalResourceId).toBe(long.LogicalResourceId);
  });

  it('sends a response that fits as it is, with empty Data', () => {
    const body = responseBody(response('short'));
    expect(JSON.parse(body)).toEqual({ ...response('short'), Data: {} });
  });

  it('sends a body of exactly the limit uncut', () => {
    const empty = Buffer.byteLength(responseBody(response('')));
    const reason = 'r'.repeat(MAX_RESPONSE_BYTES - empty);
    expect(JSON.parse(responseBody(response(reason))).Reason).toBe(reason);
    expect(JSON.parse(responseBody(response(`${reason}r`))).Reason).toMatch(/ \[cut\]$/);
  });

  it('cuts an ASCII reason to exactly the limit, not a byte less', () => {
    expect(Buffer.byteLength(responseBody(response('a'.repeat(10_000))))).toBe(MAX_RESPONSE_BYTES);
    expect(Buffer.byteLength(responseBody(response('a'.repeat(4_100))))).toBe(MAX_RESPONSE_BYTES);
  });

  it.each([
    ['ASCII', 'a'],
    ['characters JSON escapes into six bytes', '\u0001'],
    ['three-byte UTF-8', '☁'],
    ['quotes', '"'],
  ])('cuts a long reason of %s to fit, keeping its start and every other field', (_, unit) => {
    const long = response(unit.repeat(10_000));
    const body = responseBody(long);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_RESPONSE_BYTES - 64);
    const parsed = JSON.parse(body) as { Reason: string };
    expect(parsed).toEqual({ ...long, Reason: parsed.Reason, Data: {} });
    expect(parsed.Reason).toMatch(/ \[cut\]$/);
    expect(long.Reason.startsWith(parsed.Reason.slice(0, -' [cut]'.length))).toBe(true);
  });
});

describe('sendResponse', () => {
  /** A request function whose PUT CloudFormation answers with `statusCode`. */
  const answering =
    (statusCode: number): RequestFunction =>
    (_url, _options, callback) => {
      const put = new EventEmitter() as unknown as ClientRequest;
      put.end = (() => {
        const answer = Object.assign(new EventEmitter(), { statusCode, resume: () => undefined }) as unknown as IncomingMessage;
        callback(answer);
        answer.emit('end');
        return put;
      }) as ClientRequest['end'];
      return put;
    };

  it('takes a 2xx answer as delivered and a 300 as not', async () => {
    const url = 'https://bucket.s3.amazonaws.com/signed';
    await expect(sendResponse(url, response('ok'), answering(299))).resolves.toBeUndefined();
    await expect(sendResponse(url, response('ok'), answering(300))).rejects.toThrow('CloudFormation answered 300 to the response');
  });
});
