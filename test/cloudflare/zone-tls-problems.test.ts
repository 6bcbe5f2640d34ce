import { describe, expect, it } from 'vitest';
import { zoneTlsProblems } from '../../lib/cloudflare/zone-tls-problems';
import { buildPolicy } from '../../lib/policy/normalize';
import { parseProfile, type HardeningProfileInput } from '../../lib/tooling';

const policy = (input: Partial<HardeningProfileInput>) => buildPolicy(parseProfile({ name: 'demo', edges: ['cloudflare'], ...input }));

describe('zoneTlsProblems', () => {
  it('finds nothing in the defaults (TLS 1.2, one year of HSTS, strict)', () => {
    expect(zoneTlsProblems(policy({}))).toEqual([]);
  });

  it.each(['1.0', '1.1'] as const)('refuses TLS %s at tls.minVersion, with the value and what is allowed', (minVersion) => {
    expect(zoneTlsProblems(policy({ tls: { minVersion } }))).toEqual([
      { field: 'tls.minVersion', message: `TLS ${minVersion} is not deployed: allowed are "1.2" (TLS 1.3 and 1.2) and "1.3" (TLS 1.3 only)` },
    ]);
  });

  it('refuses HSTS one second short of a year, and takes exactly a year', () => {
    expect(zoneTlsProblems(policy({ tls: { hsts: { maxAgeSeconds: 31_535_999 } } }))).toEqual([
      { field: 'tls.hsts.maxAgeSeconds', message: '31535999 s is under one year; set 31536000 or more' },
    ]);
    expect(zoneTlsProblems(policy({ tls: { hsts: { maxAgeSeconds: 31_536_000 } } }))).toEqual([]);
  });

  it.each(['off', 'flexible'] as const)('refuses sslMode %s, which reaches the origin in plaintext', (sslMode) => {
    expect(zoneTlsProblems(policy({ cloudflare: { sslMode } })).map((problem) => problem.field)).toEqual(['cloudflare.sslMode']);
  });
});
