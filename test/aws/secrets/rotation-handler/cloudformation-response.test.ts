import { EventEmitter } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { RESPONSE_TIMEOUT_MS, sendResponse, type RequestFunction } from '../../../../lib/aws/secrets/rotation-handler/cloudformation-response';

const answer = {
  Status: 'FAILED',
  Reason: 'production/gateway/JWT_SECRET AWSCURRENT is not hex',
  PhysicalResourceId: 'bulwark-initial-values',
  StackId: 'stack',
  RequestId: 'request',
  LogicalResourceId: 'Gate',
} as const;

/** A request function that records the call and answers with a status code. */
function fakeRequest(statusCode: number | 'never') {
  const sent: { url?: string; method?: string; timeout?: number; headers?: Record<string, unknown>; body?: string } = {};
  const request: RequestFunction = (url, options, callback) => {
    Object.assign(sent, { url, method: options.method, timeout: options.timeout, headers: options.headers });
    const put = new EventEmitter() as unknown as ClientRequest;
    put.destroy = ((error?: Error) => {
      put.emit('error', error);
      return put;
    }) as ClientRequest['destroy'];
    put.end = ((body: string) => {
      sent.body = body;
      // No answer: the socket goes idle, and Node.js emits 'timeout' after options.timeout.
      if (statusCode === 'never') {
        setImmediate(() => put.emit('timeout'));
        return put;
      }
      const response = Object.assign(new EventEmitter(), { statusCode, resume: () => undefined }) as unknown as IncomingMessage;
      callback(response);
      response.emit('end');
      return put;
    }) as ClientRequest['end'];
    return put;
  };
  return { request, sent };
}

describe('sendResponse', () => {
  it('PUTs the answer to the pre-signed URL, with an empty content type as the signature expects', async () => {
    const { request, sent } = fakeRequest(200);
    await sendResponse('https://cloudformation-custom-resource-response.s3.amazonaws.com/signed', answer, request);
    expect(sent).toMatchObject({
      url: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/signed',
      method: 'PUT',
      headers: { 'content-type': '' },
    });
    expect(JSON.parse(sent.body ?? '')).toEqual({ ...answer, Data: {} });
    expect(sent.headers?.['content-length']).toBe(Buffer.byteLength(sent.body ?? ''));
  });

  it('fails when CloudFormation refuses the answer', async () => {
    await expect(
      sendResponse('https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/signed', answer, fakeRequest(403).request),
    ).rejects.toThrow('CloudFormation answered 403 to the response');
  });

  it('gives up when CloudFormation does not answer within its timeout', async () => {
    const { request, sent } = fakeRequest('never');
    await expect(sendResponse('https://bucket.s3.amazonaws.com/signed', answer, request)).rejects.toThrow(
      /no answer from CloudFormation to the response within 10000 ms/,
    );
    expect(sent.timeout).toBe(RESPONSE_TIMEOUT_MS);
  });

  it('sends nothing to a URL that is not an S3 pre-signed URL', async () => {
    for (const url of [
      'https://example.com/signed',
      'http://bucket.s3.amazonaws.com/signed',
      'https://bucket.s3.amazonaws.com.evil.example/signed',
      'not a url',
    ]) {
      const { request, sent } = fakeRequest(200);
      await expect(sendResponse(url, answer, request), url).rejects.toThrow(/refusing to send the custom resource response/);
      expect(sent.url, url).toBeUndefined();
    }
    for (const url of [
      'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x',
      'https://cloudformation-custom-resource-response-cnnorth1.s3.cn-north-1.amazonaws.com.cn/x',
      'https://s3.dualstack.eu-west-1.amazonaws.com/b/x',
    ]) {
      const { request } = fakeRequest(200);
      await expect(sendResponse(url, answer, request), url).resolves.toBeUndefined();
    }
  });
});
