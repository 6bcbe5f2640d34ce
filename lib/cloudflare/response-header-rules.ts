import type { Policy } from '../policy/model';
import type { ZoneProblem, ZoneRule } from './compile-zone';
import { corsHeaderRules } from './cors-header-rules';

/** The largest response header value Cloudflare sets. */
const HEADER_VALUE_MAX_BYTES = 4_096;

/** Headers the security_header zone setting sends, left out of the header transform. */
const SET_BY_ZONE_SETTING = ['Strict-Transport-Security', 'X-Content-Type-Options'];

/**
 * The response header transforms: one rule setting the profile's security headers (and the CORS
 * operations every response needs), then the CORS rules of the allowed origins (cors-header-rules).
 */
export function responseHeaderRules(policy: Policy): ZoneRule[] {
  const cors = corsHeaderRules(policy.cors);
  return [
    {
      ref: 'security-headers',
      description: 'Security response headers from the profile',
      action: 'rewrite',
      expression: 'true',
      // HSTS and nosniff come from the security_header zone setting: one source of truth each.
      actionParameters: {
        headers: {
          ...Object.fromEntries(
            Object.entries(policy.headers.values)
              .filter(([name]) => !SET_BY_ZONE_SETTING.includes(name))
              .map(([name, value]) => [name, { operation: 'set', value }]),
          ),
          ...cors.everyResponse,
        },
      },
    },
    ...cors.rules,
  ];
}

/** Header values Cloudflare would refuse: it does so when the rule is applied, long after synth. */
export function headerValueProblems(values: Readonly<Record<string, string>>): ZoneProblem[] {
  const problems: ZoneProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > HEADER_VALUE_MAX_BYTES)
      problems.push({
        field: 'headers',
        message: `the ${name} header is ${bytes} bytes; Cloudflare sets at most ${HEADER_VALUE_MAX_BYTES}: shorten it (fewer sources, or a wildcard host such as https://*.example.com)`,
      });
    // A control character (CR and LF above all) would end the header and start another one.
    const control = [...value].find((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
    if (control !== undefined)
      problems.push({
        field: 'headers',
        message: `the ${name} header holds the control character U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; a header value cannot hold control characters (CR or LF would split it into another header): remove it from the profile value`,
      });
    const odd = [...value].find((character) => character.length > 1 || character.charCodeAt(0) > 0x7f);
    if (odd !== undefined)
      problems.push({
        field: 'headers',
        message: `the ${name} header holds ${JSON.stringify(odd)}; a header value is visible ASCII only: write internationalized hosts in punycode (xn--…)`,
      });
  }
  return problems;
}
