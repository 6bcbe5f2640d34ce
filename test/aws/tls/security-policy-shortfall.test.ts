import { describe, expect, it } from 'vitest';
import { cloudFrontPolicyShortfall, elbPolicyShortfall } from '../../../lib/aws/tls/security-policy-shortfall';

const floor = (minVersion: '1.2' | '1.3', ciphers: 'modern' | 'compatible' = 'modern') => ({ minVersion, ciphers });

describe('elbPolicyShortfall', () => {
  it('finds nothing wrong with a TLS 1.3-only policy under either floor', () => {
    expect(elbPolicyShortfall('ELBSecurityPolicy-TLS13-1-3-2021-06', floor('1.2'))).toBeUndefined();
    expect(elbPolicyShortfall('ELBSecurityPolicy-TLS13-1-3-2021-06', floor('1.3'))).toBeUndefined();
    expect(elbPolicyShortfall('ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09', floor('1.3'))).toBeUndefined();
  });

  it('says a policy accepting TLS 1.2 falls short of a TLS 1.3 floor only', () => {
    expect(elbPolicyShortfall('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', floor('1.2'))).toBeUndefined();
    expect(elbPolicyShortfall('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', floor('1.3'))).toBe('tls-1.2-allowed');
  });

  it('judges the ciphers against tls.ciphers, and knows no other name', () => {
    expect(elbPolicyShortfall('ELBSecurityPolicy-TLS13-1-2-2021-06', floor('1.2'))).toBe('ciphers');
    expect(elbPolicyShortfall('ELBSecurityPolicy-TLS13-1-2-2021-06', floor('1.2', 'compatible'))).toBeUndefined();
    expect(elbPolicyShortfall('ELBSecurityPolicy-2016-08', floor('1.2', 'compatible'))).toBe('unknown');
    expect(elbPolicyShortfall('constructor', floor('1.2'))).toBe('unknown');
  });
});

describe('cloudFrontPolicyShortfall', () => {
  it('passes TLSv1.3_2025 under either floor, TLSv1.2_2021 under the 1.2 floor only', () => {
    expect(cloudFrontPolicyShortfall('TLSv1.3_2025', floor('1.2'))).toBeUndefined();
    expect(cloudFrontPolicyShortfall('TLSv1.3_2025', floor('1.3'))).toBeUndefined();
    expect(cloudFrontPolicyShortfall('TLSv1.2_2021', floor('1.2'))).toBeUndefined();
    expect(cloudFrontPolicyShortfall('TLSv1.2_2021', floor('1.3'))).toBe('tls-1.2-allowed');
  });

  it('judges the ciphers, and knows no other name', () => {
    expect(cloudFrontPolicyShortfall('TLSv1.2_2019', floor('1.2'))).toBe('ciphers');
    expect(cloudFrontPolicyShortfall('TLSv1.2_2019', floor('1.2', 'compatible'))).toBeUndefined();
    expect(cloudFrontPolicyShortfall('TLSv1_2016', floor('1.2', 'compatible'))).toBe('unknown');
  });
});
