import { EventEmitter } from 'node:events';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sendResponse, type RequestFunction } from '../../../../lib/aws/secrets/rotation-handler/cloudformation-response';

const answer = { Status: 'FAILED', Reason: 'production/gateway/JWT_SECRET AWSCURRENT is not hex', PhysicalResourceId: 'bulwark-initial-values', StackId: 'stack', RequestId: 'request', LogicalResourceId: 'Gate' } as const;

/** A request function that records the call and answers with a status code. */
function fakeRequest(statusCode: number) {
  const sent: { url?: string; method?: string; headers?: Record<string, unknown>; body?: string } = {};
  const request: RequestFunction = (url, options, callback) => {
    Object.assign(sent, { url, method: options.method, headers: options.headers });
    const put = new EventEmitter() as unknown as ClientRequest;
    put.end = ((body: string) => {
      sent.body = body;
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
    expect(sent).toMatchObject({ url: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/signed', method: 'PUT', headers: { 'content-type': '' } });
    expect(JSON.parse(sent.body ?? '')).toEqual({ ...answer, Data: {} });
    expect(sent.headers?.['content-length']).toBe(Buffer.byteLength(sent.body ?? ''));
  });

  it('fails when CloudFormation refuses the answer', async () => {
    await expect(sendResponse('https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/signed', answer, fakeRequest(403).request)).rejects.toThrow('CloudFormation answered 403 to the response');
  });
});
