import type { Policy } from '../policy/model';
import { tls12SuitesFor } from '../policy/tls-cipher-suites';

/** A Cloudflare zone setting, as the provider takes it. */
export interface ZoneSetting {
  readonly settingId: string;
  readonly value: unknown;
}

/**
 * The zone settings for the profile's TLS: versions, HTTPS only, the origin SSL mode, HSTS with
 * nosniff, and the TLS 1.2 cipher suites of tls.ciphers where the zone can set them (see
 * {@link zoneSetsCiphers}).
 */
export function zoneSettings(policy: Policy): ZoneSetting[] {
  const { hsts } = policy.tls;
  return [
    { settingId: 'min_tls_version', value: policy.tls.minVersion },
    { settingId: 'tls_1_3', value: 'on' },
    { settingId: 'always_use_https', value: 'on' },
    { settingId: 'ssl', value: policy.cloudflare.sslMode },
    {
      settingId: 'security_header',
      value: {
        strict_transport_security: {
          enabled: hsts.maxAgeSeconds > 0,
          max_age: hsts.maxAgeSeconds,
          include_subdomains: hsts.includeSubdomains,
          preload: hsts.preload,
          nosniff: true,
        },
      },
    },
    ...(zoneSetsCiphers(policy) ? [{ settingId: 'ciphers', value: [...tls12SuitesFor(policy.tls.ciphers)] }] : []),
  ];
}

/**
 * Whether the zone sets the `ciphers` setting: only with Advanced Certificate Manager, which
 * custom cipher suites need, and only under a TLS 1.2 floor (under 1.3 every suite is
 * forward-secret AEAD, and Cloudflare takes no TLS 1.3 suite list).
 * https://developers.cloudflare.com/ssl/edge-certificates/additional-options/cipher-suites/customize-cipher-suites/
 */
export function zoneSetsCiphers(policy: Policy): boolean {
  return policy.cloudflare.advancedCertificateManager && policy.tls.minVersion === '1.2';
}
