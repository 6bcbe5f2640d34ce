/**
 * What a secret looks like, shared by the checks that look for literal secrets and by the
 * profile's error messages, which must never echo one back.
 */

/** Variable and field names that hold credentials. */
const CREDENTIAL_NAME = /(SECRET|PASSWORD|PASSWD|PWD|TOKEN|API[_-]?KEY|PRIVATE[_-]?KEY|ACCESS[_-]?KEY|CREDENTIAL)/i;
/**
 * Names that hold where a credential is or facts about it (its size, its lifetime), not the
 * credential itself: a secret's name, ARN or URL is what a function should be given instead.
 */
const CREDENTIAL_REFERENCE_NAME = /_(NAME|ID|ARN|URL|URI|ENDPOINT|PATH|TTL|REGION|FILE|BYTES|LENGTH|DAYS|SECONDS)$/i;
const CREDENTIAL_REFERENCE_CAMEL_NAME = /[a-z0-9](Name|Id|Arn|Url|Uri|Endpoint|Path|Ttl|Region|File|Bytes|Length|Days|Seconds)$/;
/**
 * Values that hold a credential whatever the name, anywhere in them: well-known key prefixes,
 * JWTs, PEM private keys, and URLs with a password (scheme://user:password@host).
 */
const CREDENTIAL_VALUE = /(^|[^A-Za-z0-9])(sk_(live|test)_|rk_live_|AKIA[0-9A-Z]{16}|ghp_|github_pat_|xox[bpa]-|sk-(ant-|proj-)?[A-Za-z0-9]{10,}|eyJ[A-Za-z0-9_-]+\.eyJ)|-----BEGIN [A-Z ]*PRIVATE KEY-----|[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/;

/** Whether a name says it holds a credential (DB_PASSWORD, STRIPE_SECRET_KEY), not a reference to one (JWT_SECRET_NAME). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name) && !CREDENTIAL_REFERENCE_NAME.test(name) && !CREDENTIAL_REFERENCE_CAMEL_NAME.test(name);
}

/** Whether a value holds something with the shape of a credential (an API key prefix, a JWT, a PEM private key, a URL with a password). */
export function looksLikeCredential(value: string): boolean {
  return CREDENTIAL_VALUE.test(value);
}
