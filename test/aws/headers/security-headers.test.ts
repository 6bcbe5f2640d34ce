import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { HardenedDistribution } from '../../../lib/aws/headers/hardened-distribution';
import { SecurityHeaders } from '../../../lib/aws/headers/security-headers';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { type HardeningProfileInput, Preset, Profile } from '../../../lib/tooling';
import { WebAclScope } from '../../../lib/aws/waf/web-acl-scope';
import { HardeningValidationError } from '../../../lib/core/hardening-validation-error';

const env = { account: '123456789012', region: 'us-east-1' };
const headersFor = (input: Partial<HardeningProfileInput> = {}) => {
  const stack = new Stack(new App(), 'Stack', { env });
  new SecurityHeaders(stack, 'Headers', { profile: Profile.fromObject({ name: 'demo', ...input }) });
  return Template.fromStack(stack);
};

describe('SecurityHeaders', () => {
  it('renders every security header from the profile, overriding the origin', () => {
    headersFor({ extends: 'strict' } as never).hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'self'; base-uri 'none'; connect-src 'self'; "),
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          XSSProtection: { Protection: true, ModeBlock: true, Override: true },
        },
        CustomHeadersConfig: { Items: [{ Header: 'Permissions-Policy', Value: 'camera=(), geolocation=(), microphone=(), payment=()', Override: true }] },
        CorsConfig: Match.absent(),
      },
    });
  });

  it('adds CORS for the allowlisted origins, with credentials when asked', () => {
    headersFor({
      cors: { allowedOrigins: ['https://app.example.com'], allowCredentials: true, allowedMethods: ['GET', 'POST'], maxAgeSeconds: 600 },
    }).hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        CorsConfig: {
          AccessControlAllowOrigins: { Items: ['https://app.example.com'] },
          AccessControlAllowCredentials: true,
          AccessControlAllowMethods: { Items: ['GET', 'POST'] },
          AccessControlAllowHeaders: { Items: ['Authorization', 'Content-Type', 'X-Request-ID'] },
          AccessControlMaxAgeSec: 600,
          OriginOverride: true,
        },
      },
    });
  });

  it('refuses a wildcard origin with credentials and HSTS under a year, all at once, naming the fields', () => {
    expect(() => headersFor({ cors: { allowedOrigins: ['*'], allowCredentials: true }, tls: { hsts: { maxAgeSeconds: 86_400 } } })).toThrow(
      /2 problems:\n- tls.hsts.maxAgeSeconds: 86400 s is under one year; set 31536000 or more\n- cors.allowedOrigins: "\*" with allowCredentials: true/,
    );
  });

  it('refuses a CSP longer than CloudFront accepts', () => {
    const sources = Array.from({ length: 80 }, (_, i) => `https://cdn${i}.example.com`);
    expect(() => headersFor({ headers: { contentSecurityPolicy: { 'default-src': ["'self'"], 'script-src': sources } } })).toThrow(
      /- headers.contentSecurityPolicy: renders to \d+ characters; CloudFront accepts at most 1783/,
    );
  });
});

describe('HardenedDistribution', () => {
  const origin = new origins.HttpOrigin('origin.example.com');

  it('redirects to HTTPS, enforces the TLS floor, sends the headers, attaches the Web ACL and logs', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const profile = Profile.fromPreset(Preset.STRICT, 'demo', {});
    const webAcl = new HardenedWebAcl(stack, 'Waf', { profile, webAclScope: WebAclScope.CLOUDFRONT });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    new HardenedDistribution(stack, 'Cdn', { origin, profile, webAcl, certificate, domainNames: ['www.example.com'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^CdnHeaders') } },
        ViewerCertificate: { MinimumProtocolVersion: 'TLSv1.3_2025', SslSupportMethod: 'sni-only' },
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Waf'), 'Arn'] },
        Logging: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdnLogs'), 'RegionalDomainName'] } },
        HttpVersion: 'http2and3',
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      BucketEncryption: Match.anyValue(),
    });
  });

  it('takes the rest of each behavior from you (methods, cache policy, more paths), keeping HTTPS and the headers on all', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    new HardenedDistribution(stack, 'Cdn', {
      origin,
      profile: Profile.fromPreset(Preset.STRICT, 'demo'),
      defaultBehavior: { allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED },
      additionalBehaviors: { '/static/*': { origin: new origins.HttpOrigin('static.example.com') } },
    });
    const template = Template.fromStack(stack);
    const enforced = { ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^CdnHeaders') } };
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: { ...enforced, AllowedMethods: Match.arrayWith(['POST']), CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
        CacheBehaviors: [Match.objectLike({ ...enforced, PathPattern: '/static/*' })],
      },
    });
    expect(
      new BulwarkChecks()
        .validateScope(stack)
        .violations.map((v) => v.ruleName)
        .filter((name) => name.startsWith('Bulwark-CF2')),
    ).toEqual([]);
  });

  describe('refuses what it enforces in a behavior, naming the field', () => {
    const policy = (stack: Stack) =>
      new cloudfront.ResponseHeadersPolicy(stack, 'Mine', { securityHeadersBehavior: { contentTypeOptions: { override: true } } });
    const viewer = /redirect-to-https[\s\S]*leave viewerProtocolPolicy out/;
    const headers = /every behavior sends the same response headers policy[\s\S]*HardenedDistribution's responseHeadersPolicy prop/;

    it('defaultBehavior.viewerProtocolPolicy', () => {
      const stack = new Stack(new App(), 'Stack', { env });
      expect(
        () => new HardenedDistribution(stack, 'Cdn', { origin, defaultBehavior: { viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL } }),
      ).toThrow(
        'Stack/Cdn: 1 problem:\n- defaultBehavior.viewerProtocolPolicy: got "allow-all", but HardenedDistribution sets every behavior to ViewerProtocolPolicy.REDIRECT_TO_HTTPS ("redirect-to-https") and takes no other; leave viewerProtocolPolicy out',
      );
    });

    it('defaultBehavior.responseHeadersPolicy', () => {
      const stack = new Stack(new App(), 'Stack', { env });
      expect(() => new HardenedDistribution(stack, 'Cdn', { origin, defaultBehavior: { responseHeadersPolicy: policy(stack) } })).toThrow(
        /- defaultBehavior\.responseHeadersPolicy: got the response headers policy Stack\/Mine, but every behavior sends/,
      );
    });

    it('additionalBehaviors["/api/*"].viewerProtocolPolicy', () => {
      const stack = new Stack(new App(), 'Stack', { env });
      expect(
        () =>
          new HardenedDistribution(stack, 'Cdn', {
            origin,
            additionalBehaviors: { '/api/*': { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY } },
          }),
      ).toThrow(/- additionalBehaviors\["\/api\/\*"\]\.viewerProtocolPolicy: got "https-only", but HardenedDistribution sets every behavior/);
    });

    it('additionalBehaviors["/api/*"].responseHeadersPolicy, naming a managed policy by its ID', () => {
      const stack = new Stack(new App(), 'Stack', { env });
      expect(
        () =>
          new HardenedDistribution(stack, 'Cdn', {
            origin,
            additionalBehaviors: { '/api/*': { origin, responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS } },
          }),
      ).toThrow(/- additionalBehaviors\["\/api\/\*"\]\.responseHeadersPolicy: got response headers policy 67f7725c-6f97-4210-82d7-5512b31e9d03, but/);
    });

    it('all at once, with the other problems', () => {
      const stack = new Stack(new App(), 'Stack', { env });
      const build = () =>
        new HardenedDistribution(stack, 'Cdn', {
          origin,
          domainNames: ['www.example.com'],
          defaultBehavior: { viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, responseHeadersPolicy: policy(stack) },
          additionalBehaviors: {
            '/static/*': { origin, allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD },
            '/api/*': {
              origin,
              viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL,
              responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.CORS_ALLOW_ALL_ORIGINS,
            },
          },
        });
      let error: unknown;
      try {
        build();
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(HardeningValidationError);
      const problems = (error as HardeningValidationError).problems;
      expect(problems.map((p) => p.field)).toEqual([
        'domainNames',
        'defaultBehavior.viewerProtocolPolicy',
        'defaultBehavior.responseHeadersPolicy',
        'additionalBehaviors["/api/*"].viewerProtocolPolicy',
        'additionalBehaviors["/api/*"].responseHeadersPolicy',
      ]);
      expect(problems[1].message).toMatch(viewer);
      expect(problems[2].message).toMatch(headers);
      expect(problems[3].message).toMatch(viewer);
      expect(problems[4].message).toMatch(headers);
    });
  });

  it('sends the responseHeadersPolicy prop on every behavior and redirects all to HTTPS, whatever else the behaviors say', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const mine = new cloudfront.ResponseHeadersPolicy(stack, 'Mine', { securityHeadersBehavior: { contentTypeOptions: { override: true } } });
    new HardenedDistribution(stack, 'Cdn', {
      origin,
      responseHeadersPolicy: mine,
      defaultBehavior: { allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL },
      additionalBehaviors: { '/api/*': { origin, allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL, compress: false } },
    });
    const enforced = { ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^Mine') } };
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: { ...enforced, AllowedMethods: Match.arrayWith(['POST']) },
        CacheBehaviors: [Match.objectLike({ ...enforced, PathPattern: '/api/*', AllowedMethods: Match.arrayWith(['POST']), Compress: false })],
      },
    });
  });

  it('refuses domain names without a certificate', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    expect(() => new HardenedDistribution(stack, 'Cdn', { origin, domainNames: ['www.example.com'] })).toThrow(
      /- domainNames: alternate domain names need a certificate/,
    );
  });

  it('warns that the default certificate accepts TLS 1.0', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    new HardenedDistribution(stack, 'Cdn', { origin });
    Annotations.fromStack(stack).hasWarning('/Stack/Cdn', Match.stringLikeRegexp('accepts TLS 1.0'));
  });

  it('warns when a load balancer origin does not admit CloudFront alone (network.origin.behind not cloudfront), naming the fix', () => {
    const withLoadBalancer = (input: Partial<HardeningProfileInput>, where: 'default' | 'additional' = 'default') => {
      const stack = new Stack(new App(), 'Stack', { env });
      const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: new ec2.Vpc(stack, 'Vpc'), internetFacing: true });
      const albOrigin = new origins.LoadBalancerV2Origin(loadBalancer);
      new HardenedDistribution(stack, 'Cdn', {
        origin: where === 'default' ? albOrigin : origin,
        ...(where === 'additional' ? { additionalBehaviors: { '/api/*': { origin: albOrigin } } } : {}),
        profile: Profile.fromObject({ name: 'demo', ...input }),
      });
      return Annotations.fromStack(stack)
        .findWarning('/Stack/Cdn', Match.stringLikeRegexp('the origin is a load balancer'))
        .map((w) => String(w.entry.data));
    };
    const fix = /set network\.origin\.behind: cloudfront and pass EdgeSecurityGroups cloudFrontPrefixList/;
    const [internet] = withLoadBalancer({});
    expect(internet).toMatch(/network\.origin\.behind is internet: it answers the internet directly/);
    expect(internet).toMatch(fix);
    const [cloudflare] = withLoadBalancer({ edges: ['aws', 'cloudflare'] }, 'additional');
    expect(cloudflare).toMatch(/behind is cloudflare: its security group admits Cloudflare's ranges, not CloudFront/);
    expect(cloudflare).toMatch(fix);
    expect(withLoadBalancer({ network: { origin: { behind: 'cloudfront' } } })).toEqual([]);
  });

  it('refuses a regional Web ACL and TLS 1.0', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const regional = HardenedWebAcl.fromWebAclArn(stack, 'Regional', 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1');
    expect(
      () => new HardenedDistribution(stack, 'Cdn', { origin, webAcl: regional, profile: Profile.fromObject({ name: 'demo', tls: { minVersion: '1.0' } }) }),
    ).toThrow(/- tls.minVersion: TLS 1\.0 is not deployed[\s\S]*- webAcl: a distribution needs a CLOUDFRONT-scope Web ACL/);
  });
});
