import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { CustomResourceResponse } from './initial-values';
import { responseUrlProblem } from './response-url';

/*
 * The answer of a custom resource, PUT to the pre-signed URL CloudFormation sends (no content
 * type: the signature covers none). Plain Node.js, shipped in the rotation function's asset as is.
 */

export type RequestFunction = (url: string, options: RequestOptions, callback: (response: IncomingMessage) => void) => ClientRequest;

/** CloudFormation accepts a response body of up to 4,096 bytes. */
export const MAX_RESPONSE_BYTES = 4_096;

/** How long the PUT may take (socket idle time) before it is abandoned. */
export const RESPONSE_TIMEOUT_MS = 10_000;

/** The body CloudFormation is sent: the response with its Reason cut to keep the body within MAX_RESPONSE_BYTES. */
export function responseBody(response: CustomResourceResponse): string {
  const whole = JSON.stringify({ ...response, Data: {} });
  if (Buffer.byteLength(whole) <= MAX_RESPONSE_BYTES) return whole;
  const suffix = ' [cut]';
  let reason = response.Reason;
  // Cut by characters until the encoded body fits (JSON escaping and UTF-8 make bytes uneven).
  while (reason.length > 0) {
    const excess = Buffer.byteLength(JSON.stringify({ ...response, Reason: `${reason}${suffix}`, Data: {} })) - MAX_RESPONSE_BYTES;
    if (excess <= 0) break;
    reason = reason.slice(0, Math.max(0, reason.length - Math.max(1, Math.ceil(excess / 6))));
  }
  return JSON.stringify({ ...response, Reason: `${reason}${suffix}`, Data: {} });
}

/** PUTs the response to CloudFormation's pre-signed URL; refuses any other URL without sending anything. */
export function sendResponse(url: string, response: CustomResourceResponse, request: RequestFunction = httpsRequest): Promise<void> {
  const problem = responseUrlProblem(url);
  if (problem) return Promise.reject(new Error(`refusing to send the custom resource response: the response URL ${problem}`));
  const body = responseBody(response);
  return new Promise((resolve, reject) => {
    const put = request(
      url,
      { method: 'PUT', timeout: RESPONSE_TIMEOUT_MS, headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (answer) => {
        answer.resume();
        answer.on('end', () =>
          (answer.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`CloudFormation answered ${answer.statusCode} to the response`)),
        );
      },
    );
    put.on('timeout', () => put.destroy(new Error(`no answer from CloudFormation to the response within ${RESPONSE_TIMEOUT_MS} ms`)));
    put.on('error', reject);
    put.end(body);
  });
}
