// How the CloudFront rules read a distribution's configuration: every behavior (the default and
// each path pattern), a configuration or list known only at deploy time, and a distribution with
// no certificate of its own. Each rule is called as the pack calls it, so a crash on a missing
// part would show as a thrown error instead of a verdict.
import { App, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, UNRESOLVED, type AwsRule } from '../../../../../lib/checks/aws/aws-rule';
import { CloudFrontHsts } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontHsts';
import { CloudFrontMinimumTls } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontMinimumTls';
import { CloudFrontSecurityHeaders } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontSecurityHeaders';
import { CloudFrontViewerHttps } from '../../../../../lib/checks/aws/rules/cloudfront/CloudFrontViewerHttps';

const policy = buildPolicy(extendPreset('baseline', { name: 'cdn' }));
const https = { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https' };

function verdict(rule: AwsRule, config: Record<string, unknown> | ((stack: Stack) => Record<string, unknown>)): unknown {
  const app = new App();
  const stack = new Stack(app, 'Cdn');
  const node = new cloudfront.CfnDistribution(stack, 'Distribution', {
    distributionConfig: {
      enabled: true,
      origins: [{ id: 'o', domainName: 'example.com' }],
      defaultCacheBehavior: https,
      ...(typeof config === 'function' ? config(stack) : config),
    } as never,
  });
  return rule(node, { index: AppIndex.of(app), policy });
}

describe('Bulwark-CF1 on a distribution without a certificate of its own', () => {
  it('flags a distribution with no viewer certificate (CloudFront then serves its default one, which accepts TLS 1.0)', () => {
    expect(verdict(CloudFrontMinimumTls, {})).toBe(NON_COMPLIANT);
  });

  it('flags the default certificate, and a certificate without a minimum protocol version', () => {
    expect(verdict(CloudFrontMinimumTls, { viewerCertificate: { cloudFrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1.2_2021' } })).toBe(
      NON_COMPLIANT,
    );
    expect(
      verdict(CloudFrontMinimumTls, { viewerCertificate: { acmCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', sslSupportMethod: 'sni-only' } }),
    ).toBe(NON_COMPLIANT);
  });

  it('is unresolved when the certificate is known only at deploy time', () => {
    expect(verdict(CloudFrontMinimumTls, { viewerCertificate: Fn.conditionIf('Own', { minimumProtocolVersion: 'TLSv1.2_2021' }, {}) })).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-CF4 (and the other behavior rules) read every behavior of a distribution', () => {
  it('passes when the default and each path pattern keep viewers on HTTPS, and names the path pattern of one that does not', () => {
    expect(verdict(CloudFrontViewerHttps, { cacheBehaviors: [{ ...https, pathPattern: '/api/*', viewerProtocolPolicy: 'https-only' }] })).toBe(COMPLIANT);
    expect(verdict(CloudFrontViewerHttps, { cacheBehaviors: [{ ...https, pathPattern: '/api/*', viewerProtocolPolicy: 'allow-all' }] })).toEqual([
      'allow-all:/api/*',
    ]);
    expect(verdict(CloudFrontViewerHttps, { defaultCacheBehavior: { targetOriginId: 'o' } })).toEqual(['none']);
  });

  it('is unresolved when the list of behaviors, one behavior, the default behavior or its policy is known only at deploy time', () => {
    for (const rule of [CloudFrontViewerHttps, CloudFrontHsts, CloudFrontSecurityHeaders]) {
      expect(verdict(rule, { cacheBehaviors: Fn.conditionIf('Api', [{ ...https, pathPattern: '/api/*' }], []) })).toEqual(UNRESOLVED);
      expect(
        verdict(rule, {
          cacheBehaviors: [{ ...https, pathPattern: '/static/*' }, Fn.conditionIf('Api', { ...https, pathPattern: '/api/*' }, Fn.ref('AWS::NoValue'))],
        }),
      ).toEqual(UNRESOLVED);
      expect(verdict(rule, { defaultCacheBehavior: Fn.conditionIf('Strict', https, https) })).toEqual(UNRESOLVED);
    }
    expect(verdict(CloudFrontViewerHttps, { defaultCacheBehavior: { ...https, viewerProtocolPolicy: Fn.ref('Policy') } })).toEqual(UNRESOLVED);
  });

  it('names each behavior that has no response headers policy (CF2, CF3)', () => {
    const config = { cacheBehaviors: [{ ...https, pathPattern: '/api/*' }] };
    expect(verdict(CloudFrontHsts, config)).toEqual(['no-response-headers-policy', 'no-response-headers-policy:/api/*']);
  });
});

describe('Bulwark-CF2 and CF3 across behaviors and response headers policies', () => {
  it('is unresolved when one behavior cannot be read, even though another falls short', () => {
    const config = { cacheBehaviors: [{ ...https, pathPattern: '/api/*', responseHeadersPolicyId: Fn.importValue('Policy') }] };
    expect(verdict(CloudFrontHsts, config)).toEqual(UNRESOLVED);
    expect(verdict(CloudFrontSecurityHeaders, config)).toEqual(UNRESOLVED);
  });

  it('reads a response headers policy declared with the generic CfnResource as sending no security headers', () => {
    const config = (stack: Stack) => ({
      defaultCacheBehavior: { ...https, responseHeadersPolicyId: new CfnResource(stack, 'Policy', { type: 'AWS::CloudFront::ResponseHeadersPolicy' }).ref },
    });
    expect(verdict(CloudFrontHsts, config)).toEqual(['no-hsts']);
  });
});

describe('Bulwark-CF3 reading one header entry of a response headers policy', () => {
  const judgeWith = (securityHeadersConfig: Record<string, unknown>) =>
    verdict(CloudFrontSecurityHeaders, (stack) => ({
      defaultCacheBehavior: {
        ...https,
        responseHeadersPolicyId: new cloudfront.CfnResponseHeadersPolicy(stack, 'Policy', {
          responseHeadersPolicyConfig: { name: 'p', securityHeadersConfig: securityHeadersConfig as never },
        }).ref,
      },
    }));
  const nosniff = { contentTypeOptions: { override: true } };

  it('names a header the policy does not set, and one whose value falls short even though it overrides the origin', () => {
    expect(judgeWith(nosniff)).toContain('x-frame-options');
    expect(judgeWith({ ...nosniff, frameOptions: { frameOption: 'SAMEORIGIN', override: true } })).toContain('x-frame-options');
    expect(judgeWith({ ...nosniff, frameOptions: { frameOption: 'DENY', override: true } })).not.toContain('x-frame-options');
  });

  it('is unresolved when a header entry is known only at deploy time', () => {
    expect(judgeWith({ ...nosniff, frameOptions: Fn.conditionIf('Strict', { frameOption: 'DENY', override: true }, Fn.ref('AWS::NoValue')) })).toEqual(
      UNRESOLVED,
    );
  });
});
