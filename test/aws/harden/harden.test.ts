import { App, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as rds from 'aws-cdk-lib/aws-rds';
import { describe, expect, it } from 'vitest';
import { Harden } from '../../../lib/aws/harden/harden';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { readCloudAssemblyFindings } from '../../../lib/checks/report/read-cloud-assembly';
import { extendPreset, Preset, Profile, toProfile } from '../../../lib/tooling';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';

/** A typical app written without Bulwark: a Fargate service behind an ALB, an RDS database and its secret, a REST API. */
function typicalApp() {
  const app = new App();
  const stack = new Stack(app, 'Shop', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const certificate = new acm.Certificate(stack, 'Cert', { domainName: 'shop.example.com' });
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    vpc,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('nginx') },
    certificate,
    redirectHTTP: false,
  });
  const http = web.loadBalancer.addListener('Http', { port: 80, defaultTargetGroups: [web.targetGroup] });
  // A rule answers before the default action: plain HTTP would still be served on /api/*.
  http.addAction('Api', {
    priority: 10,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
    action: elbv2.ListenerAction.forward([web.targetGroup]),
  });
  new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  const api = new apigw.RestApi(stack, 'Api');
  api.root.addMethod('GET');
  return { app, stack, web };
}

describe('Harden.apply on a typical app written without Bulwark', () => {
  const { app, stack, web } = typicalApp();
  const report = Harden.apply(app, { profile: Profile.fromPreset(Preset.STRICT, 'shop') });
  const template = Template.fromStack(stack);

  it('attaches one Web ACL to the ALB and the REST API stage', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: Match.stringLikeRegexp('^WebLB') } });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('::/restapis/$')])] },
    });
  });

  it('sets the TLS policy of the HTTPS listener and turns the HTTP listener into a redirect', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    expect(report.changes.map((c) => c.message)).toContainEqual(
      expect.stringMatching(/now redirects to HTTPS \(301\), as its HTTP listener .*Http\/Resource does/),
    );
  });

  it('drops invalid headers and mitigates desync on the ALB', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' },
      ]),
    });
  });

  it('alarms on the certificate expiry, with an action', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Threshold: 30, AlarmActions: Match.anyValue() });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DaysToExpiry', Threshold: 7 });
  });

  it("reports the service's security group, behind the load balancer with all outbound open, as a finding it leaves to the app", () => {
    expect(report.findings).toEqual([
      {
        constructPath: expect.stringMatching(/^Shop\/Web\/Service\/SecurityGroup\/Resource$/),
        kind: 'finding',
        message: expect.stringMatching(
          /^is behind a load balancer and may connect to the whole internet \(all\): give it egress rules to its dependencies only/,
        ),
      },
    ]);
  });

  it('reports every change as an info annotation, and nothing else left it cannot fix', () => {
    expect(report.changes.map((c) => c.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/attached the Bulwark Web ACL/),
        expect.stringMatching(/now only redirects to HTTPS/),
        expect.stringMatching(/uses the TLS policy/),
      ]),
    );
    Annotations.fromStack(stack).hasInfo(`/${web.loadBalancer.node.path}/Resource`, Match.stringLikeRegexp('Bulwark: attached the Bulwark Web ACL'));
    expect(report.findings.map((finding) => finding.constructPath)).toEqual([expect.stringMatching(/SecurityGroup\/Resource$/)]);
  });

  it("adds single-user rotation to the RDS secret, within the profile's maximum", () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^DbSecret') },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    expect(report.changes.map((c) => c.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^rotates every 30 days \(single-user rotation of Shop\/Db\)/)]),
    );
    expect(report.findings.map((f) => f.message)).not.toEqual(expect.arrayContaining([expect.stringMatching(/does not rotate/)]));
  });

  it('moves the secret to a rotating customer-managed key that existing readers can still use through Secrets Manager', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BulwarkSecretsKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'UseThroughSecretsManagerInThisAccount',
            Condition: { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          }),
        ]),
      },
    });
  });

  it("makes the HTTPS listener send the profile's security headers itself, without a Server header", () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      ListenerAttributes: Match.arrayWith([
        { Key: 'routing.http.response.strict_transport_security.header_value', Value: Match.stringLikeRegexp('^max-age=') },
        { Key: 'routing.http.response.x_content_type_options.header_value', Value: 'nosniff' },
        { Key: 'routing.http.response.server.enabled', Value: 'false' },
      ]),
    });
  });

  it('leaves only the findings it reported for BulwarkChecks on the edge', () => {
    const remaining = new BulwarkChecks(undefined, { profile: Profile.fromPreset(Preset.STRICT, 'shop') }).validateScope(app).violations.map((v) => v.ruleName);
    for (const fixed of ['Bulwark-WAF1', 'Bulwark-ELB1', 'Bulwark-ELB2', 'Bulwark-ELB3', 'Bulwark-ELB5', 'Bulwark-ACM1', 'Bulwark-SEC1', 'Bulwark-SEC2'])
      expect(remaining).not.toContain(fixed);
  });
});

describe('Harden.apply on what it cannot fix in place', () => {
  const app = new App();
  const stack = new Stack(app, 'Legacy', { env: { account: '123456789012', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  new secretsmanager.Secret(stack, 'ApiKey');
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  loadBalancer.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
  new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') } });
  const report = Harden.apply(app, { profile: Profile.fromPreset(Preset.STRICT, 'legacy') });
  const findingAt = (path: string) => report.findings.find((finding) => finding.constructPath.startsWith(path))?.message;

  it('reports a secret it cannot rotate, and still moves it to a customer-managed key', () => {
    expect(findingAt('Legacy/ApiKey')).toMatch(/does not rotate and is not an RDS database's secret/);
    expect(report.changes.map((c) => c.constructPath)).toContain('Legacy/ApiKey/Resource');
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: Match.anyValue() });
  });

  it('reports a CloudFront distribution without a Web ACL and an HTTP listener with nothing to redirect to', () => {
    expect(findingAt('Legacy/Cdn')).toMatch(/has no Web ACL, which needs a CLOUDFRONT-scope ACL in us-east-1/);
    expect(findingAt('Legacy/Alb/Http')).toMatch(/serves plain HTTP and its load balancer has no HTTPS listener/);
  });

  it('makes every finding a warning annotation on its construct', () => {
    expect(report.findings).toHaveLength(4);
    for (const finding of report.findings)
      Annotations.fromStack(stack).hasWarning(`/${finding.constructPath}`, Match.stringLikeRegexp('^Bulwark cannot fix this in place: it '));
  });
});

describe('Harden.apply on a CloudFront distribution', () => {
  const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stack = new Stack(app, 'Site', { env: { account: '123456789012', region: 'us-east-1' } });
  const origin = new origins.HttpOrigin('origin.example.com');
  const headers = new cloudfront.ResponseHeadersPolicy(stack, 'OwnHeaders', {
    securityHeadersBehavior: { contentTypeOptions: { override: true } },
  });
  new cloudfront.Distribution(stack, 'Open', {
    defaultBehavior: { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL },
    additionalBehaviors: {
      '/api/*': { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL, responseHeadersPolicy: headers },
      '/static/*': { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY },
    },
  });
  new cloudfront.Distribution(stack, 'Named', {
    defaultBehavior: { origin, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
    domainNames: ['www.example.com'],
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2016,
  });
  const report = Harden.apply(app, { profile: Profile.fromPreset(Preset.STRICT, 'site') });
  Validations.of(app).addPlugins(new BulwarkChecks(app, { profile: Profile.fromPreset(Preset.STRICT, 'site') }));
  const template = Template.fromStack(stack);
  const configOf = (id: string) =>
    Object.values(template.findResources('AWS::CloudFront::Distribution')).find((_, at) =>
      Object.keys(template.findResources('AWS::CloudFront::Distribution'))[at].startsWith(id),
    )!.Properties.DistributionConfig;

  it('makes every behavior that allows plain HTTP redirect it to HTTPS, and leaves HTTPS-only as it is', () => {
    const config = configOf('Open');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CacheBehaviors.map((b: { PathPattern: string; ViewerProtocolPolicy: string }) => [b.PathPattern, b.ViewerProtocolPolicy])).toEqual([
      ['/api/*', 'redirect-to-https'],
      ['/static/*', 'https-only'],
    ]);
  });

  it("gives the profile's security headers to behaviors without a response headers policy, one policy per stack, and keeps the app's own", () => {
    template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 2);
    const bulwark = Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find((id) => id.startsWith('BulwarkSecurityHeaders'))!;
    const own = Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy')).find((id) => id.startsWith('OwnHeaders'))!;
    const config = configOf('Open');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: bulwark });
    expect(config.CacheBehaviors[0].ResponseHeadersPolicyId).toEqual({ Ref: own });
    expect(config.CacheBehaviors[1].ResponseHeadersPolicyId).toEqual({ Ref: bulwark });
    expect(configOf('Named').DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: bulwark });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({ StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000, Override: true }) }),
      }),
    });
  });

  it("raises a distribution's own certificate to the profile's TLS policy, and reports the default certificate it cannot replace", () => {
    expect(configOf('Named').ViewerCertificate.MinimumProtocolVersion).toBe('TLSv1.3_2025'); // the strict preset's TLS 1.3
    expect(
      report.findings.find((finding) => finding.constructPath === 'Site/Open/Resource' && /default certificate, which accepts TLS 1\.0/.test(finding.message)),
    ).toBeDefined();
    expect(report.findings.filter((finding) => finding.constructPath === 'Site/Named/Resource').map((finding) => finding.message)).toEqual([
      expect.stringMatching(/has no Web ACL/),
    ]);
  });

  it("leaves no CloudFront finding of BulwarkChecks but those it reported: the Web ACLs, the default certificate and the app's own headers policy", () => {
    const outdir = app.synth().directory;
    const found = readCloudAssemblyFindings(outdir)
      .filter((finding) => /^Bulwark-(CF|WAF1)/.test(finding.id))
      .map((finding) => `${finding.id} ${finding.location.kind === 'resource' ? finding.location.logicalId : ''}`);
    expect(found.sort()).toEqual([
      expect.stringMatching(/^Bulwark-CF1 Open/),
      expect.stringMatching(/^Bulwark-CF2\[no-hsts:\/api\/\*\] Open/),
      expect.stringMatching(/^Bulwark-CF3\[content-security-policy:\/api\/\*\] Open/),
      expect.stringMatching(/^Bulwark-CF3\[referrer-policy:\/api\/\*\] Open/),
      expect.stringMatching(/^Bulwark-CF3\[x-frame-options:\/api\/\*\] Open/),
      expect.stringMatching(/^Bulwark-WAF1 Named/),
      expect.stringMatching(/^Bulwark-WAF1 Open/),
    ]);
    const openFindings = report.findings.filter((finding) => finding.constructPath === 'Site/Open/Resource').map((finding) => finding.message);
    expect(openFindings).toContainEqual(expect.stringMatching(/^its behavior \/api\/\* has a response headers policy of its own, left as it is/));
  });
});

describe('Harden.apply on TLS policies that already meet the profile', () => {
  /** An ALB HTTPS listener and a distribution with its own certificate, each on the given policy, hardened with the baseline preset. */
  function hardened(sslPolicy: string, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol, profile = extendPreset('baseline', { name: 'site' })) {
    const app = new App();
    const stack = new Stack(app, 'Site', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    loadBalancer.addListener('Https', {
      port: 443,
      certificates: [certificate],
      sslPolicy: sslPolicy as elbv2.SslPolicy,
      defaultAction: elbv2.ListenerAction.fixedResponse(200),
    });
    new cloudfront.Distribution(stack, 'Named', {
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
      domainNames: ['www.example.com'],
      certificate,
      minimumProtocolVersion,
    });
    const report = Harden.apply(app, { profile: toProfile(profile) });
    const template = Template.fromStack(stack);
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    const listener = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener'))[0];
    return {
      sslPolicy: listener.Properties.SslPolicy,
      minimumProtocolVersion: distribution.Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion,
      tlsChanges: report.changes.map((change) => change.message).filter((message) => /TLS policy/.test(message)),
    };
  }

  it('leaves TLS 1.3-only policies alone under the baseline profile (TLS 1.2 floor), reporting no change', () => {
    const result = hardened('ELBSecurityPolicy-TLS13-1-3-2021-06', cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025);
    expect(result.sslPolicy).toBe('ELBSecurityPolicy-TLS13-1-3-2021-06');
    expect(result.minimumProtocolVersion).toBe('TLSv1.3_2025');
    expect(result.tlsChanges).toEqual([]);
  });

  it('leaves another policy that meets the floor and ciphers alone (TLSv1.2_2025, the restricted ALB one)', () => {
    const result = hardened('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025);
    expect([result.sslPolicy, result.minimumProtocolVersion, result.tlsChanges]).toEqual(['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'TLSv1.2_2025', []]);
  });

  it('replaces a policy whose ciphers fall short, saying why', () => {
    const result = hardened('ELBSecurityPolicy-TLS13-1-2-2021-06', cloudfront.SecurityPolicyProtocol.TLS_V1_2_2019);
    expect(result.sslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-Res-2021-06');
    expect(result.minimumProtocolVersion).toBe('TLSv1.2_2021');
    expect(result.tlsChanges).toEqual([
      expect.stringMatching(/^accepts viewers with the TLS policy TLSv1\.2_2021 \(its policy offered cipher suites/),
      expect.stringMatching(/^uses the TLS policy ELBSecurityPolicy-TLS13-1-2-Res-2021-06 \(its policy offered cipher suites/),
    ]);
  });

  it('replaces a TLS 1.2 policy under a TLS 1.3 floor, and an unknown policy, saying so without naming it', () => {
    const strict = hardened(
      'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      extendPreset('strict', { name: 'site' }),
    );
    expect([strict.sslPolicy, strict.minimumProtocolVersion]).toEqual(['ELBSecurityPolicy-TLS13-1-3-2021-06', 'TLSv1.3_2025']);
    expect(strict.tlsChanges).toEqual([
      expect.stringMatching(/accepted TLS 1\.2 under the profile's TLS 1\.3 floor/),
      expect.stringMatching(/accepted TLS 1\.2/),
    ]);
    const unknown = hardened('ELBSecurityPolicy-Custom-2031-01', 'TLSv1.9_2031' as cloudfront.SecurityPolicyProtocol);
    expect([unknown.sslPolicy, unknown.minimumProtocolVersion]).toEqual(['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'TLSv1.2_2021']);
    expect(unknown.tlsChanges).toEqual([expect.stringMatching(/was one Bulwark does not know/), expect.stringMatching(/was one Bulwark does not know/)]);
    expect(unknown.tlsChanges.join(' ')).not.toMatch(/Custom-2031|TLSv1\.9/);
  });
});

describe('Harden.apply on a listener policy without the post-quantum key exchange tls.postQuantum asks for', () => {
  it('replaces it by the post-quantum variant, and keeps one that has it', () => {
    const app = new App();
    const stack = new Stack(app, 'Site');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const certificates = [acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc')];
    const defaultAction = elbv2.ListenerAction.fixedResponse(200);
    loadBalancer.addListener('Plain', { port: 443, certificates, sslPolicy: elbv2.SslPolicy.TLS13_13, defaultAction });
    loadBalancer.addListener('Pq', { port: 8443, certificates, sslPolicy: elbv2.SslPolicy.TLS13_13_PQ, defaultAction });
    const report = Harden.apply(app, { profile: Profile.fromPreset(Preset.STRICT, 'site', { tls: { postQuantum: true } }) });
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::Listener')).map((l) => l.Properties.SslPolicy);
    expect(policies).toEqual(['ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', 'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09']);
    expect(report.changes.map((change) => change.message).filter((message) => /TLS policy/.test(message))).toEqual([
      expect.stringMatching(/had no post-quantum key exchange, which tls\.postQuantum asks for/),
    ]);
  });
});

describe('Harden.apply on open egress written as a standalone rule', () => {
  it('reports an app security group whose AWS::EC2::SecurityGroupEgress opens all outbound', () => {
    const app = new App();
    const stack = new Stack(app, 'Shop');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const appGroup = new ec2.SecurityGroup(stack, 'AppSg', { vpc, allowAllOutbound: false });
    appGroup.addIngressRule(loadBalancer.connections.securityGroups[0], ec2.Port.tcp(8080));
    new ec2.CfnSecurityGroupEgress(stack, 'OpenEgress', { groupId: appGroup.securityGroupId, ipProtocol: '-1', cidrIp: '0.0.0.0/0' });
    const report = Harden.apply(app);
    expect(report.findings.filter((finding) => finding.constructPath === 'Shop/AppSg/Resource').map((finding) => finding.message)).toEqual([
      expect.stringMatching(/^is behind a load balancer and may connect to the whole internet \(all\)/),
    ]);
  });
});

describe('Harden.apply on a Classic Load Balancer', () => {
  it('reports one facing the internet, which it cannot protect or redirect, and leaves an internal one to the edge in front of it', () => {
    const app = new App();
    const stack = new Stack(app, 'Old');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new elb.LoadBalancer(stack, 'Public', { vpc, internetFacing: true, listeners: [{ externalPort: 80 }] });
    new elb.LoadBalancer(stack, 'Private', { vpc, internetFacing: false, listeners: [{ externalPort: 80 }] });
    const report = Harden.apply(app);
    expect(report.findings.map((finding) => [finding.constructPath, finding.message])).toEqual([
      ['Old/Public/Resource', expect.stringMatching(/^is a Classic Load Balancer: no Web ACL can be associated with it and it cannot redirect HTTP to HTTPS/)],
    ]);
    // CloudFront VPC origins take an ALB, NLB or EC2 instance: putting a Classic Load Balancer behind an edge is no way out.
    expect(report.findings[0].message).toMatch(
      /replace it by an Application Load Balancer \(HardenedHttpsListener\): CloudFront VPC origins take an ALB, NLB or EC2 instance, not a Classic Load Balancer$/,
    );
    expect(report.findings[0].message).not.toMatch(/internal/);
  });
});

describe('Harden.apply output under the CloudFormation validator', () => {
  useCloudFormationValidator();

  it('passes strict validation on the typical app, rotation and key included', () => {
    const violations = synthValidated((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
      new rds.DatabaseInstance(stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc, storageEncrypted: true }); // unencrypted storage is the app's own warning, not Harden's
      new secretsmanager.Secret(stack, 'ApiKey');
      const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
      loadBalancer.addListener('Https', {
        port: 443,
        certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc')],
        defaultAction: elbv2.ListenerAction.fixedResponse(200),
      });
      loadBalancer.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
      Harden.apply(stack, { profile: Profile.fromPreset(Preset.STRICT, 'shop') });
    });
    expect(violations).toEqual([]);
  });
});

describe('Harden.apply and network.requireImdsv2', () => {
  function fleet(requireImdsv2: boolean) {
    const app = new App();
    const stack = new Stack(app, 'Fleet', { env: { account: '123456789012', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new ec2.Instance(stack, 'Worker', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    const report = Harden.apply(app, { profile: Profile.fromPreset(Preset.STRICT, 'fleet', { network: { requireImdsv2 } }) });
    return { report, template: Template.fromStack(stack) };
  }

  it('makes every instance require IMDSv2 with a hop limit of 1 when the profile asks (the default), and reports it', () => {
    const { report, template } = fleet(true);
    template.hasResourceProperties('AWS::EC2::Instance', { MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' } });
    expect(report.changes).toContainEqual({
      constructPath: 'Fleet/Worker/Resource',
      kind: 'changed',
      message: 'requires IMDSv2 with a hop limit of 1 (RequireImdsv2)',
    });
  });

  it('leaves metadata options alone when network.requireImdsv2 is false, and says so as a finding', () => {
    const { report, template } = fleet(false);
    template.hasResourceProperties('AWS::EC2::Instance', { MetadataOptions: Match.absent() });
    expect(report.changes.map((change) => change.message)).not.toContain('requires IMDSv2 with a hop limit of 1 (RequireImdsv2)');
    expect(report.findings).toContainEqual({
      constructPath: 'Fleet/Worker/Resource',
      kind: 'finding',
      message: 'keeps its metadata options as they are (IMDSv1 may stay on): network.requireImdsv2 is false, so Harden does not apply RequireImdsv2',
    });
  });
});

describe('Harden.apply on an L1 HTTPS listener', () => {
  it("adds the profile's response headers to the attributes it has, keeping the others", () => {
    const app = new App();
    const stack = new Stack(app, 'L1', { env: { account: '123456789012', region: 'eu-west-1' } });
    new elbv2.CfnListener(stack, 'Https', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1',
      protocol: 'HTTPS',
      port: 443,
      certificates: [{ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }],
      defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
      listenerAttributes: [
        { key: 'routing.http.response.x_frame_options.header_value', value: 'SAMEORIGIN' },
        { key: 'routing.http.request.x_amzn_tls_version.header_name', value: 'X-Tls' },
      ],
    });
    Harden.apply(app, { profile: Profile.fromPreset(Preset.STRICT, 'legacy') });
    const [listener] = Object.values(Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::Listener')) as {
      Properties: { ListenerAttributes: { Key: string; Value: string }[] };
    }[];
    const attributes = Object.fromEntries(listener.Properties.ListenerAttributes.map((a) => [a.Key, a.Value]));
    expect(attributes).toMatchObject({
      'routing.http.request.x_amzn_tls_version.header_name': 'X-Tls',
      'routing.http.response.x_frame_options.header_value': 'DENY',
      'routing.http.response.x_content_type_options.header_value': 'nosniff',
      'routing.http.response.server.enabled': 'false',
    });
    expect(listener.Properties.ListenerAttributes.filter((a) => a.Key === 'routing.http.response.x_frame_options.header_value')).toHaveLength(1);
  });
});
