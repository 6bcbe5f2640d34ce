import type { ZoneProblem } from './compile-zone';

/** Query parameter names (lower-cased, as substrings) that carry a credential in a Logpush destination_conf. */
const CREDENTIAL_PARAMETERS = ['token', 'key', 'secret', 'password', 'auth', 'sig', 'credential', 'header_', 'sas'];

/**
 * Why a literal Logpush destination cannot be written into the Terraform output: it carries a
 * credential (user information, or a query parameter such as `header_Authorization`, `token` or
 * `sig`), which would sit in plain text in the synthesized JSON and the state. Such a destination
 * must come from a Terraform reference (a sensitive variable). Never echoes the value. String
 * operations only: the destination is user input.
 * https://developers.cloudflare.com/logs/logpush/logpush-job/api-configuration/
 */
export function logpushDestinationProblems(destinationConf: string, isReference: boolean): ZoneProblem[] {
  if (isReference) return [];
  const field = 'firewallEventsLogpush.destinationConf';
  if (destinationConf.length === 0 || destinationConf.length > 4_096) return [{ field, message: 'must be 1 to 4,096 characters' }];
  if (destinationConf.indexOf('://') <= 0) return [{ field, message: 'is not a Logpush destination (<scheme>://…, e.g. s3://bucket/path?region=us-east-1)' }];
  if (!carriesCredential(destinationConf)) return [];
  return [
    {
      field,
      message:
        'carries a credential (user information or a token, key, signature or header parameter); it would be written in plain text into the Terraform output: pass it as a reference to a sensitive Terraform variable instead (new TerraformVariable(scope, id, { sensitive: true }).stringValue)',
    },
  ];
}

/** Whether a literal destination_conf holds a credential: user information, or a query parameter named like one. String operations only. */
export function carriesCredential(destinationConf: string): boolean {
  const schemeEnd = destinationConf.indexOf('://');
  const rest = schemeEnd < 0 ? destinationConf : destinationConf.slice(schemeEnd + 3);
  const ends = [rest.indexOf('/'), rest.indexOf('?')].filter((index) => index >= 0);
  const authority = rest.slice(0, ends.length > 0 ? Math.min(...ends) : rest.length);
  const query = rest.includes('?') ? rest.slice(rest.indexOf('?') + 1) : '';
  const names = query
    .split('&')
    .map((pair) => pair.split('=', 1)[0].toLowerCase())
    .filter((name) => name.length > 0);
  return authority.includes('@') || names.some((name) => CREDENTIAL_PARAMETERS.some((marker) => name.includes(marker)));
}
