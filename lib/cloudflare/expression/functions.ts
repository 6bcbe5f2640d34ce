import type { FieldType } from './fields';
import {
  CUSTOM_ERROR_PHASES,
  CUSTOM_RULE_PHASES,
  DYNAMIC_REDIRECT_PHASES,
  HEADER_TRANSFORM_PHASES,
  RATE_LIMIT_PHASES,
  RESPONSE_HEADER_TRANSFORM_PHASES,
  TRANSFORM_PHASES,
  URL_REWRITE_PHASES,
} from './phase-groups';

export interface FunctionSpec {
  /** Phases the function may appear in; undefined: every phase. */
  readonly phases?: readonly string[];
  readonly minimumPlan?: 'pro' | 'business' | 'enterprise';
  readonly returns: FieldType | 'same';
  /** The documentation section the function's facts come from. */
  readonly source: string;
}

const FUNCTIONS_PAGE = 'https://developers.cloudflare.com/ruleset-engine/rules-language/functions/';

const fn = (name: string, spec: Omit<FunctionSpec, 'source'>, source = `${FUNCTIONS_PAGE}#${name}`): FunctionSpec => ({ ...spec, source });

/**
 * The Rules language functions and where they may be used, from the functions reference
 * (https://developers.cloudflare.com/ruleset-engine/rules-language/functions/): each phase list
 * is the function's "You can only use … in" note, each plan the note's plan. Magic Firewall's
 * bit_slice() is left out: Bulwark lints HTTP phases.
 */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  any: fn('any', { returns: 'Boolean' }),
  all: fn('all', { returns: 'Boolean' }),
  cidr: fn('cidr', { returns: 'IP', phases: [...CUSTOM_RULE_PHASES, ...RATE_LIMIT_PHASES] }),
  cidr6: fn('cidr6', { returns: 'IP', phases: [...CUSTOM_RULE_PHASES, ...RATE_LIMIT_PHASES] }),
  concat: fn('concat', { returns: 'same' }),
  // "Transform Rules, custom rules, and rate limiting rules."
  decode_base64: fn('decode_base64', { returns: 'String', phases: [...TRANSFORM_PHASES, ...CUSTOM_RULE_PHASES, ...RATE_LIMIT_PHASES] }),
  // All plans, in header transform rules (changelog 2026-01-22).
  encode_base64: fn(
    'encode_base64',
    { returns: 'String', phases: HEADER_TRANSFORM_PHASES },
    'https://developers.cloudflare.com/changelog/2026-01-22-sha256-base64-encode-functions/',
  ),
  ends_with: fn('ends_with', { returns: 'Boolean' }),
  // "Transform Rules, custom rules, and Custom Error Rules."
  join: fn('join', { returns: 'String', phases: [...TRANSFORM_PHASES, ...CUSTOM_RULE_PHASES, ...CUSTOM_ERROR_PHASES] }),
  len: fn('len', { returns: 'Integer' }),
  lookup_json_integer: fn('lookup_json_integer', { returns: 'Integer' }),
  lookup_json_string: fn('lookup_json_string', { returns: 'String' }),
  lower: fn('lower', { returns: 'String' }),
  // Rewrite expressions of Transform Rules and dynamic URL redirects; regular expressions need
  // Business or Enterprise (https://developers.cloudflare.com/rules/transform/: regular expression support).
  regex_replace: fn('regex_replace', { returns: 'String', phases: [...TRANSFORM_PHASES, ...DYNAMIC_REDIRECT_PHASES], minimumPlan: 'business' }),
  remove_bytes: fn('remove_bytes', { returns: 'Bytes' }),
  // URL rewrites only.
  remove_query_args: fn('remove_query_args', { returns: 'String', phases: URL_REWRITE_PHASES }),
  // Computes a SHA-256 digest (changelog 2026-01-22: "Requires enablement", which is per
  // account and not visible at synth, so it is not gated here).
  sha256: fn('sha256', { returns: 'Bytes' }, 'https://developers.cloudflare.com/changelog/2026-01-22-sha256-base64-encode-functions/'),
  // "Response header transform rules and Custom Error Rules."
  split: fn('split', { returns: 'Array<String>', phases: [...RESPONSE_HEADER_TRANSFORM_PHASES, ...CUSTOM_ERROR_PHASES] }),
  starts_with: fn('starts_with', { returns: 'Boolean' }),
  substring: fn('substring', { returns: 'String' }),
  // Rewrite expressions of Transform Rules and target URLs of dynamic redirects.
  to_string: fn('to_string', { returns: 'String', phases: [...TRANSFORM_PHASES, ...DYNAMIC_REDIRECT_PHASES] }),
  upper: fn('upper', { returns: 'String' }),
  url_decode: fn('url_decode', { returns: 'String' }),
  // URL rewrites only.
  uuidv4: fn('uuidv4', { returns: 'String', phases: URL_REWRITE_PHASES }),
  // URL rewrites and dynamic URL redirects.
  wildcard_replace: fn('wildcard_replace', { returns: 'String', phases: [...URL_REWRITE_PHASES, ...DYNAMIC_REDIRECT_PHASES] }),
  // "Access to the HMAC validation function requires a Cloudflare Pro, Business, or Enterprise plan."
  is_timed_hmac_valid_v0: fn('is_timed_hmac_valid_v0', { returns: 'Boolean', minimumPlan: 'pro' }, `${FUNCTIONS_PAGE}#hmac-validation`),
};
