import type { AddOn } from '../add-ons';
import { CUSTOM_ERROR_PHASES, MAGIC_FIREWALL_PHASES, RESPONSE_HEADER_TRANSFORM_PHASES, TRANSFORM_PHASES } from './phase-groups';

/** The value types of Rules language fields. */
export type FieldType =
  | 'String'
  | 'Integer'
  | 'Boolean'
  | 'IP'
  | 'Number'
  | 'Bytes'
  | 'Array<String>'
  | 'Array<Integer>'
  | 'Array<Number>'
  | 'Array<Array<String>>'
  | 'Map<Array<String>>'
  | 'Map<Array<Integer>>'
  | 'Map<Number>';

export interface FieldSpec {
  readonly type: FieldType;
  /** The plan a field needs, where it needs one beyond Free. */
  readonly minimumPlan?: 'pro' | 'business' | 'enterprise';
  /** The Enterprise add-on a field needs, where it needs one. */
  readonly addOn?: AddOn;
  /** Phases the field may appear in; undefined: every phase. */
  readonly phases?: readonly string[];
  /** Why the field must not be used, when it must not. */
  readonly forbidden?: string;
  /** The documentation page of the field, where its type and plan label come from. */
  readonly source: string;
}

const REFERENCE = 'https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference';
const MAGIC_FIREWALL = 'https://developers.cloudflare.com/ruleset-engine/rules-language/fields/magic-firewall/';

/** A field whose facts come from its page in the fields reference (src/content/fields/index.yaml). */
const fields = (entries: Record<string, Omit<FieldSpec, 'source'> & { source?: string }>): Record<string, FieldSpec> =>
  Object.fromEntries(Object.entries(entries).map(([name, spec]) => [name, { ...spec, source: spec.source ?? `${REFERENCE}/${name}/` }]));

/**
 * The fields Bulwark knows, with their types, plan labels ("Pro or above", "Business or above",
 * "Enterprise", "Enterprise add-on") and phase notes ("only available in …"), as the fields
 * reference gives them (cloudflare/cloudflare-docs src/content/fields/index.yaml, rendered at
 * https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/<field>/).
 * A field without a plan label is on every plan. A field missing here is reported as unknown
 * rather than guessed at; fields that need an add-on Bulwark does not model (API Shield, JWT
 * validation, malicious uploads detection) are left out on purpose.
 */
export const FIELDS: Readonly<Record<string, FieldSpec>> = fields({
  // Request: general and URI.
  'http.cookie': { type: 'String' },
  'http.host': { type: 'String' },
  'http.referer': { type: 'String' },
  'http.user_agent': { type: 'String' },
  'http.x_forwarded_for': { type: 'String' },
  'http.request.method': { type: 'String' },
  'http.request.version': { type: 'String' },
  'http.request.full_uri': { type: 'String' },
  'http.request.uri': { type: 'String' },
  'http.request.uri.path': { type: 'String' },
  'http.request.uri.path.extension': { type: 'String' },
  'http.request.uri.query': { type: 'String' },
  'http.request.uri.args': { type: 'Map<Array<String>>' },
  'http.request.uri.args.names': { type: 'Array<String>' },
  'http.request.uri.args.values': { type: 'Array<String>' },
  'http.request.timestamp.sec': { type: 'Integer' },
  'http.request.timestamp.msec': { type: 'Integer' },
  // Raw fields: the request as received, before any rule (a URL rewrite, say) changed it.
  'raw.http.request.full_uri': { type: 'String' },
  'raw.http.request.uri': { type: 'String' },
  'raw.http.request.uri.path': { type: 'String' },
  'raw.http.request.uri.path.extension': { type: 'String' },
  'raw.http.request.uri.query': { type: 'String' },
  'raw.http.request.uri.args': { type: 'Map<Array<String>>' },
  'raw.http.request.uri.args.names': { type: 'Array<String>' },
  'raw.http.request.uri.args.values': { type: 'Array<String>' },
  // Request headers.
  'http.request.headers': { type: 'Map<Array<String>>' },
  'http.request.headers.names': { type: 'Array<String>' },
  'http.request.headers.values': { type: 'Array<String>' },
  'http.request.headers.truncated': { type: 'Boolean' },
  // "Requires a Cloudflare Pro, Business, or Enterprise plan."
  'http.request.cookies': { type: 'Map<Array<String>>', minimumPlan: 'pro' },
  // "This field is only available in Transform Rules."
  'http.request.accepted_languages': { type: 'Array<String>', phases: TRANSFORM_PHASES },
  // Request body: "Requires a Cloudflare Enterprise plan", except the MIME type, which has no plan label.
  'http.request.body.raw': { type: 'String', minimumPlan: 'enterprise' },
  'http.request.body.truncated': { type: 'Boolean', minimumPlan: 'enterprise' },
  'http.request.body.size': { type: 'Number', minimumPlan: 'enterprise' },
  'http.request.body.form': { type: 'Map<Array<String>>', minimumPlan: 'enterprise' },
  'http.request.body.form.names': { type: 'Array<String>', minimumPlan: 'enterprise' },
  'http.request.body.form.values': { type: 'Array<String>', minimumPlan: 'enterprise' },
  'http.request.body.mime': { type: 'String' },
  'http.request.body.multipart': { type: 'Map<Array<String>>', minimumPlan: 'enterprise' },
  'http.request.body.multipart.names': { type: 'Array<Array<String>>', minimumPlan: 'enterprise' },
  'http.request.body.multipart.values': { type: 'Array<String>', minimumPlan: 'enterprise' },
  'http.request.body.multipart.content_types': { type: 'Array<Array<String>>', minimumPlan: 'enterprise' },
  'http.request.body.multipart.content_dispositions': { type: 'Array<Array<String>>', minimumPlan: 'enterprise' },
  'http.request.body.multipart.content_transfer_encodings': { type: 'Array<Array<String>>', minimumPlan: 'enterprise' },
  'http.request.body.multipart.filenames': { type: 'Array<Array<String>>', minimumPlan: 'enterprise' },
  // Response ("the availability of HTTP response fields depends on the exact Cloudflare feature").
  'http.response.code': { type: 'Integer' },
  'http.response.headers': { type: 'Map<Array<String>>' },
  'http.response.headers.names': { type: 'Array<String>' },
  'http.response.headers.values': { type: 'Array<String>' },
  'http.response.content_type.media_type': { type: 'String' },
  'raw.http.response.headers': { type: 'Map<Array<String>>' },
  'raw.http.response.headers.names': { type: 'Array<String>' },
  'raw.http.response.headers.values': { type: 'Array<String>' },
  // "Only available in Response Header Transform Rules and Custom Errors."
  'cf.response.1xxx_code': { type: 'Integer', phases: [...RESPONSE_HEADER_TRANSFORM_PHASES, ...CUSTOM_ERROR_PHASES] },
  'cf.response.error_type': { type: 'String', phases: [...RESPONSE_HEADER_TRANSFORM_PHASES, ...CUSTOM_ERROR_PHASES] },
  // Client IP and geolocation. City and region code carry no plan label: every plan.
  'ip.src': { type: 'IP' },
  'ip.src.lat': { type: 'String' },
  'ip.src.lon': { type: 'String' },
  'ip.src.city': { type: 'String' },
  'ip.src.postal_code': { type: 'String' },
  'ip.src.metro_code': { type: 'String' },
  'ip.src.region': { type: 'String' },
  'ip.src.region_code': { type: 'String' },
  // "This field is only available in rewrite expressions of Transform Rules."
  'ip.src.timezone.name': { type: 'String', phases: TRANSFORM_PHASES },
  'ip.src.asnum': { type: 'Number' },
  'ip.src.continent': { type: 'String' },
  'ip.src.country': { type: 'String' },
  // "Requires a Cloudflare Business or Enterprise plan."
  'ip.src.subdivision_1_iso_code': { type: 'String', minimumPlan: 'business' },
  'ip.src.subdivision_2_iso_code': { type: 'String', minimumPlan: 'business' },
  'ip.src.is_in_european_union': { type: 'Boolean', minimumPlan: 'business' },
  ssl: { type: 'Boolean' },
  // Bots. cf.client.bot is the verified-bot test on every plan; every cf.bot_management.* field
  // "Requires a Cloudflare Enterprise plan with Bot Management enabled".
  'cf.client.bot': { type: 'Boolean' },
  'cf.verified_bot_category': { type: 'String' },
  'cf.bot_management.verified_bot': { type: 'Boolean', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.score': { type: 'Number', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.static_resource': { type: 'Boolean', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.ja3_hash': { type: 'String', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.ja4': { type: 'String', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.js_detection.passed': { type: 'Boolean', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.detection_ids': { type: 'Array<Number>', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.corporate_proxy': { type: 'Boolean', minimumPlan: 'enterprise', addOn: 'botManagement' },
  'cf.bot_management.signed_agent': { type: 'Boolean', minimumPlan: 'enterprise', addOn: 'botManagement' },
  // Cloudflare edge and request metadata.
  'cf.edge.server_ip': { type: 'IP' },
  'cf.edge.server_port': { type: 'Number' },
  'cf.edge.client_tcp': { type: 'Boolean' },
  'cf.edge.l4.delivery_rate': { type: 'Integer' },
  'cf.hostname.metadata': { type: 'String' },
  'cf.random_seed': { type: 'Bytes' },
  'cf.ray_id': { type: 'String' },
  'cf.worker.upstream_zone': { type: 'String' },
  // The zone a request is for: what an account-level execute rule selects zones by (its expression must
  // end with `and cf.zone.plan eq "ENT"`, https://developers.cloudflare.com/waf/account/managed-rulesets/deploy-api/).
  'cf.zone.name': { type: 'String', source: 'https://developers.cloudflare.com/waf/account/managed-rulesets/deploy-api/' },
  'cf.zone.plan': { type: 'String', source: 'https://developers.cloudflare.com/waf/account/custom-rulesets/create-api/' },
  'cf.timings.client_tcp_rtt_msec': { type: 'Number' },
  'cf.timings.client_quic_rtt_msec': { type: 'Integer' },
  'cf.timings.edge_msec': { type: 'Integer' },
  'cf.timings.origin_ttfb_msec': { type: 'Integer' },
  'cf.timings.worker_msec': { type: 'Integer' },
  // TLS and mTLS.
  'cf.tls_cipher': { type: 'String' },
  'cf.tls_version': { type: 'String' },
  'cf.tls_client_extensions_sha1': { type: 'String' },
  'cf.tls_client_extensions_sha1_le': { type: 'String' },
  'cf.tls_ciphers_sha1': { type: 'String' },
  'cf.tls_client_hello_length': { type: 'Number' },
  'cf.tls_client_random': { type: 'String' },
  'cf.tls_client_auth.cert_revoked': { type: 'Boolean' },
  'cf.tls_client_auth.cert_verified': { type: 'Boolean' },
  'cf.tls_client_auth.cert_presented': { type: 'Boolean' },
  'cf.tls_client_auth.cert_issuer_dn': { type: 'String' },
  'cf.tls_client_auth.cert_subject_dn': { type: 'String' },
  'cf.tls_client_auth.cert_issuer_dn_rfc2253': { type: 'String' },
  'cf.tls_client_auth.cert_subject_dn_rfc2253': { type: 'String' },
  'cf.tls_client_auth.cert_issuer_dn_legacy': { type: 'String' },
  'cf.tls_client_auth.cert_subject_dn_legacy': { type: 'String' },
  'cf.tls_client_auth.cert_serial': { type: 'String' },
  'cf.tls_client_auth.cert_issuer_serial': { type: 'String' },
  'cf.tls_client_auth.cert_fingerprint_sha256': { type: 'String' },
  'cf.tls_client_auth.cert_fingerprint_sha1': { type: 'String' },
  'cf.tls_client_auth.cert_not_before': { type: 'String' },
  'cf.tls_client_auth.cert_not_after': { type: 'String' },
  'cf.tls_client_auth.cert_ski': { type: 'String' },
  'cf.tls_client_auth.cert_issuer_ski': { type: 'String' },
  'cf.tls_client_auth.cert_rfc9440': { type: 'String' },
  'cf.tls_client_auth.cert_rfc9440_too_large': { type: 'Boolean' },
  'cf.tls_client_auth.cert_chain_rfc9440': { type: 'String' },
  'cf.tls_client_auth.cert_chain_rfc9440_too_large': { type: 'Boolean' },
  // WAF detections: attack score is Enterprise, its class Business and up.
  'cf.waf.score': { type: 'Number', minimumPlan: 'enterprise' },
  'cf.waf.score.sqli': { type: 'Number', minimumPlan: 'enterprise' },
  'cf.waf.score.xss': { type: 'Number', minimumPlan: 'enterprise' },
  'cf.waf.score.rce': { type: 'Number', minimumPlan: 'enterprise' },
  'cf.waf.score.class': { type: 'String', minimumPlan: 'business' },
  // Leaked credentials detection (a zone setting besides the plan).
  'cf.waf.auth_detected': { type: 'Boolean', minimumPlan: 'enterprise' },
  'cf.waf.credential_check.password_leaked': { type: 'Boolean' },
  'cf.waf.credential_check.username_leaked': { type: 'Boolean', minimumPlan: 'enterprise' },
  'cf.waf.credential_check.username_and_password_leaked': { type: 'Boolean', minimumPlan: 'pro' },
  'cf.waf.credential_check.username_password_similar': { type: 'Boolean', minimumPlan: 'enterprise' },
  // AI Security for Apps (a zone setting besides the plan).
  'cf.llm.prompt.detected': { type: 'Boolean', minimumPlan: 'enterprise' },
  'cf.llm.prompt.pii_detected': { type: 'Boolean', minimumPlan: 'enterprise' },
  'cf.llm.prompt.pii_categories': { type: 'Array<String>', minimumPlan: 'enterprise' },
  'cf.llm.prompt.unsafe_topic_detected': { type: 'Boolean', minimumPlan: 'enterprise' },
  'cf.llm.prompt.unsafe_topic_categories': { type: 'Array<String>', minimumPlan: 'enterprise' },
  'cf.llm.prompt.injection_score': { type: 'Number', minimumPlan: 'enterprise' },
  'cf.llm.prompt.token_count': { type: 'Number', minimumPlan: 'enterprise' },
  'cf.llm.prompt.custom_topic_categories': { type: 'Map<Number>', minimumPlan: 'enterprise' },
  // Magic Firewall fields: packet-level, never in the HTTP phases.
  'tcp.dstport': { type: 'Number', phases: MAGIC_FIREWALL_PHASES, source: MAGIC_FIREWALL },
  'tcp.flags': { type: 'Number', phases: MAGIC_FIREWALL_PHASES, source: MAGIC_FIREWALL },
  // Fields that must not be used.
  'cf.threat_score': { type: 'Number', forbidden: 'cf.threat_score is always 0 now: it matches nothing useful; use managed rules or cf.waf.score' },
  'cf.colo.id': {
    type: 'Integer',
    forbidden: 'cf.colo.id belongs in rate-limit characteristics, never in an expression',
    source: 'https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/',
  },
});
