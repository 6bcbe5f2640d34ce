import { describe, expect, it } from 'vitest';
import {
  cloudflareCiphersUnenforced,
  cloudflareOriginPlaintext,
  cloudflareOriginUnverified,
  hstsWithoutSubdomains,
  shortHsts,
  tlsBelow12,
} from '../../../../lib/checks/doctor/rules/transport';
import { violations } from './doctor-context';

const awsOnly = { edges: ['aws'] };

describe('tlsBelow12', () => {
  it('reports TLS 1.0 and 1.1, and passes 1.2 and 1.3', () => {
    expect(violations(tlsBelow12, { tls: { minVersion: '1.1' } })).toEqual([{ path: 'tls.minVersion', observed: 'TLS 1.1' }]);
    expect(violations(tlsBelow12, { tls: { minVersion: '1.0' } })).toEqual([{ path: 'tls.minVersion', observed: 'TLS 1.0' }]);
    expect(violations(tlsBelow12, { tls: { minVersion: '1.2' } })).toEqual([]);
    expect(violations(tlsBelow12, { tls: { minVersion: '1.3' } })).toEqual([]);
  });
});

describe('HSTS', () => {
  it('reports a max-age under a year, not a year', () => {
    expect(violations(shortHsts, { tls: { hsts: { maxAgeSeconds: 31_535_999 } } })).toEqual([{ path: 'tls.hsts.maxAgeSeconds', observed: '31535999 s' }]);
    expect(violations(shortHsts, { tls: { hsts: { maxAgeSeconds: 31_536_000 } } })).toEqual([]);
  });

  it('reports HSTS without subdomains and passes it with', () => {
    expect(violations(hstsWithoutSubdomains, { tls: { hsts: { includeSubdomains: false } } })).toEqual([
      { path: 'tls.hsts.includeSubdomains', observed: 'false' },
    ]);
    expect(violations(hstsWithoutSubdomains, { tls: { hsts: { includeSubdomains: true } } })).toEqual([]);
  });
});

describe('Cloudflare to origin', () => {
  it('reports plaintext to the origin (off, flexible) on the Cloudflare edge', () => {
    expect(violations(cloudflareOriginPlaintext, { cloudflare: { sslMode: 'flexible' } })).toEqual([{ path: 'cloudflare.sslMode', observed: 'flexible' }]);
    expect(violations(cloudflareOriginPlaintext, { cloudflare: { sslMode: 'off' } })).toEqual([{ path: 'cloudflare.sslMode', observed: 'off' }]);
  });

  it('reports an unverified origin (full) on the Cloudflare edge, and not as plaintext', () => {
    expect(violations(cloudflareOriginUnverified, { cloudflare: { sslMode: 'full' } })).toEqual([{ path: 'cloudflare.sslMode', observed: 'full' }]);
    expect(violations(cloudflareOriginPlaintext, { cloudflare: { sslMode: 'full' } })).toEqual([]);
    expect(violations(cloudflareOriginUnverified, { cloudflare: { sslMode: 'flexible' } })).toEqual([]);
  });

  it('passes strict SSL, and judges no SSL mode without the Cloudflare edge', () => {
    expect(violations(cloudflareOriginPlaintext, { cloudflare: { sslMode: 'strict' } })).toEqual([]);
    expect(violations(cloudflareOriginUnverified, { cloudflare: { sslMode: 'strict' } })).toEqual([]);
    expect(violations(cloudflareOriginPlaintext, { ...awsOnly, cloudflare: { sslMode: 'flexible' } })).toEqual([]);
    expect(violations(cloudflareOriginUnverified, { ...awsOnly, cloudflare: { sslMode: 'full' } })).toEqual([]);
  });
});

describe('cloudflareCiphersUnenforced', () => {
  it('reports TLS 1.2 suites on Cloudflare without Advanced Certificate Manager, naming them', () => {
    const [violation, ...rest] = violations(cloudflareCiphersUnenforced, { tls: { minVersion: '1.2' } });
    expect(rest).toEqual([]);
    expect(violation.path).toBe('tls.ciphers');
    expect(violation.observed).toMatch(/^\S+ on Cloudflare without Advanced Certificate Manager$/);
  });

  it('passes with Advanced Certificate Manager, with TLS 1.3, and without the Cloudflare edge', () => {
    expect(violations(cloudflareCiphersUnenforced, { tls: { minVersion: '1.2' }, cloudflare: { advancedCertificateManager: true } })).toEqual([]);
    expect(violations(cloudflareCiphersUnenforced, { tls: { minVersion: '1.3' } })).toEqual([]);
    expect(violations(cloudflareCiphersUnenforced, { ...awsOnly, tls: { minVersion: '1.2' } })).toEqual([]);
  });
});
