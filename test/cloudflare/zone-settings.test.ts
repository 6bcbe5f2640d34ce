import { describe, expect, it } from 'vitest';
import { zoneSettings } from '../../lib/cloudflare/zone-settings';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

describe('zoneSettings', () => {
  const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));

  it('sets the TLS floor, HTTPS only, the SSL mode and HSTS with nosniff from the profile', () => {
    expect(zoneSettings(policy)).toEqual([
      { settingId: 'min_tls_version', value: policy.tls.minVersion },
      { settingId: 'tls_1_3', value: 'on' },
      { settingId: 'always_use_https', value: 'on' },
      { settingId: 'ssl', value: policy.cloudflare.sslMode },
      {
        settingId: 'security_header',
        value: { strict_transport_security: { enabled: true, max_age: 63_072_000, include_subdomains: true, preload: true, nosniff: true } },
      },
    ]);
  });

  it('disables HSTS when its max age is 0', () => {
    const off = { ...policy, tls: { ...policy.tls, hsts: { ...policy.tls.hsts, maxAgeSeconds: 0 } } };
    expect(zoneSettings(off)[4].value).toMatchObject({ strict_transport_security: { enabled: false, max_age: 0 } });
  });
});
