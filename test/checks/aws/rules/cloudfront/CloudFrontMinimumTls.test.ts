import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT } from '../../../../../lib/checks/aws/aws-rule';
import { CloudFrontMinimumTls } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontMinimumTls';

function verdict(minimumProtocolVersion: string): unknown {
  const app = new App();
  const node = new cloudfront.CfnDistribution(new Stack(app, 'Cdn'), 'Distribution', {
    distributionConfig: {
      enabled: true,
      defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https' },
      origins: [{ id: 'o', domainName: 'example.com', customOriginConfig: { originProtocolPolicy: 'https-only' } }],
      viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', sslSupportMethod: 'sni-only', minimumProtocolVersion },
    },
  });
  return CloudFrontMinimumTls(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('strict', { name: 'cdn' })) });
}

describe('Bulwark-CF1 judges the minimum TLS version, not the policy year', () => {
  it.each(['TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'])('passes %s: it accepts nothing below TLS 1.2', (version) => {
    expect(verdict(version)).toBe(COMPLIANT);
  });

  it.each(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2', 'tlsv1.2_2021'])('fails %s', (version) => {
    expect(verdict(version)).toBe(NON_COMPLIANT);
  });
});
