import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { acceptsTlsBelow12, hstsShortfalls } from '../../../policy/invariants';
import { suiteAllowed } from '../../../policy/tls-cipher-suites';
import { isTerraformToken, type TerraformZone } from '../terraform-zones';

function setting(zone: TerraformZone, id: string, expected: (value: unknown) => boolean, describe: (value: unknown) => string): Violation[] {
  const value = zone.settings[id];
  if (expected(value)) return [];
  const address = zone.settingAddresses[id] ?? `zone ${zone.zoneId}`;
  if (isTerraformToken(value)) return [{ path: address, observed: `${id} is known only at apply time`, unresolved: true }];
  return [{ path: address, observed: value === undefined ? `${id} not set` : describe(value) }];
}

export const minimumTls12: CloudflareRule = (zone) =>
  setting(
    zone,
    'min_tls_version',
    (v) => typeof v === 'string' && !acceptsTlsBelow12(v),
    (v) => `min_tls_version ${String(v)}`,
  );

export const alwaysUseHttps: CloudflareRule = (zone) =>
  setting(
    zone,
    'always_use_https',
    (v) => v === 'on',
    (v) => `always_use_https ${String(v)}`,
  );

export const sslStrict: CloudflareRule = (zone) =>
  setting(
    zone,
    'ssl',
    (v) => v === 'strict',
    (v) => `ssl ${String(v)}`,
  );

/**
 * The zone sends HSTS as the profile asks for it (tls.hsts): enabled, max_age at least the
 * profile's (never under one year), include_subdomains and preload when the profile sets them.
 */
export const hstsOneYear: CloudflareRule = (zone, policy) => {
  // Only an object is HSTS settings: null, a list or a string in its place (a hostile or broken file) is no HSTS.
  const hstsOf = (v: unknown): Record<string, unknown> | undefined => {
    const sent = (v as { strict_transport_security?: unknown } | null | undefined)?.strict_transport_security;
    return sent !== null && typeof sent === 'object' && !Array.isArray(sent) ? (sent as Record<string, unknown>) : undefined;
  };
  const value = zone.settings.security_header;
  const hsts = hstsOf(value);
  if (hsts !== undefined && [hsts.enabled, hsts.max_age, hsts.include_subdomains, hsts.preload].some(isTerraformToken)) {
    return [
      {
        path: zone.settingAddresses.security_header ?? `zone ${zone.zoneId}`,
        observed: 'strict_transport_security is known only at apply time',
        unresolved: true,
      },
    ];
  }
  const shortfalls = (v: unknown) => {
    const sent = hstsOf(v);
    if (sent?.enabled !== true) return ['enabled'];
    return hstsShortfalls(
      {
        maxAgeSeconds: typeof sent.max_age === 'number' ? sent.max_age : 0,
        includeSubdomains: sent.include_subdomains === true,
        preload: sent.preload === true,
      },
      policy.tls.hsts,
    );
  };
  return setting(
    zone,
    'security_header',
    (v) => shortfalls(v).length === 0,
    (v) => `strict_transport_security ${JSON.stringify(hstsOf(v) ?? null)} falls short of the profile's HSTS in ${shortfalls(v).join(', ')}`,
  );
};

/**
 * TLS 1.2 viewers get only the cipher suites of the profile's tls.ciphers: the `ciphers` setting
 * lists none other (forward-secret AEAD under modern; also forward-secret AES-CBC under
 * compatible). A zone held to TLS 1.3 passes (every TLS 1.3 suite is forward-secret AEAD). No
 * list (or an empty one: Cloudflare's defaults) fails only where the profile says the zone can
 * set one (cloudflare.advancedCertificateManager); elsewhere CloudflareZoneHardening says at
 * synth that the suites are not enforced.
 */
export const ciphersForwardSecret: CloudflareRule = (zone, policy) => {
  if (zone.settings.min_tls_version === '1.3') return [];
  const address = zone.settingAddresses.ciphers ?? `zone ${zone.zoneId}`;
  const value = zone.settings.ciphers;
  if (isTerraformToken(value) || (Array.isArray(value) && value.some(isTerraformToken))) {
    return [{ path: address, observed: 'ciphers is known only at apply time', unresolved: true }];
  }
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    return policy.cloudflare.advancedCertificateManager ? [{ path: address, observed: "ciphers not set (Cloudflare's default suites)" }] : [];
  }
  if (!Array.isArray(value)) return [{ path: address, observed: 'ciphers is not a list' }];
  const refused = value.filter((suite) => typeof suite !== 'string' || !suiteAllowed(suite, policy.tls.ciphers));
  const shown = refused.map((suite) => (isCipherName(suite) ? suite : '(not a cipher name)'));
  return refused.length === 0 ? [] : [{ path: address, observed: `ciphers ${shown.join(', ')} not allowed under tls.ciphers ${policy.tls.ciphers}` }];
};

const CIPHER_NAME_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** Whether a value reads as a cipher name, so a finding may echo it (a hostile or long string never is). */
function isCipherName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64 && [...value].every((character) => CIPHER_NAME_CHARACTERS.includes(character));
}
