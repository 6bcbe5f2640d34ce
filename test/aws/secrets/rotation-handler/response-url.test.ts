// Where the custom resource may send its answer: each refusal with its reason, and the S3 host
// forms CloudFormation's pre-signed URLs use (mutation testing, issue 28).
import { describe, expect, it } from 'vitest';
import { responseUrlProblem } from '../../../../lib/aws/secrets/rotation-handler/response-url';

describe('responseUrlProblem', () => {
  it.each([
    ['not a url', 'is not a URL'],
    ['http://bucket.s3.amazonaws.com/x', 'uses http:, not https:'],
    ['ftp://bucket.s3.amazonaws.com/x', 'uses ftp:, not https:'],
    ['https://user@bucket.s3.amazonaws.com/x', 'carries credentials'],
    ['https://:pw@bucket.s3.amazonaws.com/x', 'carries credentials'],
    ['https://bucket.s3.amazonaws.com:8443/x', 'names port 8443'],
    ['https://example.com/x', 'goes to example.com, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)'],
    ['https://amazonaws.com/x', 'goes to amazonaws.com, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)'],
    ['https://xs3.amazonaws.com/x', 'goes to xs3.amazonaws.com, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)'],
    ['https://bucket.s4.amazonaws.com/x', 'goes to bucket.s4.amazonaws.com, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)'],
    ['https://bucket.s3.amazonaws.comx/x', 'goes to bucket.s3.amazonaws.comx, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)'],
    ['https://bucket.s3.amazonaws.cn/x', 'goes to bucket.s3.amazonaws.cn, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)'],
    [
      'https://bucket.s3.amazonaws.com.cn.evil.example/x',
      'goes to bucket.s3.amazonaws.com.cn.evil.example, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)',
    ],
    ['https://-bucket.s3.amazonaws.com/x', 'goes to -bucket.s3.amazonaws.com, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)'],
  ])('refuses %s: %s', (url, problem) => {
    expect(responseUrlProblem(url)).toBe(problem);
  });

  it.each([
    'https://s3.amazonaws.com/bucket/x',
    'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x?X-Amz-Signature=a',
    'https://cloudformation-custom-resource-response-euwest1.s3-eu-west-1.amazonaws.com/x',
    'https://bucket.s3.dualstack.eu-west-1.amazonaws.com/x',
    'https://s3.us-gov-west-1.amazonaws.com/bucket/x',
    'https://bucket.s3.cn-north-1.amazonaws.com.cn/x',
    'https://BUCKET.S3.AMAZONAWS.COM/x',
  ])('accepts %s', (url) => {
    expect(responseUrlProblem(url)).toBeUndefined();
  });
});
