/*
 * Where a custom resource may send its answer: CloudFormation's pre-signed S3 URLs only, so
 * that whoever can invoke the function cannot make it PUT to a host of their choosing. Plain
 * Node.js, shipped in the rotation function's asset as is.
 */

/**
 * S3 endpoints in the commercial, GovCloud and China partitions: `<bucket>.s3.amazonaws.com`,
 * `s3.<region>.amazonaws.com`, `<bucket>.s3-<region>.amazonaws.com`, `.s3.dualstack.<region>.`,
 * and `.amazonaws.com.cn`.
 */
const S3_HOST = /^(?:[a-z0-9][a-z0-9.-]*\.)?s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

/** Why CloudFormation could not have sent this response URL, or undefined when it could. */
export function responseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:') return `uses ${parsed.protocol}, not https:`;
  if (parsed.username !== '' || parsed.password !== '') return 'carries credentials';
  if (parsed.port !== '') return `names port ${parsed.port}`;
  if (!S3_HOST.test(parsed.hostname)) return `goes to ${parsed.hostname}, not an Amazon S3 endpoint (*.amazonaws.com or *.amazonaws.com.cn)`;
  return undefined;
}
