// The edges of the Bulwark pack's decisions: the value just inside and just outside each
// threshold, each variant of a resource a rule accepts, and what each finding is named
// (mutation testing, issue 28). Profile: the baseline preset.
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { extendPreset } from '../../../lib/profile/load';
import { toProfile } from '../../../lib/tooling';

function findings(build: (stack: Stack) => void, code: string, overrides: Parameters<typeof extendPreset>[1] = { name: 'demo' }): string[] {
  const app = new App();
  build(new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } }));
  const report = new BulwarkChecks(undefined, { profile: toProfile(extendPreset('baseline', overrides)) }).validateScope(app);
  return report.violations.map((v) => v.ruleName).filter((name) => name === `Bulwark-${code}` || name.startsWith(`Bulwark-${code}[`));
}

const distribution = (config: Record<string, unknown>) => (s: Stack) =>
  void new cloudfront.CfnDistribution(s, 'Cdn', {
    distributionConfig: { enabled: true, defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https' }, ...config } as never,
  });

describe('CF1: minimum viewer TLS of a distribution', () => {
  const withTls = (minimumProtocolVersion: string, extra: Record<string, unknown> = {}) =>
    distribution({ viewerCertificate: { acmCertificateArn: 'arn', sslSupportMethod: 'sni-only', minimumProtocolVersion, ...extra } });

  it.each(['TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'])('passes %s (forward-secret AEAD only) under tls.ciphers modern', (version) => {
    expect(findings(withTls(version), 'CF1')).toEqual([]);
  });

  it.each(['TLSv1.1_2016', 'TLSv1', 'TLSv1_2016', 'xTLSv1.2_2021', 'TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2029'])(
    'flags %s under modern (a lower floor, a CBC or RSA key exchange suite, or a policy not known to meet it)',
    (version) => {
      expect(findings(withTls(version), 'CF1')).toEqual(['Bulwark-CF1']);
    },
  );

  it('passes TLSv1.2_2019 (forward-secret, with AES-CBC) under compatible, and still flags TLSv1.2_2018 (RSA key exchange)', () => {
    const compatible = { name: 'demo', tls: { ciphers: 'compatible' as const } };
    expect(findings(withTls('TLSv1.2_2019'), 'CF1', compatible)).toEqual([]);
    expect(findings(withTls('TLSv1.2_2018'), 'CF1', compatible)).toEqual(['Bulwark-CF1']);
  });

  it('flags the default certificate whatever the version, and a distribution with no certificate setting', () => {
    expect(findings(withTls('TLSv1.2_2021', { cloudFrontDefaultCertificate: true }), 'CF1')).toEqual(['Bulwark-CF1']);
    expect(findings(distribution({}), 'CF1')).toEqual(['Bulwark-CF1']);
  });
});

describe('CF2: HSTS of at least a year on every behavior', () => {
  const headers = (s: Stack, maxAge: unknown) =>
    new cloudfront.CfnResponseHeadersPolicy(s, 'Headers', {
      responseHeadersPolicyConfig: {
        name: 'h',
        securityHeadersConfig: { strictTransportSecurity: { accessControlMaxAgeSec: maxAge as number, includeSubdomains: true, override: true } },
      },
    }).ref;
  const behavior = (responseHeadersPolicyId?: string) => ({ targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https', responseHeadersPolicyId });

  it('passes exactly one year and flags a second less, by the policy made in the app', () => {
    expect(findings((s) => distribution({ defaultCacheBehavior: behavior(headers(s, 31_536_000)) })(s), 'CF2')).toEqual([]);
    expect(findings((s) => distribution({ defaultCacheBehavior: behavior(headers(s, 31_535_999)) })(s), 'CF2')).toEqual(['Bulwark-CF2[hsts-max-age]']);
    expect(findings((s) => distribution({ defaultCacheBehavior: behavior(headers(s, undefined)) })(s), 'CF2')).toEqual(['Bulwark-CF2[hsts-max-age]']);
  });

  it("meets the values with each of AWS's managed policies that send HSTS, which leave the origin's HSTS in place", () => {
    for (const id of ['67f7725c-6f97-4210-82d7-5512b31e9d03', 'e61eb60c-9c35-4d20-a928-2b84e02af89c', 'eaab4381-ed33-4a86-88ca-d9558dc6cd63'])
      // They send max-age one year without includeSubDomains: judged under a profile that does not ask for it; override is false.
      expect(findings(distribution({ defaultCacheBehavior: behavior(id) }), 'CF2', { name: 'demo', tls: { hsts: { includeSubdomains: false } } }), id).toEqual([
        'Bulwark-CF2[hsts-not-overriding]',
      ]);
  });

  // The baseline profile's CSP, which CF3 requires as it is.
  const CSP = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

  it("flags HSTS and each other header that does not override the origin's, and is unresolved when override is a parameter", () => {
    const overriding = (override: unknown) => (s: Stack) => {
      const policy = new cloudfront.CfnResponseHeadersPolicy(s, 'Headers', {
        responseHeadersPolicyConfig: {
          name: 'h',
          securityHeadersConfig: {
            strictTransportSecurity: { accessControlMaxAgeSec: 63_072_000, includeSubdomains: true, preload: true, override: override as boolean },
            contentTypeOptions: { override: override as boolean },
            frameOptions: { frameOption: 'DENY', override: override as boolean },
            referrerPolicy: { referrerPolicy: 'no-referrer', override: override as boolean },
            contentSecurityPolicy: { contentSecurityPolicy: CSP, override: override as boolean },
          },
        },
      });
      distribution({ defaultCacheBehavior: behavior(policy.ref) })(s);
    };
    const strictHeaders = { name: 'demo', tls: { hsts: { maxAgeSeconds: 63_072_000, includeSubdomains: true, preload: true } } };
    expect(findings(overriding(true), 'CF2', strictHeaders)).toEqual([]);
    expect(findings(overriding(false), 'CF2', strictHeaders)).toEqual(['Bulwark-CF2[hsts-not-overriding]']);
    expect(findings(overriding(true), 'CF3', strictHeaders)).toEqual([]);
    expect(findings(overriding(false), 'CF3', strictHeaders)).toEqual([
      'Bulwark-CF3[x-content-type-options-not-overriding]',
      'Bulwark-CF3[x-frame-options-not-overriding]',
      'Bulwark-CF3[referrer-policy-not-overriding]',
      'Bulwark-CF3[content-security-policy-not-overriding]',
    ]);
    expect(findings((s) => overriding(Fn.ref('Override'))(s), 'CF2', strictHeaders)).toEqual(['Bulwark-CF2[unresolved]']);
    expect(findings((s) => overriding(Fn.ref('Override'))(s), 'CF3', strictHeaders)).toEqual(['Bulwark-CF3[unresolved]']);
  });

  it('names a missing policy, a policy from outside the app, and a behavior by its path pattern', () => {
    expect(findings(distribution({}), 'CF2')).toEqual(['Bulwark-CF2[no-response-headers-policy]']);
    expect(findings(distribution({ defaultCacheBehavior: behavior('5cc3b908-e619-4b99-88e5-2cf7f45965bd') }), 'CF2')).toEqual([
      'Bulwark-CF2[response-headers-policy-outside-app]',
    ]);
    expect(
      findings(
        (s) =>
          distribution({
            defaultCacheBehavior: behavior(headers(s, 60)),
            cacheBehaviors: [{ ...behavior(), pathPattern: '/api/*' }],
          })(s),
        'CF2',
      ),
    ).toEqual(['Bulwark-CF2[hsts-max-age]', 'Bulwark-CF2[no-response-headers-policy:/api/*]']);
  });
});

describe('ENV1: no literal secret in a function or container environment', () => {
  const fn = (variables: Record<string, string>) => (s: Stack) =>
    void new lambda.CfnFunction(s, 'Fn', {
      role: 'arn:aws:iam::1:role/r',
      code: { zipFile: 'x' },
      handler: 'i.h',
      runtime: 'nodejs22.x',
      environment: { variables },
    });

  it('flags a credential-named literal of 8 characters or more, and a credential-shaped value under any name', () => {
    expect(findings(fn({ DB_PASSWORD: 'hunter22' }), 'ENV1')).toEqual(['Bulwark-ENV1[DB_PASSWORD]']);
    expect(findings(fn({ DB_PASSWORD: 'hunter2' }), 'ENV1')).toEqual([]);
    expect(findings(fn({ LOG_SINK: 'xoxb-17653672481-19874698323' }), 'ENV1')).toEqual(['Bulwark-ENV1[LOG_SINK]']);
  });

  it('passes a credential-named variable that holds an ARN or a dynamic reference', () => {
    expect(findings(fn({ DB_PASSWORD: 'arn:aws:secretsmanager:eu-west-1:1:secret:db' }), 'ENV1')).toEqual([]);
    expect(findings(fn({ DB_PASSWORD: '{{resolve:secretsmanager:db:SecretString:password}}' }), 'ENV1')).toEqual([]);
    expect(findings(fn({ DB_PASSWORD: 'the arn: of it' }), 'ENV1')).toEqual(['Bulwark-ENV1[DB_PASSWORD]']);
  });

  it('passes a function with no environment, and names a container variable by its container', () => {
    expect(
      findings(
        (s) => void new lambda.CfnFunction(s, 'Fn', { role: 'arn:aws:iam::1:role/r', code: { zipFile: 'x' }, handler: 'i.h', runtime: 'nodejs22.x' }),
        'ENV1',
      ),
    ).toEqual([]);
    expect(
      findings(
        (s) =>
          void new ecs.CfnTaskDefinition(s, 'Task', {
            containerDefinitions: [
              {
                name: 'app',
                image: 'x',
                environment: [
                  { name: 'API_TOKEN', value: 'tok-12345678' },
                  { name: 'LOG_LEVEL', value: 'debug-verbose' },
                ],
              },
              { image: 'y', environment: [{ name: 'DB_PASSWORD', value: 'hunter2-hunter2' }] } as ecs.CfnTaskDefinition.ContainerDefinitionProperty, // a container with no name: the finding says "container"
              { name: 'quiet', image: 'z' },
            ],
          }),
        'ENV1',
      ),
    ).toEqual(['Bulwark-ENV1[app:API_TOKEN]', 'Bulwark-ENV1[container:DB_PASSWORD]']);
  });
});

describe('ELB rules', () => {
  const lb = (props: Partial<elbv2.CfnLoadBalancerProps>) => (s: Stack) =>
    void new elbv2.CfnLoadBalancer(s, 'Lb', { subnets: ['subnet-1', 'subnet-2'], ...props });
  const attributes = (values: Record<string, unknown>) => ({ loadBalancerAttributes: Object.entries(values).map(([key, value]) => ({ key, value })) as never });

  it('ELB3/ELB4: pass an ALB left at the safe defaults only where the default is safe, and skip network load balancers', () => {
    expect(findings(lb({}), 'ELB4')).toEqual([]);
    expect(findings(lb(attributes({ 'routing.http.desync_mitigation_mode': 'defensive' })), 'ELB4')).toEqual([]);
    expect(findings(lb({ type: 'application', ...attributes({ 'routing.http.desync_mitigation_mode': 'monitor' }) }), 'ELB4')).toEqual(['Bulwark-ELB4']);
    expect(findings(lb(attributes({ 'routing.http.drop_invalid_header_fields.enabled': 'false' })), 'ELB3')).toEqual(['Bulwark-ELB3']);
    expect(findings(lb(attributes({ 'routing.http.drop_invalid_header_fields.enabled': true })), 'ELB3')).toEqual(['Bulwark-ELB3[unresolved]']);
    for (const code of ['ELB3', 'ELB4', 'WAF1']) expect(findings(lb({ type: 'network' }), code), code).toEqual([]);
  });

  it('WAF1: flags an internet-facing ALB without a Web ACL, skips an internal one, and says when the scheme is a parameter', () => {
    expect(findings(lb({ scheme: 'internet-facing' }), 'WAF1')).toEqual(['Bulwark-WAF1']);
    expect(findings(lb({}), 'WAF1')).toEqual(['Bulwark-WAF1']); // internet-facing is CloudFormation's default
    expect(findings(lb({ scheme: 'internal' }), 'WAF1')).toEqual([]);
    expect(findings(lb({ scheme: Fn.ref('Scheme') }), 'WAF1')).toEqual(['Bulwark-WAF1[unresolved]']);
  });

  it('ELB1: passes the TLS 1.2-or-better policy families and flags the rest; ignores plain HTTP', () => {
    const https =
      (sslPolicy: string, protocol = 'HTTPS') =>
      (s: Stack) =>
        void new elbv2.CfnListener(s, 'Listener', {
          loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1',
          protocol,
          port: 443,
          sslPolicy,
          defaultActions: [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', statusCode: 'HTTP_301' } }],
        });
    for (const policy of ['ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-FS-1-2-Res-2020-10', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06'])
      expect(findings(https(policy), 'ELB1'), policy).toEqual([]);
    for (const policy of [
      'ELBSecurityPolicy-TLS13-1-1-2021-06',
      'ELBSecurityPolicy-TLS-1-1-2017-01',
      'ELBSecurityPolicy-FS-1-2',
      'ELBSecurityPolicy-TLS-1-2-2017-01',
      'ELBSecurityPolicy-TLS13-1-2-2021-06',
    ])
      expect(findings(https(policy), 'ELB1'), policy).toEqual(['Bulwark-ELB1']);
    expect(findings(https('ELBSecurityPolicy-2016-08', 'HTTP'), 'ELB1')).toEqual([]);
  });

  it('ELB1: under tls.ciphers compatible, passes the forward-secret CBC policy and still flags RSA key exchange', () => {
    const compatible = { name: 'demo', tls: { ciphers: 'compatible' as const } };
    const https = (sslPolicy: string) => (s: Stack) =>
      void new elbv2.CfnListener(s, 'Listener', {
        loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/x/1',
        protocol: 'HTTPS',
        port: 443,
        sslPolicy,
        defaultActions: [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', statusCode: 'HTTP_301' } }],
      });
    expect(findings(https('ELBSecurityPolicy-TLS13-1-2-2021-06'), 'ELB1', compatible)).toEqual([]);
    for (const policy of ['ELBSecurityPolicy-TLS-1-2-2017-01', 'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'ELBSecurityPolicy-FS-1-2-2019-08'])
      expect(findings(https(policy), 'ELB1', compatible), policy).toEqual(['Bulwark-ELB1']);
  });
});

describe('IAM2, CW1, LOG1: thresholds', () => {
  it('IAM2: passes the default and one hour, flags one second more', () => {
    const role = (maxSessionDuration?: number) => (s: Stack) => void new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, maxSessionDuration });
    expect(findings(role(undefined), 'IAM2')).toEqual([]);
    expect(findings(role(3_600), 'IAM2')).toEqual([]);
    expect(findings(role(3_601), 'IAM2')).toEqual(['Bulwark-IAM2']);
  });

  it("IAM2: follows the profile's longer session limit", () => {
    const role = (maxSessionDuration: number) => (s: Stack) => void new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, maxSessionDuration });
    const twelveHours = { name: 'demo', secrets: { access: { maxSessionDuration: '12h' } } };
    expect(findings(role(7_200), 'IAM2', twelveHours)).toEqual([]);
    expect(findings(role(43_200), 'IAM2', twelveHours)).toEqual([]);
    const twoHours = { name: 'demo', secrets: { access: { maxSessionDuration: '2h' } } };
    expect(findings(role(7_201), 'IAM2', twoHours)).toEqual(['Bulwark-IAM2']);
  });

  it('CW1: flags an alarm whose actions are disabled or empty', () => {
    const alarm = (props: Partial<cloudwatch.CfnAlarmProps>) => (s: Stack) =>
      void new cloudwatch.CfnAlarm(s, 'Alarm', {
        comparisonOperator: 'GreaterThanThreshold',
        evaluationPeriods: 1,
        threshold: 1,
        metricName: 'm',
        namespace: 'n',
        period: 60,
        statistic: 'Sum',
        ...props,
      });
    expect(findings(alarm({ alarmActions: ['arn:aws:sns:eu-west-1:1:t'], actionsEnabled: true }), 'CW1')).toEqual([]);
    expect(findings(alarm({ alarmActions: ['arn:aws:sns:eu-west-1:1:t'], actionsEnabled: false }), 'CW1')).toEqual(['Bulwark-CW1']);
    expect(findings(alarm({ alarmActions: [] }), 'CW1')).toEqual(['Bulwark-CW1']);
  });

  it('LOG1: passes keeping logs forever or for the minimum (90 days), flags a day less', () => {
    const group = (retentionInDays?: number) => (s: Stack) => void new logs.CfnLogGroup(s, 'Logs', { retentionInDays });
    expect(findings(group(undefined), 'LOG1')).toEqual([]);
    expect(findings(group(90), 'LOG1')).toEqual([]);
    expect(findings(group(60), 'LOG1')).toEqual(['Bulwark-LOG1']);
  });
});

describe('WAF rules', () => {
  const visibility = (metrics = true) => ({ sampledRequestsEnabled: true, cloudWatchMetricsEnabled: metrics, metricName: 'm' });
  const acl = (s: Stack, rules: wafv2.CfnWebACL.RuleProperty[] = []) =>
    new wafv2.CfnWebACL(s, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: visibility(), rules });
  const logged = (redactedFields: unknown) => (s: Stack) =>
    void new wafv2.CfnLoggingConfiguration(s, 'Log', { resourceArn: acl(s).attrArn, logDestinationConfigs: ['arn'], redactedFields: redactedFields as never });

  it('WAF1: flags a distribution without a Web ACL or with an empty one, and an API stage without an association', () => {
    expect(findings(distribution({ webAclId: 'arn:aws:wafv2:us-east-1:1:global/webacl/a/1' }), 'WAF1')).toEqual([]);
    expect(findings(distribution({ webAclId: '' }), 'WAF1')).toEqual(['Bulwark-WAF1']);
    expect(findings(distribution({}), 'WAF1')).toEqual(['Bulwark-WAF1']);
    expect(findings((s) => void new apigateway.CfnStage(s, 'Stage', { restApiId: 'api', stageName: 'prod' }), 'WAF1')).toEqual(['Bulwark-WAF1']);
  });

  it('WAF4: names a Web ACL that does not log, and each credential header left unredacted, whatever its case', () => {
    expect(findings((s) => void acl(s), 'WAF4')).toEqual(['Bulwark-WAF4[no-logging]']);
    expect(findings(logged(undefined), 'WAF4')).toEqual(['Bulwark-WAF4[not-redacted:authorization]', 'Bulwark-WAF4[not-redacted:cookie]']);
    expect(findings(logged([{ singleHeader: { name: 'Authorization' } }, { singleHeader: { Name: 'COOKIE' } }]), 'WAF4')).toEqual([]);
    expect(findings(logged([{ singleHeader: { Name: 'cookie' } }, { uriPath: {} }]), 'WAF4')).toEqual(['Bulwark-WAF4[not-redacted:authorization]']);
  });

  it('WAF5: names each rule that publishes no metrics', () => {
    const rule = (name: string, metrics: boolean): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority: name.length,
      action: { block: {} },
      statement: { ipSetReferenceStatement: { arn: 'arn' } },
      visibilityConfig: visibility(metrics),
    });
    expect(findings((s) => void acl(s, [rule('loud', true), rule('quiet', false)]), 'WAF5')).toEqual(['Bulwark-WAF5[quiet]']);
  });

  it('WAF2: passes a required group present twice when one copy blocks', () => {
    const managed = (name: string, priority: number, overrideAction: wafv2.CfnWebACL.OverrideActionProperty): wafv2.CfnWebACL.RuleProperty => ({
      name: `${name}${priority}`,
      priority,
      overrideAction,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(),
    });
    const groups = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];
    expect(findings((s) => void acl(s, [...groups.map((name, i) => managed(name, i, { none: {} })), managed(groups[0], 9, { count: {} })]), 'WAF2')).toEqual(
      [],
    );
  });
});
