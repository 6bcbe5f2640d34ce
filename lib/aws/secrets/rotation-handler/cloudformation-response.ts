import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { CustomResourceResponse } from './initial-values';

/*
 * The answer of a custom resource, PUT to the pre-signed URL CloudFormation sends (no content
 * type: the signature covers none). Plain Node.js, shipped in the rotation function's asset as is.
 */

export type RequestFunction = (url: string, options: RequestOptions, callback: (response: IncomingMessage) => void) => ClientRequest;

export function sendResponse(url: string, response: CustomResourceResponse, request: RequestFunction = httpsRequest): Promise<void> {
  const body = JSON.stringify({ ...response, Data: {} });
  return new Promise((resolve, reject) => {
    const put = request(url, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (answer) => {
      answer.resume();
      answer.on('end', () => ((answer.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`CloudFormation answered ${answer.statusCode} to the response`))));
    });
    put.on('error', reject);
    put.end(body);
  });
}
