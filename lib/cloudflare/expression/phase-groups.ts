/**
 * Ruleset phases grouped the way Cloudflare's documentation names products when it says where a
 * field or function may be used (https://developers.cloudflare.com/ruleset-engine/reference/phases-list/).
 */

/** URL rewrites (https://developers.cloudflare.com/rules/transform/url-rewrite/). */
export const URL_REWRITE_PHASES = ['http_request_transform'] as const;

/** Every kind of Transform Rule: URL rewrites, request and response header modification (https://developers.cloudflare.com/rules/transform/). */
export const TRANSFORM_PHASES = ['http_request_transform', 'http_request_late_transform', 'http_response_headers_transform'] as const;

/** Header modification rules, request and response (https://developers.cloudflare.com/rules/transform/). */
export const HEADER_TRANSFORM_PHASES = ['http_request_late_transform', 'http_response_headers_transform'] as const;

/** Dynamic URL redirects (https://developers.cloudflare.com/rules/url-forwarding/single-redirects/). */
export const DYNAMIC_REDIRECT_PHASES = ['http_request_dynamic_redirect'] as const;

/** WAF custom rules (https://developers.cloudflare.com/waf/custom-rules/). */
export const CUSTOM_RULE_PHASES = ['http_request_firewall_custom'] as const;

/** Rate limiting rules (https://developers.cloudflare.com/waf/rate-limiting-rules/). */
export const RATE_LIMIT_PHASES = ['http_ratelimit'] as const;

/** Custom Error Rules (https://developers.cloudflare.com/rules/custom-errors/). */
export const CUSTOM_ERROR_PHASES = ['http_custom_errors'] as const;

/** Response header transform rules (https://developers.cloudflare.com/rules/transform/response-header-modification/). */
export const RESPONSE_HEADER_TRANSFORM_PHASES = ['http_response_headers_transform'] as const;

/** Magic Firewall (https://developers.cloudflare.com/ruleset-engine/rules-language/fields/magic-firewall/). */
export const MAGIC_FIREWALL_PHASES = ['magic_transit', 'magic_transit_ids_managed', 'magic_transit_managed', 'magic_transit_ratelimit'] as const;
