import { describe, expect, it } from 'vitest';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { zoneSettings } from '../../lib/cloudflare/zone-settings';
import type { Policy } from '../../lib/policy/model';
import { FORWARD_SECRET_AEAD_SUITES, FORWARD_SECRET_CBC_SUITES } from '../../lib/policy/tls-cipher-suites';
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

  it('sets the ciphers of tls.ciphers only with Advanced Certificate Manager under a TLS 1.2 floor', () => {
    const withAcm = (tls: Partial<Policy['tls']>) =>
      zoneSettings({ ...policy, tls: { ...policy.tls, ...tls }, cloudflare: { ...policy.cloudflare, advancedCertificateManager: true } });
    const ciphersOf = (settings: ReturnType<typeof zoneSettings>) => settings.find((setting) => setting.settingId === 'ciphers')?.value;
    expect(ciphersOf(withAcm({ minVersion: '1.2', ciphers: 'modern' }))).toEqual(FORWARD_SECRET_AEAD_SUITES);
    expect(ciphersOf(withAcm({ minVersion: '1.2', ciphers: 'compatible' }))).toEqual([...FORWARD_SECRET_AEAD_SUITES, ...FORWARD_SECRET_CBC_SUITES]);
    expect(ciphersOf(withAcm({ minVersion: '1.3' }))).toBeUndefined();
    expect(ciphersOf(zoneSettings({ ...policy, tls: { ...policy.tls, minVersion: '1.2' } }))).toBeUndefined();
  });

  it('says at synth (an info note) that the ciphers are not enforced without Advanced Certificate Manager under TLS 1.2', () => {
    const tls12 = buildPolicy(extendPreset('baseline', { name: 'demo', edges: ['cloudflare'] }));
    expect(compileZone(tls12).notes).toContainEqual({
      field: 'tls.ciphers',
      message: expect.stringMatching(
        /^modern is not enforced on Cloudflare: without Advanced Certificate Manager.*cloudflare\.advancedCertificateManager: true.*tls\.minVersion: "1\.3"$/,
      ),
    });
    const withAcm = { ...tls12, cloudflare: { ...tls12.cloudflare, advancedCertificateManager: true } };
    expect(compileZone(withAcm).notes.filter((note) => note.field === 'tls.ciphers')).toEqual([]);
    expect(compileZone(policy).notes.filter((note) => note.field === 'tls.ciphers')).toEqual([]);
  });
});
