import type { ZoneProblem } from './compile-zone';

/*
 * The destinations whose destination_conf carries no credential, so may be a literal: Amazon S3
 * (Cloudflare writes with its own IAM user, admitted by the bucket policy), Google Cloud Storage
 * (its own service account), an R2 bucket named without its keys, and each one's query parameters that name no credential. Everything
 * else authenticates in the URL itself: user information, a key or token parameter (S3-compatible
 * endpoints, R2's access-key-id/secret-access-key, Splunk, Datadog, New Relic, Azure's SAS), or the
 * path (a Sumo Logic collector code, an HTTP endpoint's secret path), so it needs a reference.
 * https://developers.cloudflare.com/logs/logpush/logpush-job/enable-destinations/
 */
const LITERAL_SAFE_PARAMETERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['s3', ['region', 'sse']],
  ['gs', []],
  // R2 takes its keys in the query; without them only the bucket and account are named.
  ['r2', ['account-id']],
]);

const FIELD = 'firewallEventsLogpush.destinationConf';

/**
 * Why a literal Logpush destination cannot be written into the Terraform output: it may carry a
 * credential, which would sit in plain text in the synthesized JSON and the state. Only an S3, GCS
 * or R2 bucket without credential parameters may be literal; any other destination must come from
 * a Terraform reference (a sensitive variable). Never echoes the value. String operations only:
 * the destination is user input.
 * https://developers.cloudflare.com/logs/logpush/logpush-job/api-configuration/
 */
export function logpushDestinationProblems(destinationConf: string, isReference: boolean): ZoneProblem[] {
  if (isReference) return [];
  if (destinationConf.length === 0 || destinationConf.length > 4_096) return [{ field: FIELD, message: 'must be 1 to 4,096 characters' }];
  if (destinationConf.indexOf('://') <= 0)
    return [{ field: FIELD, message: 'is not a Logpush destination (<scheme>://…, e.g. s3://bucket/path?region=us-east-1)' }];
  if (!mayCarryCredential(destinationConf)) return [];
  return [
    {
      field: FIELD,
      message:
        'may carry a credential (in its user information, path or query): only s3://, gs:// and r2:// buckets without keys may be literal; it would be written in plain text into the Terraform output: pass it as a reference to a sensitive Terraform variable instead (new TerraformVariable(scope, id, { sensitive: true }).stringValue)',
    },
  ];
}

/**
 * Whether a literal destination_conf may hold a credential: true unless it is an S3, GCS or R2 bucket
 * with no user information and only query parameters known to name no credential. String operations only.
 */
export function mayCarryCredential(destinationConf: string): boolean {
  const schemeEnd = destinationConf.indexOf('://');
  if (schemeEnd <= 0) return true;
  const safeParameters = LITERAL_SAFE_PARAMETERS.get(destinationConf.slice(0, schemeEnd).toLowerCase());
  if (safeParameters === undefined) return true;
  const rest = destinationConf.slice(schemeEnd + 3);
  const ends = [rest.indexOf('/'), rest.indexOf('?'), rest.indexOf('#')].filter((index) => index >= 0);
  const authority = rest.slice(0, ends.length > 0 ? Math.min(...ends) : rest.length);
  if (authority.includes('@') || rest.includes('#')) return true;
  const query = rest.includes('?') ? rest.slice(rest.indexOf('?') + 1) : '';
  const names = query
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => pair.split('=', 1)[0].toLowerCase());
  return names.some((name) => !safeParameters.includes(name));
}
