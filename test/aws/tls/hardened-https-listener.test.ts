import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { HardenedHttpsListener } from '../../../lib/aws/tls/hardened-https-listener';
import { type HardeningProfileInput, Profile } from '../../../lib/tooling';

const certificate = elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:123456789012:certificate/abc');

function build(profile: Partial<HardeningProfileInput> = {}, extra: Partial<ConstructorParameters<typeof HardenedHttpsListener>[2]> = {}) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const listener = new HardenedHttpsListener(stack, 'Https', {
    loadBalancer,
    certificates: [certificate],
    profile: Profile.fromObject({ name: 'demo', ...profile }),
    ...extra,
  });
  return { stack, listener, template: Template.fromStack(stack) };
}

const attribute = (Key: string, Value: string) => Match.objectLike({ LoadBalancerAttributes: Match.arrayWith([{ Key, Value }]) });

describe('HardenedHttpsListener', () => {
  it.each([
    [{ minVersion: '1.2' }, 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06'],
    [{ minVersion: '1.2', ciphers: 'compatible' }, 'ELBSecurityPolicy-TLS13-1-2-2021-06'],
    [{ minVersion: '1.3' }, 'ELBSecurityPolicy-TLS13-1-3-2021-06'],
    [{ minVersion: '1.2', postQuantum: true }, 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09'],
    [{ minVersion: '1.2', ciphers: 'compatible', postQuantum: true }, 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09'],
    [{ minVersion: '1.3', postQuantum: true }, 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09'],
  ] as const)('listens on 443 with the policy for %j', (tls, sslPolicy) => {
    build({ tls }).template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: sslPolicy,
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'application/json' } }],
    });
  });

  it('answers HTTP only with a permanent redirect to HTTPS', () => {
    build().template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  it('drops invalid headers, mitigates desync, protects production from deletion and logs access', () => {
    const { template } = build();
    for (const [key, value] of [
      ['routing.http.drop_invalid_header_fields.enabled', 'true'],
      ['routing.http.desync_mitigation_mode', 'defensive'],
      ['deletion_protection.enabled', 'true'],
      ['access_logs.s3.enabled', 'true'],
    ]) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', attribute(key, value));
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90 })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('leaves deletion protection off outside production, and uses strictest desync when asked', () => {
    const { template } = build({ environment: 'staging' }, { desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', attribute('deletion_protection.enabled', 'false'));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', attribute('routing.http.desync_mitigation_mode', 'strictest'));
  });

  it('opens to the internet only the ports the profile lists', () => {
    const { template } = build({ network: { ingressPorts: [443] } });
    const [group] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('Alb') } })) as {
      Properties: { SecurityGroupIngress: { FromPort: number }[] };
    }[];
    expect(group.Properties.SecurityGroupIngress.map((rule) => rule.FromPort)).toEqual([443]);
  });

  it('opens nothing to the internet when a proxy fronts the origin (network.origin), leaving the ingress to EdgeSecurityGroups', () => {
    for (const profile of [{ edges: ['aws' as const, 'cloudflare' as const] }, { network: { origin: { behind: 'cloudfront' as const } } }]) {
      const { template } = build(profile);
      const [group] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('Alb') } })) as {
        Properties: { SecurityGroupIngress?: unknown[] };
      }[];
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    }
  });

  it('skips access logs, with a warning, when the stack has no region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new HardenedHttpsListener(stack, 'Https', { loadBalancer: new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc }), certificates: [certificate] });
    Annotations.fromStack(stack).hasWarning('/Agnostic/Https', Match.stringLikeRegexp('access logs are not turned on'));
  });

  it('can skip the redirect listener and access logs', () => {
    const { template, listener } = build({}, { redirectHttp: false, accessLogs: false });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }])),
    });
    expect(listener.httpRedirectListener).toBeUndefined();
  });

  it('refuses desync mitigation MONITOR', () => {
    expect(() => build({}, { desyncMitigationMode: elbv2.DesyncMitigationMode.MONITOR })).toThrow(/- desyncMitigationMode: MONITOR only logs requests/);
  });

  it('refuses a bucket for access logs it is told not to write', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
    const accessLogsBucket = new s3.Bucket(stack, 'Logs');
    expect(() => new HardenedHttpsListener(stack, 'Https', { loadBalancer, certificates: [certificate], accessLogs: false, accessLogsBucket })).toThrow(
      /- accessLogsBucket: accessLogs is false, so no log goes to this bucket/,
    );
  });

  it.each(['1.0', '1.1'] as const)('refuses TLS %s, naming the profile field', (minVersion) => {
    expect(() => build({ tls: { minVersion } })).toThrow(new RegExp(`- tls.minVersion: TLS ${minVersion.replace('.', '\\.')} is not deployed`));
  });

  it('reports what it cannot set on an imported load balancer', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Existing', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1',
      securityGroupId: 'sg-12345678',
    });
    new HardenedHttpsListener(stack, 'Https', { loadBalancer, certificates: [certificate] });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Https', Match.stringLikeRegexp('is imported: set routing.http.drop_invalid_header_fields.enabled=true'));
  });

  describe('response headers on the listener itself', () => {
    const listenerAttribute = (Key: string, Value: string) => Match.objectLike({ Protocol: 'HTTPS', ListenerAttributes: Match.arrayWith([{ Key, Value }]) });

    it("sends the profile's HSTS, CSP, nosniff and X-Frame-Options, and no Server header", () => {
      const { template } = build();
      for (const [key, value] of [
        ['routing.http.response.strict_transport_security.header_value', 'max-age=31536000; includeSubDomains'],
        [
          'routing.http.response.content_security_policy.header_value',
          "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
        ],
        ['routing.http.response.x_content_type_options.header_value', 'nosniff'],
        ['routing.http.response.x_frame_options.header_value', 'DENY'],
        ['routing.http.response.server.enabled', 'false'],
      ]) {
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', listenerAttribute(key, value));
      }
    });

    it('sets no CORS header when the profile allows no cross-origin request', () => {
      const { template } = build();
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        ListenerAttributes: Match.not(Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp('access_control') })])),
      });
    });

    it('strips the Server header on the redirect listener and sends it no HSTS (browsers ignore HSTS over HTTP)', () => {
      const { template } = build();
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTP',
        ListenerAttributes: [{ Key: 'routing.http.response.server.enabled', Value: 'false' }],
      });
    });

    it('sends CORS for a single origin, with credentials, methods, headers and max-age as the profile says', () => {
      const { template } = build({
        cors: {
          allowedOrigins: ['https://app.example.com'],
          allowCredentials: true,
          allowedMethods: ['GET', 'POST'],
          allowedHeaders: ['Content-Type'],
          maxAgeSeconds: 300,
        },
      });
      for (const [key, value] of [
        ['routing.http.response.access_control_allow_origin.header_value', 'https://app.example.com'],
        ['routing.http.response.access_control_allow_credentials.header_value', 'true'],
        ['routing.http.response.access_control_allow_methods.header_value', 'GET, POST'],
        ['routing.http.response.access_control_allow_headers.header_value', 'Content-Type'],
        ['routing.http.response.access_control_max_age.header_value', '300'],
      ]) {
        template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', listenerAttribute(key, value));
      }
    });

    it('sends "*" for any origin, without credentials', () => {
      const { template } = build({ cors: { allowedOrigins: ['*'] } });
      template.hasResourceProperties(
        'AWS::ElasticLoadBalancingV2::Listener',
        listenerAttribute('routing.http.response.access_control_allow_origin.header_value', '*'),
      );
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        ListenerAttributes: Match.not(Match.arrayWith([Match.objectLike({ Key: 'routing.http.response.access_control_allow_credentials.header_value' })])),
      });
    });

    it('refuses "*" with credentials, naming the profile field', () => {
      expect(() => build({ cors: { allowedOrigins: ['*'], allowCredentials: true } })).toThrow(/- cors\.allowedOrigins: "\*" with allowCredentials: true/);
    });

    it('leaves CORS for several origins to the application, with a warning naming them', () => {
      const { stack, template } = build({ cors: { allowedOrigins: ['https://a.example.com', 'https://b.example.com'] } });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Protocol: 'HTTPS',
        ListenerAttributes: Match.not(Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp('access_control') })])),
      });
      Annotations.fromStack(stack).hasWarning(
        '/Stack/Https',
        Match.stringLikeRegexp('one static Access-Control-Allow-Origin value.*https://a.example.com, https://b.example.com'),
      );
    });

    it('says which profile headers an ALB cannot send', () => {
      const { stack } = build();
      Annotations.fromStack(stack).hasInfo('/Stack/Https', Match.stringLikeRegexp('cannot set Permissions-Policy, Referrer-Policy, X-XSS-Protection'));
    });
  });
});
