import type { Policy } from '../policy/model';

/** A Cloudflare zone setting, as the provider takes it. */
export interface ZoneSetting {
  readonly settingId: string;
  readonly value: unknown;
}

/** The zone settings for the profile's TLS: versions, HTTPS only, the origin SSL mode, and HSTS with nosniff. */
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
  ];
}
