import type { RE2JS } from 're2js';

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
 * Values that hold a credential whatever the name, anywhere in them: well-known key prefixes
 * (Stripe, AWS access keys, GitHub, Slack, OpenAI, Anthropic), JWTs, PEM private keys, Slack
 * webhook URLs (the URL is the credential), and URLs with a password (scheme://user:password@host).
 */
const CREDENTIAL_VALUE = String.raw`(^|[^A-Za-z0-9])(sk_(live|test)_|rk_(live|test)_|(AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_|github_pat_|xox[a-z]-|xapp-|sk-(ant-|proj-)?[A-Za-z0-9]{10,}|eyJ[A-Za-z0-9_-]+\.eyJ|hooks\.slack\.com/(services|workflows|triggers)/[A-Za-z0-9])|-----BEGIN [A-Z ]*PRIVATE KEY-----|[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:[^/\s@]+@`;
/**
 * Values shaped like where a credential is or what it is called, not like the credential: an
 * HTTP header name (X-Amz-Security-Token, Authorization), a file path (/run/secrets, ./token),
 * or a URL without user information, query or fragment (matched case-insensitively). Judged after {@link looksLikeCredential} and only without a random-looking run in
 * them (see {@link mayHoldSecret}), so a key written as a path or URL still counts.
 */
const REFERENCE_VALUE = String.raw`^(X-[A-Za-z0-9]+(-[A-Za-z0-9]+)*|(Proxy-)?Authorization|Cookie)$|^(~?/|\.\.?/)[\w.~@%+=,/-]*$|^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@]+(/[^\s?#]*)?$`;
/**
 * A run of 32 or more key-like characters mixing upper case, lower case and digits (an AWS
 * secret access key, a random API key): what a person would not type as a name or a path.
 */
const RANDOM_TOKEN = String.raw`[A-Za-z0-9+/=_-]{32,}`;

/** A request parameter whose name says it holds a credential: `?token=`, `&api_key=`, `;jsessionid=`. */
const REQUEST_CREDENTIAL_PARAMETER = String.raw`(^|[?&;/\s])[\w.-]*(token|secret|passw(or)?d|pwd|api[_-]?key|access[_-]?key|session|sig(nature)?|auth|code|otp)[\w.-]*=`;
/** A run of key-like characters as long as a short token. */
const REQUEST_TOKEN = String.raw`[A-Za-z0-9_-]{20,}`;

/**
 * The patterns run on text of any size written by others, so they run on RE2 (linear time):
 * the JavaScript engine's backtracking made the URL-with-password branch quadratic on long
 * runs of letters. Compiled on first use, so constructs that never judge a value do not load it.
 */
let compiled: { credential: RE2JS; randomToken: RE2JS; reference: RE2JS; requestCredential: RE2JS; requestToken: RE2JS } | undefined;
function patterns() {
  if (compiled === undefined) {
    const { RE2JS: Re2 } = require('re2js') as typeof import('re2js');
    compiled = {
      credential: Re2.compile(CREDENTIAL_VALUE),
      randomToken: Re2.compile(RANDOM_TOKEN),
      reference: Re2.compile(REFERENCE_VALUE, Re2.CASE_INSENSITIVE),
      requestCredential: Re2.compile(REQUEST_CREDENTIAL_PARAMETER, Re2.CASE_INSENSITIVE),
      requestToken: Re2.compile(REQUEST_TOKEN),
    };
  }
  return compiled;
}

/** Whether a name says it holds a credential (DB_PASSWORD, STRIPE_SECRET_KEY), not a reference to one (JWT_SECRET_NAME). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name) && !CREDENTIAL_REFERENCE_NAME.test(name) && !CREDENTIAL_REFERENCE_CAMEL_NAME.test(name);
}

/** Whether a value holds something with the shape of a credential (an API key prefix, a JWT, a PEM private key, a URL with a password). */
export function looksLikeCredential(value: string): boolean {
  return patterns().credential.matcher(value).find();
}

/**
 * Whether a value is shaped like a reference to a credential (an ARN, a CloudFormation dynamic
 * reference, or one of {@link REFERENCE_VALUE}'s shapes) and not like a credential: a credential-named variable holding one
 * is not a literal secret.
 */
export function looksLikeReference(value: string): boolean {
  return /^(arn:|\{\{resolve:)/.test(value) || (patterns().reference.matches(value) && !mayHoldSecret(value));
}

/**
 * Whether text may hold a secret: a credential's shape, or a long random-looking token. Wider
 * than {@link looksLikeCredential}, for deciding what an error message may echo, where hiding
 * a harmless value costs little and echoing a key costs a rotation.
 */
export function mayHoldSecret(value: string): boolean {
  if (looksLikeCredential(value)) return true;
  const matcher = patterns().randomToken.matcher(value);
  while (matcher.find()) {
    const run = matcher.group();
    if (run !== null && /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run)) return true;
  }
  return false;
}

/**
 * Whether text from a request (a path, a query, a header value) may carry a secret: anything
 * {@link mayHoldSecret} says, a parameter whose name says it is a credential (`token=`,
 * `api_key=`, `password=`, `sig=`…), or a run of 20 or more letters and digits holding a digit
 * (a reset token, a session id, an MD5: hex tokens have no upper case, which mayHoldSecret asks
 * for). Wider still: it decides what a report shows of requests, where hiding a harmless path
 * costs little.
 */
export function mayHoldRequestSecret(text: string): boolean {
  if (mayHoldSecret(text)) return true;
  if (patterns().requestCredential.matcher(text).find()) return true;
  const matcher = patterns().requestToken.matcher(text);
  while (matcher.find()) if (/\d/.test(matcher.group() ?? '')) return true;
  return false;
}
