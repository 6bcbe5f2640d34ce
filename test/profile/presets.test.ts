import { describe, expect, it } from 'vitest';
import { extendPreset, parseProfile, PRESETS, profileSchema } from '../../lib/tooling';

describe('presets', () => {
  it.each(Object.keys(PRESETS))('%s validates', (name) => {
    expect(profileSchema.safeParse({ ...PRESETS[name as keyof typeof PRESETS], name: 'demo' }).success).toBe(true);
  });

  it('baseline is exactly the schema defaults', () => {
    expect(parseProfile({ name: 'demo', extends: 'baseline' })).toEqual({ ...parseProfile({ name: 'demo' }), extends: 'baseline' });
  });

  it('strict tightens baseline', () => {
    const strict = extendPreset('strict', { name: 'demo' });
    const baseline = extendPreset('baseline', { name: 'demo' });
    expect(strict.tls.minVersion).toBe('1.3');
    expect(strict.tls.hsts.maxAgeSeconds).toBeGreaterThan(baseline.tls.hsts.maxAgeSeconds);
    expect(strict.secrets.maxRotationDays).toBeLessThan(baseline.secrets.maxRotationDays);
    expect(strict.waf.managedRules).toEqual(expect.arrayContaining(baseline.waf.managedRules));
    expect(strict.headers.contentSecurityPolicy['script-src']).toEqual(["'self'"]);
    expect(strict.secrets.approvals?.critical?.requiredApprovals).toBe(2);
  });

  it('lets a profile override a preset value', () => {
    expect(extendPreset('strict', { name: 'demo', tls: { minVersion: '1.2' } }).tls.minVersion).toBe('1.2');
  });

  it('sets the documented defaults', () => {
    const profile = parseProfile({ name: 'demo' });
    expect(profile).toMatchObject({
      environment: 'production',
      edges: ['aws'],
      tls: { minVersion: '1.2', hsts: { maxAgeSeconds: 31_536_000, includeSubdomains: true, preload: false } },
      auth: { jwt: { algorithm: 'RS256', secretBytes: 64, accessTokenTtl: '15m', refreshTokenTtl: '7d' }, lockout: { enabled: true, maxFailures: 5 } },
      secrets: { maxRotationDays: 90, access: { maxSessionDuration: '1h' } },
      waf: { logging: { enabled: true, retentionDays: 90, redactHeaders: ['authorization', 'cookie'] } },
      network: { ingressPorts: [80, 443], adminCidrs: [], requireImdsv2: true },
      cloudflare: { plan: 'free', sslMode: 'strict' },
    });
    expect(profile.rateLimits.map((limit) => limit.name)).toEqual(['per-ip', 'auth']);
  });
});
