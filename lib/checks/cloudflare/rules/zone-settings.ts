import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { acceptsTlsBelow12, hstsShortfalls } from '../../../policy/invariants';
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
