import { isCredentialName } from '../../core/secret-patterns';

/** Headers that carry credentials or session state whatever their value looks like. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
]);

/** Whether a header's value must never be echoed in a message: a known credential header, or a name that says it holds one (X-Vendor-Token). */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || isCredentialName(lower.replace(/-/g, '_'));
}
