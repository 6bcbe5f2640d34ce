/**
 * The grammar of the values a profile puts into response headers, so that one list entry is
 * one source or one origin: a `;`, a space or a stray quote would otherwise add a directive or
 * a source that review never saw (`"'self'; script-src *"` renders as two directives).
 * Every pattern is anchored and has no nested repetition (linear time on any input).
 */

/** A problem with one value: what is wrong, what is allowed and how to fix it. */
export interface HeaderValueProblem {
  readonly message: string;
  readonly allowed: string;
  readonly fix: string;
}

const CSP_KEYWORDS = [
  "'self'",
  "'none'",
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'strict-dynamic'",
  "'unsafe-hashes'",
  "'report-sample'",
  "'unsafe-allow-redirects'",
  "'wasm-unsafe-eval'",
  "'inline-speculation-rules'",
];
const NONCE_OR_HASH = /^'(nonce|sha256|sha384|sha512)-[A-Za-z0-9+/_-]+={0,2}'$/;
const SCHEME_SOURCE = /^[A-Za-z][A-Za-z0-9+.-]*:$/;
// [scheme://] host [:port] [path]; host is *, or [*.]labels; a path has no ; , ' or whitespace.
const HOST_SOURCE = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?(\*|(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?)(:([0-9]{1,5}|\*))?(\/[^\s;,'"]*)?$/;
const SANDBOX_TOKEN = /^allow-[a-z-]+$/;
const REPORT_URI = /^[^\s;,'"]+$/;
const HTTP_TOKEN = /^[A-Za-z0-9!#$%&*+.^_`|~-]+$/;
const TRUSTED_TYPES_POLICY = /^([A-Za-z0-9#=_/@.%-]+|'none'|'allow-duplicates'|\*)$/;
const MAX_SOURCE_LENGTH = 1_024;

const SOURCE_LIST_ALLOWED =
  "one source expression: a quoted keyword ('self', 'none', 'strict-dynamic', …), 'nonce-…' or 'sha256-…', a scheme (https:), a host (https://cdn.example.com, *.example.com) or *";

/** Why one entry of a CSP directive's list is not a single valid value for that directive, or `undefined`. */
export function cspValueProblem(directive: string, value: string): HeaderValueProblem | undefined {
  if (value.length > MAX_SOURCE_LENGTH)
    return { message: `is ${value.length} characters long; a source is at most ${MAX_SOURCE_LENGTH}`, allowed: SOURCE_LIST_ALLOWED, fix: 'shorten it' };
  if (!/^[\x21-\x7e]+$/.test(value.replace(/[;,\s]/g, 'x'))) {
    return {
      message: 'holds a character outside printable ASCII, which header values cannot carry as written',
      allowed: `${SOURCE_LIST_ALLOWED}, in ASCII`,
      fix: 'write an international host name in punycode (xn--…) and percent-encode paths',
    };
  }
  if (/[;,\s]/.test(value)) {
    return {
      message: 'holds a separator (";", "," or whitespace), which would start another source or directive',
      allowed: `${SOURCE_LIST_ALLOWED}, one per list entry`,
      fix: 'write each source as its own list entry and each directive as its own key',
    };
  }
  switch (directive) {
    case 'upgrade-insecure-requests':
      return { message: 'is a value for a directive that takes none', allowed: 'an empty list', fix: 'write upgrade-insecure-requests: []' };
    case 'sandbox':
      return SANDBOX_TOKEN.test(value)
        ? undefined
        : { message: 'is not a sandbox flag', allowed: 'flags such as allow-scripts, allow-forms, allow-same-origin', fix: 'write the flag without quotes' };
    case 'report-uri':
      return REPORT_URI.test(value)
        ? undefined
        : { message: 'is not a URI', allowed: 'an absolute or relative URI, e.g. /csp-reports', fix: 'write the URI without quotes' };
    case 'report-to':
      return HTTP_TOKEN.test(value)
        ? undefined
        : {
            message: 'is not a reporting endpoint name',
            allowed: 'a name from the Reporting-Endpoints header, e.g. csp-endpoint',
            fix: 'write the endpoint name without quotes',
          };
    case 'require-trusted-types-for':
      return value === "'script'" ? undefined : { message: "is not 'script'", allowed: "'script' (quoted)", fix: 'write "\'script\'"' };
    case 'trusted-types':
      return TRUSTED_TYPES_POLICY.test(value)
        ? undefined
        : { message: 'is not a Trusted Types policy name', allowed: "policy names, 'none', 'allow-duplicates' or *", fix: 'write the policy name' };
    default:
      return sourceProblem(value);
  }
}

function sourceProblem(value: string): HeaderValueProblem | undefined {
  if (value.startsWith("'")) {
    if (CSP_KEYWORDS.includes(value) || NONCE_OR_HASH.test(value)) return undefined;
    return { message: 'is not a CSP keyword, nonce or hash', allowed: SOURCE_LIST_ALLOWED, fix: "check the spelling, e.g. 'self' or 'sha256-<base64>'" };
  }
  if (CSP_KEYWORDS.includes(`'${value}'`)) {
    // Unquoted, a keyword is a host name: "self" would allow https://self/.
    return {
      message: `is the keyword '${value}' without its quotes, which CSP reads as a host named ${value}`,
      allowed: SOURCE_LIST_ALLOWED,
      fix: `write "'${value}'" (single quotes inside the string)`,
    };
  }
  if (SCHEME_SOURCE.test(value) || HOST_SOURCE.test(value)) return undefined;
  return {
    message: 'is not a CSP source expression',
    allowed: SOURCE_LIST_ALLOWED,
    fix: 'write a scheme (https:), a host (https://cdn.example.com) or a quoted keyword',
  };
}

/** Why the sources of one directive do not make sense together: 'none' with anything else is ignored by browsers. */
export function cspListProblem(values: readonly string[]): HeaderValueProblem | undefined {
  if (values.includes("'none'") && values.length > 1) {
    return {
      message: "lists 'none' with other sources; browsers then ignore 'none'",
      allowed: "'none' alone, or the sources without it",
      fix: "remove 'none' or the other sources",
    };
  }
  return undefined;
}

/** Why one Permissions-Policy allowlist entry is not `*`, `self`, `src` or an origin, or `undefined`. */
export function permissionsAllowlistProblem(value: string): HeaderValueProblem | undefined {
  if (value === '*' || value === 'self' || value === 'src') return undefined;
  const allowed = '*, self, src, or an origin such as https://pay.example.com';
  if (value.length > MAX_SOURCE_LENGTH)
    return { message: `is ${value.length} characters long; an origin is at most ${MAX_SOURCE_LENGTH}`, allowed, fix: 'shorten it' };
  if (value === "'self'" || value === "'src'" || value === '"self"')
    return { message: 'is quoted; in Permissions-Policy the keyword is bare', allowed, fix: 'write self without quotes' };
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value) return undefined;
  return {
    message: 'is not an allowlist entry (a keyword or an origin)',
    allowed,
    fix: url !== undefined && url.origin !== 'null' ? `write it as ${url.origin}` : 'write a keyword or an origin with scheme and host',
  };
}
