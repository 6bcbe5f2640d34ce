/** The value types of Rules language fields. */
export type FieldType = 'String' | 'Integer' | 'Boolean' | 'IP' | 'Number' | 'Array<String>' | 'Map<Array<String>>' | 'Array<Integer>';

export interface FieldSpec {
  readonly type: FieldType;
  /** The plan a field needs, where it needs one beyond Free. */
  readonly minimumPlan?: 'pro' | 'business' | 'enterprise';
  /** Why the field must not be used, when it must not. */
  readonly forbidden?: string;
}

/**
 * The fields Bulwark knows, with their types and plan gates, from Cloudflare's field catalogue
 * (cloudflare/cloudflare-docs src/content/fields/index.yaml) and the Rules language reference.
 * A field missing here is reported as unknown rather than guessed at.
 */
export const FIELDS: Readonly<Record<string, FieldSpec>> = {
  'http.host': { type: 'String' },
  'http.referer': { type: 'String' },
  'http.user_agent': { type: 'String' },
  'http.x_forwarded_for': { type: 'String' },
  'http.cookie': { type: 'String' },
  'http.request.method': { type: 'String' },
  'http.request.version': { type: 'String' },
  'http.request.uri': { type: 'String' },
  'http.request.uri.path': { type: 'String' },
  'http.request.uri.path.extension': { type: 'String' },
  'http.request.uri.query': { type: 'String' },
  'http.request.full_uri': { type: 'String' },
  'http.request.uri.args': { type: 'Map<Array<String>>' },
  'http.request.uri.args.names': { type: 'Array<String>' },
  'http.request.uri.args.values': { type: 'Array<String>' },
  // Raw fields: the request as received, before any rule (a URL rewrite, say) changed it.
  'raw.http.request.full_uri': { type: 'String' },
  'raw.http.request.uri': { type: 'String' },
  'raw.http.request.uri.path': { type: 'String' },
  'raw.http.request.uri.query': { type: 'String' },
  'raw.http.request.uri.args': { type: 'Map<Array<String>>' },
  'raw.http.request.uri.args.names': { type: 'Array<String>' },
  'raw.http.request.uri.args.values': { type: 'Array<String>' },
  'http.request.headers': { type: 'Map<Array<String>>' },
  'http.request.headers.names': { type: 'Array<String>' },
  'http.request.headers.values': { type: 'Array<String>' },
  'http.request.headers.truncated': { type: 'Boolean' },
  'http.request.cookies': { type: 'Map<Array<String>>', minimumPlan: 'pro' },
  'http.request.accepted_languages': { type: 'Array<String>' },
  'http.request.timestamp.sec': { type: 'Integer' },
  'http.request.body.raw': { type: 'String', minimumPlan: 'enterprise' },
  'http.request.body.size': { type: 'Integer', minimumPlan: 'enterprise' },
  'http.request.body.truncated': { type: 'Boolean', minimumPlan: 'enterprise' },
  'http.request.body.form': { type: 'Map<Array<String>>', minimumPlan: 'enterprise' },
  'http.request.body.mime': { type: 'String', minimumPlan: 'enterprise' },
  'http.response.code': { type: 'Integer' },
  'http.response.headers': { type: 'Map<Array<String>>' },
  'ip.src': { type: 'IP' },
  'ip.src.asnum': { type: 'Integer' },
  'ip.src.country': { type: 'String' },
  'ip.src.continent': { type: 'String' },
  'ip.src.city': { type: 'String', minimumPlan: 'business' },
  'ip.src.region_code': { type: 'String', minimumPlan: 'business' },
  'ip.src.is_in_european_union': { type: 'Boolean' },
  'ssl': { type: 'Boolean' },
  'tcp.dstport': { type: 'Integer' },
  'tcp.flags': { type: 'Integer' },
  'cf.client.bot': { type: 'Boolean' },
  'cf.bot_management.verified_bot': { type: 'Boolean' },
  'cf.bot_management.score': { type: 'Integer', minimumPlan: 'enterprise' },
  'cf.bot_management.js_detection.passed': { type: 'Boolean', minimumPlan: 'enterprise' },
  'cf.waf.score': { type: 'Integer', minimumPlan: 'enterprise' },
  'cf.waf.score.sqli': { type: 'Integer', minimumPlan: 'enterprise' },
  'cf.waf.score.xss': { type: 'Integer', minimumPlan: 'enterprise' },
  'cf.waf.score.rce': { type: 'Integer', minimumPlan: 'enterprise' },
  'cf.waf.score.class': { type: 'String', minimumPlan: 'business' },
  'cf.edge.server_port': { type: 'Integer' },
  'cf.tls_client_auth.cert_verified': { type: 'Boolean' },
  'cf.threat_score': { type: 'Integer', forbidden: 'cf.threat_score is always 0 now: it matches nothing useful; use managed rules or cf.waf.score' },
  'cf.colo.id': { type: 'Integer', forbidden: 'cf.colo.id belongs in rate-limit characteristics, never in an expression' },
};

export interface FunctionSpec {
  /** Phases the function may appear in; undefined: every phase. */
  readonly phases?: readonly string[];
  readonly minimumPlan?: 'pro' | 'business' | 'enterprise';
  readonly returns: FieldType | 'same';
}

const REWRITE_PHASES = ['http_request_transform', 'http_request_late_transform', 'http_response_headers_transform', 'http_request_dynamic_redirect'];

/** Functions and where they may be used (Rules language functions reference). */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  any: { returns: 'Boolean' },
  all: { returns: 'Boolean' },
  lower: { returns: 'String' },
  upper: { returns: 'String' },
  len: { returns: 'Integer' },
  starts_with: { returns: 'Boolean' },
  ends_with: { returns: 'Boolean' },
  concat: { returns: 'same' },
  url_decode: { returns: 'String' },
  substring: { returns: 'String' },
  lookup_json_string: { returns: 'String' },
  lookup_json_integer: { returns: 'Integer' },
  decode_base64: { returns: 'String', phases: ['http_request_transform', 'http_request_firewall_custom', 'http_ratelimit'] },
  cidr: { returns: 'IP', phases: ['http_request_firewall_custom', 'http_ratelimit'] },
  cidr6: { returns: 'IP', phases: ['http_request_firewall_custom', 'http_ratelimit'] },
  join: { returns: 'String' },
  split: { returns: 'Array<String>', phases: ['http_response_headers_transform', 'http_custom_errors'] },
  regex_replace: { returns: 'String', phases: REWRITE_PHASES },
  wildcard_replace: { returns: 'String', phases: REWRITE_PHASES },
  to_string: { returns: 'String', phases: REWRITE_PHASES },
  remove_query_args: { returns: 'String', phases: REWRITE_PHASES },
  uuidv4: { returns: 'String', phases: REWRITE_PHASES },
  is_timed_hmac_valid_v0: { returns: 'Boolean', minimumPlan: 'pro' },
};
