import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { CloudFrontMinimumTls } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontMinimumTls';

function verdict(minimumProtocolVersion: unknown, ciphers: 'modern' | 'compatible' = 'modern', minVersion: '1.2' | '1.3' = '1.2'): unknown {
  const app = new App();
  const node = new cloudfront.CfnDistribution(new Stack(app, 'Cdn'), 'Distribution', {
    distributionConfig: {
      enabled: true,
      defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https' },
      origins: [{ id: 'o', domainName: 'example.com', customOriginConfig: { originProtocolPolicy: 'https-only' } }],
      viewerCertificate: {
        acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x',
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: minimumProtocolVersion as string,
      },
    },
  });
  return CloudFrontMinimumTls(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('strict', { name: 'cdn', tls: { ciphers, minVersion } })) });
}

describe('Bulwark-CF1 judges the TLS floor and the cipher suites of the security policy', () => {
  it.each(['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'])('passes %s under tls.ciphers modern: TLS 1.2+, forward-secret AEAD only', (version) => {
    expect(verdict(version)).toBe(COMPLIANT);
  });

  it.each(['TLSv1.2_2019', 'TLSv1.2_2018'])('fails %s under modern: it offers AES-CBC (and 2018 RSA key exchange)', (version) => {
    expect(verdict(version)).toBe(NON_COMPLIANT);
  });

  it('passes TLSv1.2_2019 under compatible (forward-secret AES-CBC), not TLSv1.2_2018 (RSA key exchange)', () => {
    expect(verdict('TLSv1.2_2019', 'compatible')).toBe(COMPLIANT);
    expect(verdict('TLSv1.2_2018', 'compatible')).toBe(NON_COMPLIANT);
  });

  it.each(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2', 'tlsv1.2_2021', 'TLSv1.2_2030', 'constructor'])('fails %s', (version) => {
    expect(verdict(version)).toBe(NON_COMPLIANT);
    expect(verdict(version, 'compatible')).toBe(NON_COMPLIANT);
  });

  it('is unresolved on a value known only at deploy time', () => {
    expect(verdict({ Ref: 'Tls' })).toEqual(UNRESOLVED);
    expect(verdict({ Ref: 'Tls' }, 'modern', '1.3')).toEqual(UNRESOLVED);
  });

  it('under a TLS 1.3 floor passes only TLSv1.3_2025, and reports a TLSv1.2_… policy as tls-1.2-allowed', () => {
    expect(verdict('TLSv1.3_2025', 'modern', '1.3')).toBe(COMPLIANT);
    expect(verdict('TLSv1.2_2021', 'modern', '1.3')).toEqual(['tls-1.2-allowed']);
    expect(verdict('TLSv1.2_2025', 'modern', '1.3')).toEqual(['tls-1.2-allowed']);
    expect(verdict('TLSv1.2_2019', 'compatible', '1.3')).toEqual(['tls-1.2-allowed']);
    expect(verdict('TLSv1_2016', 'modern', '1.3')).toBe(NON_COMPLIANT);
  });
});
