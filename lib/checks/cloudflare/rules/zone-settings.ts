import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { acceptsTlsBelow12, isHstsMaxAgeTooShort } from '../../../policy/invariants';
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

export const hstsOneYear: CloudflareRule = (zone) =>
  setting(
    zone,
    'security_header',
    (v) => {
      const hsts = (v as { strict_transport_security?: { enabled?: unknown; max_age?: unknown } } | null | undefined)?.strict_transport_security;
      return hsts?.enabled === true && typeof hsts.max_age === 'number' && !isHstsMaxAgeTooShort(hsts.max_age);
    },
    (v) => `strict_transport_security ${JSON.stringify((v as { strict_transport_security?: unknown } | null)?.strict_transport_security ?? null)}`,
  );
