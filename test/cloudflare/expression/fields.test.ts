import { describe, expect, it } from 'vitest';
import type { AddOn } from '../../../lib/cloudflare/add-ons';
import { FIELDS, type FieldType } from '../../../lib/cloudflare/expression/fields';
import { lintExpression } from '../../../lib/cloudflare/expression/lint';
import { PLAN_ORDER, type Plan } from '../../../lib/cloudflare/plans';

/*
 * What the documentation says about each field, written down here independently of FIELDS so
 * the two are compared, not copied: the fields reference's plan labels and "only available in"
 * notes (https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/,
 * source cloudflare/cloudflare-docs src/content/fields/index.yaml), the Magic Firewall fields
 * page (https://developers.cloudflare.com/ruleset-engine/rules-language/fields/magic-firewall/)
 * and the deprecations Bulwark refuses. A field in neither list carries no label: every plan,
 * every phase.
 */
const PLAN_LABELS: Record<'Pro or above' | 'Business or above' | 'Enterprise' | 'Enterprise add-on (Bot Management)', readonly string[]> = {
  'Pro or above': ['http.request.cookies', 'cf.waf.credential_check.username_and_password_leaked'],
  'Business or above': ['ip.src.subdivision_1_iso_code', 'ip.src.subdivision_2_iso_code', 'ip.src.is_in_european_union', 'cf.waf.score.class'],
  Enterprise: [
    'http.request.body.raw',
    'http.request.body.truncated',
    'http.request.body.size',
    'http.request.body.form',
    'http.request.body.form.names',
    'http.request.body.form.values',
    'http.request.body.multipart',
    'http.request.body.multipart.names',
    'http.request.body.multipart.values',
    'http.request.body.multipart.content_types',
    'http.request.body.multipart.content_dispositions',
    'http.request.body.multipart.content_transfer_encodings',
    'http.request.body.multipart.filenames',
    'cf.waf.score',
    'cf.waf.score.sqli',
    'cf.waf.score.xss',
    'cf.waf.score.rce',
    'cf.waf.auth_detected',
    'cf.waf.credential_check.username_leaked',
    'cf.waf.credential_check.username_password_similar',
    'cf.llm.prompt.detected',
    'cf.llm.prompt.pii_detected',
    'cf.llm.prompt.pii_categories',
    'cf.llm.prompt.unsafe_topic_detected',
    'cf.llm.prompt.unsafe_topic_categories',
    'cf.llm.prompt.injection_score',
    'cf.llm.prompt.token_count',
    'cf.llm.prompt.custom_topic_categories',
  ],
  'Enterprise add-on (Bot Management)': [
    'cf.bot_management.verified_bot',
    'cf.bot_management.score',
    'cf.bot_management.static_resource',
    'cf.bot_management.ja3_hash',
    'cf.bot_management.ja4',
    'cf.bot_management.js_detection.passed',
    'cf.bot_management.detection_ids',
    'cf.bot_management.corporate_proxy',
    'cf.bot_management.signed_agent',
  ],
};

const TRANSFORM = ['http_request_transform', 'http_request_late_transform', 'http_response_headers_transform'];
const PHASE_NOTES: Record<string, readonly string[]> = {
  // "This field is only available in Transform Rules." / "… in rewrite expressions of Transform Rules."
  'http.request.accepted_languages': TRANSFORM,
  'ip.src.timezone.name': TRANSFORM,
  // "Only available in Response Header Transform Rules and Custom Errors."
  'cf.response.1xxx_code': ['http_response_headers_transform', 'http_custom_errors'],
  'cf.response.error_type': ['http_response_headers_transform', 'http_custom_errors'],
  // Magic Firewall fields.
  'tcp.dstport': ['magic_transit', 'magic_transit_ids_managed', 'magic_transit_managed', 'magic_transit_ratelimit'],
  'tcp.flags': ['magic_transit', 'magic_transit_ids_managed', 'magic_transit_managed', 'magic_transit_ratelimit'],
};

/** Documented fields without a plan label or phase note: every plan, every phase. Includes the ones issue #26 asked for. */
const UNGATED = [
  'http.cookie',
  'http.host',
  'http.referer',
  'http.user_agent',
  'http.x_forwarded_for',
  'http.request.method',
  'http.request.version',
  'http.request.full_uri',
  'http.request.uri',
  'http.request.uri.path',
  'http.request.uri.path.extension',
  'http.request.uri.query',
  'http.request.uri.args',
  'http.request.uri.args.names',
  'http.request.uri.args.values',
  'http.request.timestamp.sec',
  'http.request.timestamp.msec',
  'raw.http.request.full_uri',
  'raw.http.request.uri',
  'raw.http.request.uri.path',
  'raw.http.request.uri.path.extension',
  'raw.http.request.uri.query',
  'raw.http.request.uri.args',
  'raw.http.request.uri.args.names',
  'raw.http.request.uri.args.values',
  'http.request.headers',
  'http.request.headers.names',
  'http.request.headers.values',
  'http.request.headers.truncated',
  'http.request.body.mime',
  'ip.src',
  'ip.src.lat',
  'ip.src.lon',
  'ip.src.city',
  'ip.src.postal_code',
  'ip.src.metro_code',
  'ip.src.region',
  'ip.src.region_code',
  'ip.src.asnum',
  'ip.src.continent',
  'ip.src.country',
  'ssl',
  'cf.client.bot',
  'cf.verified_bot_category',
  'cf.edge.server_ip',
  'cf.edge.server_port',
  'cf.edge.client_tcp',
  'cf.edge.l4.delivery_rate',
  'cf.hostname.metadata',
  'cf.random_seed',
  'cf.ray_id',
  'cf.worker.upstream_zone',
  // The account-level deployment examples use these with no plan label (waf/account/*/create-api, deploy-api).
  'cf.zone.name',
  'cf.zone.plan',
  'cf.timings.client_tcp_rtt_msec',
  'cf.timings.client_quic_rtt_msec',
  'cf.timings.edge_msec',
  'cf.timings.origin_ttfb_msec',
  'cf.timings.worker_msec',
  'cf.tls_cipher',
  'cf.tls_version',
  'cf.tls_client_extensions_sha1',
  'cf.tls_client_extensions_sha1_le',
  'cf.tls_ciphers_sha1',
  'cf.tls_client_hello_length',
  'cf.tls_client_random',
  'cf.tls_client_auth.cert_revoked',
  'cf.tls_client_auth.cert_verified',
  'cf.tls_client_auth.cert_presented',
  'cf.tls_client_auth.cert_issuer_dn',
  'cf.tls_client_auth.cert_subject_dn',
  'cf.tls_client_auth.cert_issuer_dn_rfc2253',
  'cf.tls_client_auth.cert_subject_dn_rfc2253',
  'cf.tls_client_auth.cert_issuer_dn_legacy',
  'cf.tls_client_auth.cert_subject_dn_legacy',
  'cf.tls_client_auth.cert_serial',
  'cf.tls_client_auth.cert_issuer_serial',
  'cf.tls_client_auth.cert_fingerprint_sha256',
  'cf.tls_client_auth.cert_fingerprint_sha1',
  'cf.tls_client_auth.cert_not_before',
  'cf.tls_client_auth.cert_not_after',
  'cf.tls_client_auth.cert_ski',
  'cf.tls_client_auth.cert_issuer_ski',
  'cf.tls_client_auth.cert_rfc9440',
  'cf.tls_client_auth.cert_rfc9440_too_large',
  'cf.tls_client_auth.cert_chain_rfc9440',
  'cf.tls_client_auth.cert_chain_rfc9440_too_large',
  'cf.waf.credential_check.password_leaked',
];

/** Response fields: there is no response yet in a request phase. */
const RESPONSE = [
  'http.response.code',
  'http.response.headers',
  'http.response.headers.names',
  'http.response.headers.values',
  'http.response.content_type.media_type',
  'raw.http.response.headers',
  'raw.http.response.headers.names',
  'raw.http.response.headers.values',
];

/** cf.threat_score is always 0 (fields reference); cf.colo.id is a rate-limit characteristic (https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/). */
const FORBIDDEN = ['cf.threat_score', 'cf.colo.id'];

const PHASES = [
  'http_request_firewall_custom',
  'http_request_transform',
  'http_request_late_transform',
  'http_response_headers_transform',
  'http_custom_errors',
  'http_request_dynamic_redirect',
  'magic_transit',
];
const ADD_ON_SETS: readonly (readonly AddOn[])[] = [[], ['botManagement'], ['advancedRateLimiting']];
const GATES = ['plan-field', 'addon-field', 'field-phase', 'forbidden-field'];

/** A well-typed use of a field, so that only the gates can speak. */
function use(name: string, type: FieldType): string {
  switch (type) {
    case 'Boolean':
      return name;
    case 'String':
      return `${name} eq "x"`;
    case 'Integer':
    case 'Number':
      return `${name} eq 1`;
    case 'IP':
      return `${name} in {192.0.2.0/24}`;
    case 'Bytes':
      return `len(${name}) eq 1`;
    case 'Array<String>':
      return `any(${name}[*] eq "x")`;
    case 'Array<Integer>':
    case 'Array<Number>':
      return `any(${name}[*] eq 1)`;
    case 'Array<Array<String>>':
      return `any(${name}[*][0] eq "x")`;
    case 'Map<Array<String>>':
      return `any(${name}["k"][*] eq "x")`;
    case 'Map<Array<Integer>>':
      return `any(${name}["k"][*] eq 1)`;
    case 'Map<Number>':
      return `${name}["k"] eq 1`;
  }
}

const at = (plan: Plan, minimum: Plan) => PLAN_ORDER.indexOf(plan) >= PLAN_ORDER.indexOf(minimum);

/** The refusals the documentation implies for a field on a plan, with add-ons, in a phase. */
function documented(name: string, plan: Plan, addOns: readonly AddOn[], phase: string): string[] {
  const expected: string[] = [];
  if (FORBIDDEN.includes(name)) expected.push('forbidden-field');
  if (RESPONSE.includes(name) && phase.startsWith('http_request_')) expected.push('field-phase');
  if (PHASE_NOTES[name] && !PHASE_NOTES[name].includes(phase)) expected.push('field-phase');
  if (PLAN_LABELS['Pro or above'].includes(name) && !at(plan, 'pro')) expected.push('plan-field');
  if (PLAN_LABELS['Business or above'].includes(name) && !at(plan, 'business')) expected.push('plan-field');
  if (PLAN_LABELS.Enterprise.includes(name) && plan !== 'enterprise') expected.push('plan-field');
  if (PLAN_LABELS['Enterprise add-on (Bot Management)'].includes(name)) {
    if (plan !== 'enterprise') expected.push('plan-field');
    else if (!addOns.includes('botManagement')) expected.push('addon-field');
  }
  return expected.sort();
}

describe('FIELDS against the documentation', () => {
  it('covers exactly the documented fields listed here, so every field is tested', () => {
    const listed = [...Object.values(PLAN_LABELS).flat(), ...Object.keys(PHASE_NOTES), ...UNGATED, ...RESPONSE, ...FORBIDDEN];
    expect(new Set(listed).size).toBe(listed.length);
    expect(Object.keys(FIELDS).sort()).toEqual([...listed].sort());
  });

  it('names the documentation page of every field', () => {
    for (const [name, spec] of Object.entries(FIELDS)) expect(spec.source, name).toMatch(/^https:\/\/developers\.cloudflare\.com\/\S+\/$/);
  });

  // Every field × plan × add-on set × phase: the linter refuses exactly what the documentation refuses.
  it.each(Object.keys(FIELDS))('%s is refused exactly where the documentation refuses it', (name) => {
    const source = use(name, FIELDS[name].type);
    for (const plan of PLAN_ORDER) {
      for (const addOns of ADD_ON_SETS) {
        for (const phase of PHASES) {
          const codes = lintExpression(source, { phase, plan, addOns }).map((finding) => finding.code);
          expect(
            codes.filter((code) => !GATES.includes(code)),
            `${source} on ${plan}`,
          ).toEqual([]);
          expect(codes.sort(), `${source} on ${plan} with [${addOns.join(', ')}] in ${phase}`).toEqual(documented(name, plan, addOns, phase));
        }
      }
    }
  });

  // https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/cf.client.bot/ (no plan label)
  it('leaves cf.client.bot as the verified-bot test on every plan, where cf.bot_management.verified_bot needs Bot Management', () => {
    expect(lintExpression('cf.client.bot', { phase: 'http_request_firewall_custom', plan: 'free' })).toEqual([]);
    expect(lintExpression('cf.bot_management.verified_bot', { phase: 'http_request_firewall_custom', plan: 'enterprise' })[0].message).toBe(
      'cf.bot_management.verified_bot needs the Bot Management add-on, which the zone does not have (cloudflare.addOns: [botManagement] if it does)',
    );
  });
});
