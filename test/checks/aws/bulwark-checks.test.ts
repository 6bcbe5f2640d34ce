import { App, Aws, CfnCondition, CfnParameter, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fms from 'aws-cdk-lib/aws-fms';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { MANAGED_GROUP_RULES } from '../../../lib/checks/aws/rules/waf/managed-group-rules';
import { describe, expect, it } from 'vitest';
import { BULWARK_AWS_RULES } from '../../../lib/checks/aws/aws-pack';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { buildPolicy, extendPreset, Preset, Profile, toProfile } from '../../../lib/tooling';

type Fixture = (stack: Stack) => void;
interface RuleCase {
  readonly code: string;
  readonly compliant: Fixture;
  readonly nonCompliant: Fixture;
  readonly unresolved: Fixture;
  /** What an unresolvable value gives: the `unresolved` finding (default), or a documented verdict. */
  readonly unresolvedGives?: 'unresolved' | 'compliant' | 'non-compliant';
  /** The profile the fixtures are judged against. @default - the baseline preset */
  readonly profile?: ReturnType<typeof extendPreset>;
}

const imported = (name: string) => Fn.importValue(name) as never;
const param = (stack: Stack, id: string, type = 'String') => {
  const p = new CfnParameter(stack, id, { type });
  return (type === 'Number' ? p.valueAsNumber : p.valueAsString) as never;
};

function findings(fixture: Fixture, code: string, profile = extendPreset('baseline', { name: 'demo' })): string[] {
  const app = new App();
  fixture(new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } }));
  const report = new BulwarkChecks(undefined, { profile: toProfile(profile) }).validateScope(app);
  return report.violations.map((v) => v.ruleName).filter((name) => name === `Bulwark-${code}` || name.startsWith(`Bulwark-${code}[`));
}

const visibility = (metricName: string, enabled = true) => ({ sampledRequestsEnabled: true, cloudWatchMetricsEnabled: enabled, metricName });
const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
  visibilityConfig: visibility(name),
});
const rate = (priority: number, action: wafv2.CfnWebACL.RuleActionProperty = { block: {} }): wafv2.CfnWebACL.RuleProperty => ({
  name: `rate${priority}`,
  priority,
  action,
  statement: { rateBasedStatement: { limit: 100, aggregateKeyType: 'IP' } },
  visibilityConfig: visibility(`rate${priority}`),
});
const webAcl = (stack: Stack, rules: unknown, id = 'Acl') =>
  new wafv2.CfnWebACL(stack, id, { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: visibility('acl'), rules: rules as never });
const loginScope = (paths: string[]) => ({
  orStatement: {
    statements: paths.map((searchString) => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'EXACTLY',
        searchString,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    })),
  },
});
/** A rate-based rule: limit, window, scope-down statement. */
const rateRule = (
  name: string,
  priority: number,
  statement: Record<string, unknown>,
  action: wafv2.CfnWebACL.RuleActionProperty = { block: {} },
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  action,
  statement: { rateBasedStatement: { aggregateKeyType: 'IP', ...statement } as never },
  visibilityConfig: visibility(name),
});
/** The baseline profile's login limit (10 per 60 s on the login paths) as a rule. */
const loginRate = (priority: number, statement: Record<string, unknown> = {}) =>
  rateRule(`login${priority}`, priority, {
    limit: 10,
    evaluationWindowSec: 60,
    scopeDownStatement: loginScope(['/api/auth/login', '/api/auth/register']),
    ...statement,
  });
const fullRules: wafv2.CfnWebACL.RuleProperty[] = [
  managed('AWSManagedRulesCommonRuleSet', 0),
  managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
  managed('AWSManagedRulesSQLiRuleSet', 2),
  rate(3),
  loginRate(4),
];
/** A Firewall Manager WAFV2 policy running the baseline's managed groups and rate limits first (a rule group of `rules`), logging redacted. */
const fmsPolicy = (stack: Stack, props: Partial<fms.CfnPolicyProps> = {}, rules: unknown = [rate(0), loginRate(1)]) => {
  const group = new wafv2.CfnRuleGroup(stack, 'Group', { scope: 'REGIONAL', capacity: 50, visibilityConfig: visibility('group'), rules: rules as never });
  const managedGroup = (managedRuleGroupName: string) => ({
    ruleGroupType: 'ManagedRuleGroup',
    managedRuleGroupIdentifier: { vendorName: 'AWS', managedRuleGroupName },
    overrideAction: { type: 'NONE' },
  });
  const data = {
    type: 'WAFV2',
    preProcessRuleGroups: [
      { ruleGroupType: 'RuleGroup', ruleGroupArn: group.attrArn, overrideAction: { type: 'NONE' } },
      ...['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'].map(managedGroup),
    ],
    postProcessRuleGroups: [],
    defaultAction: { type: 'ALLOW' },
    loggingConfiguration: {
      logDestinationConfigs: ['arn:aws:s3:::aws-waf-logs-central'],
      redactedFields: ['authorization', 'cookie'].map((redactedFieldValue) => ({ redactedFieldType: 'SingleHeader', redactedFieldValue })),
    },
  };
  return new fms.CfnPolicy(stack, 'Fms', {
    policyName: 'baseline',
    resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    excludeResourceTags: false,
    remediationEnabled: true,
    securityServicePolicyData: { type: 'WAFV2', managedServiceData: stack.toJsonString(data) },
    ...props,
  });
};
const loadBalancer = (stack: Stack, props: Partial<elbv2.CfnLoadBalancerProps> = {}) =>
  new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1', 'subnet-2'], ...props });
const listener = (stack: Stack, props: Partial<elbv2.CfnListenerProps>) =>
  new elbv2.CfnListener(stack, 'Listener', {
    loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1',
    defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
    ...props,
  });
/** An HTTPS listener of an internet-facing ALB in the same template, with listener attributes. */
const facingListener = (stack: Stack, listenerAttributes: unknown) =>
  listener(stack, { protocol: 'HTTPS', port: 443, loadBalancerArn: loadBalancer(stack).ref, listenerAttributes: listenerAttributes as never });
/** The baseline preset's headers as listener attributes. */
const BASELINE_LISTENER_HEADERS = {
  'routing.http.response.strict_transport_security.header_value': 'max-age=31536000; includeSubDomains',
  'routing.http.response.x_content_type_options.header_value': 'nosniff',
  'routing.http.response.x_frame_options.header_value': 'DENY',
  'routing.http.response.content_security_policy.header_value':
    "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
};
const listenerAttributes = (values: Record<string, unknown>) => Object.entries(values).map(([key, value]) => ({ key, value }));
const attributes = (values: Record<string, string>) => ({ loadBalancerAttributes: Object.entries(values).map(([key, value]) => ({ key, value })) });
const secretWithRotation = (stack: Stack, scheduleExpression: unknown) => {
  const secret = new secretsmanager.CfnSecret(stack, 'Secret', { kmsKeyId: 'alias/mine' });
  new secretsmanager.CfnRotationSchedule(stack, 'Rotation', {
    secretId: secret.ref,
    rotationLambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate',
    rotationRules: { scheduleExpression: scheduleExpression as string },
  });
};
const policyWith = (stack: Stack, statement: unknown) =>
  new iam.CfnPolicy(stack, 'Policy', { policyName: 'p', roles: ['r'], policyDocument: { Statement: statement } });
const lambdaWith = (stack: Stack, variables: Record<string, unknown>) =>
  new lambda.CfnFunction(stack, 'Fn', {
    role: 'arn:aws:iam::123456789012:role/r',
    code: { zipFile: 'x' },
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    environment: { variables: variables as never },
  });
const distribution = (stack: Stack, config: Partial<cloudfront.CfnDistribution.DistributionConfigProperty>) =>
  new cloudfront.CfnDistribution(stack, 'Cdn', {
    distributionConfig: { enabled: true, defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https' }, ...config } as never,
  });
const baselineHeaders = buildPolicy(extendPreset('baseline', { name: 'demo' })).headers.values;
const securityHeaders = (change: Record<string, unknown> = {}) => ({
  strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, includeSubdomains: true, override: true },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: baselineHeaders['X-Frame-Options'], override: true },
  referrerPolicy: { referrerPolicy: baselineHeaders['Referrer-Policy'], override: true },
  ...(baselineHeaders['Content-Security-Policy']
    ? { contentSecurityPolicy: { contentSecurityPolicy: baselineHeaders['Content-Security-Policy'], override: true } }
    : {}),
  ...change,
});
const headersPolicy = (stack: Stack, maxAge: unknown, hsts: Record<string, unknown> = { includeSubdomains: true }) =>
  new cloudfront.CfnResponseHeadersPolicy(stack, 'Headers', {
    responseHeadersPolicyConfig: {
      name: 'h',
      securityHeadersConfig: securityHeaders({ strictTransportSecurity: { accessControlMaxAgeSec: maxAge as number, override: true, ...hsts } }) as never,
    },
  });
const withHeaders = (stack: Stack, config: Record<string, unknown>) => {
  const h = new cloudfront.CfnResponseHeadersPolicy(stack, 'Headers', { responseHeadersPolicyConfig: { name: 'h', securityHeadersConfig: config as never } });
  distribution(stack, { defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https', responseHeadersPolicyId: h.ref } });
};
const securityGroup = (stack: Stack, ingress: unknown) =>
  new ec2.CfnSecurityGroup(stack, 'Sg', { groupDescription: 'sg', securityGroupIngress: ingress as never });
/** A group behind a load balancer (it admits the load balancer's group), with the egress given. */
const appTierGroup = (stack: Stack, egress: unknown) => {
  const lbGroup = new ec2.CfnSecurityGroup(stack, 'LbSg', { groupDescription: 'lb' });
  new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1', 'subnet-2'], securityGroups: [lbGroup.attrGroupId] });
  new ec2.CfnSecurityGroup(stack, 'AppSg', {
    groupDescription: 'app',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: lbGroup.attrGroupId }],
    securityGroupEgress: egress as never,
  });
};
const alarm = (stack: Stack, props: Partial<cloudwatch.CfnAlarmProps>) =>
  new cloudwatch.CfnAlarm(stack, 'Alarm', {
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    threshold: 1,
    metricName: 'm',
    namespace: 'n',
    period: 60,
    statistic: 'Sum',
    ...props,
  });

const cases: RuleCase[] = [
  {
    code: 'WAF1',
    compliant: (s) => {
      const lb = loadBalancer(s);
      const acl = webAcl(s, fullRules);
      new wafv2.CfnWebACLAssociation(s, 'Assoc', { resourceArn: lb.ref, webAclArn: acl.attrArn });
    },
    nonCompliant: (s) => {
      loadBalancer(s);
    },
    unresolved: (s) => {
      loadBalancer(s, { type: param(s, 'Type') });
    },
  },
  {
    code: 'WAF2',
    compliant: (s) => {
      webAcl(s, fullRules);
    },
    nonCompliant: (s) => {
      webAcl(s, [managed('AWSManagedRulesCommonRuleSet', 0), rate(1)]);
    },
    unresolved: (s) => {
      webAcl(s, imported('rules'));
    },
  },
  {
    code: 'WAF3',
    compliant: (s) => {
      webAcl(s, fullRules);
    },
    nonCompliant: (s) => {
      webAcl(s, [...fullRules.slice(0, 3), rate(3, { count: {} })]);
    },
    unresolved: (s) => {
      webAcl(s, imported('rules'));
    },
  },
  {
    code: 'WAF4',
    compliant: (s) => {
      const acl = webAcl(s, fullRules);
      new wafv2.CfnLoggingConfiguration(s, 'Log', {
        resourceArn: acl.attrArn,
        logDestinationConfigs: ['arn'],
        redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
      });
    },
    nonCompliant: (s) => {
      const acl = webAcl(s, fullRules);
      new wafv2.CfnLoggingConfiguration(s, 'Log', {
        resourceArn: acl.attrArn,
        logDestinationConfigs: ['arn'],
        redactedFields: [{ singleHeader: { Name: 'authorization' } }],
      });
    },
    unresolved: (s) => {
      const acl = webAcl(s, fullRules);
      new wafv2.CfnLoggingConfiguration(s, 'Log', { resourceArn: acl.attrArn, logDestinationConfigs: ['arn'], redactedFields: imported('fields') });
    },
  },
  {
    code: 'WAF5',
    compliant: (s) => {
      webAcl(s, fullRules);
    },
    nonCompliant: (s) => {
      webAcl(s, [{ ...rate(0), visibilityConfig: visibility('r', false) }]);
    },
    unresolved: (s) => {
      webAcl(s, imported('rules'));
    },
  },
  {
    code: 'WAF6',
    compliant: (s) => {
      webAcl(s, fullRules);
    },
    nonCompliant: (s) => {
      webAcl(s, [
        ...fullRules,
        managed('AWSManagedRulesLinuxRuleSet', 4),
        managed('AWSManagedRulesWindowsRuleSet', 5),
        managed('AWSManagedRulesPHPRuleSet', 6),
      ]);
    },
    unresolved: (s) => {
      webAcl(s, [{ ...managed('AWSManagedRulesCommonRuleSet', 0), statement: { ruleGroupReferenceStatement: { arn: 'arn' } } }]);
    },
  },
  {
    code: 'WAF7',
    compliant: (s) => {
      webAcl(s, fullRules);
    },
    nonCompliant: (s) => {
      webAcl(
        s,
        Array.from({ length: 8 }, (_, i) => ({ ...managed('AWSManagedRulesCommonRuleSet', i), name: `common${i}` })),
      );
    },
    unresolved: (s) => {
      webAcl(s, imported('rules'));
    },
  },
  {
    code: 'FMS1',
    compliant: (s) => {
      fmsPolicy(s);
    },
    nonCompliant: (s) => {
      fmsPolicy(s, { remediationEnabled: false });
    },
    unresolved: (s) => {
      fmsPolicy(s, { securityServicePolicyData: { type: 'WAFV2', managedServiceData: param(s, 'Data') } });
    },
  },
  {
    code: 'ELB1',
    compliant: (s) => {
      listener(s, { protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' });
    },
    nonCompliant: (s) => {
      listener(s, { protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-2016-08' });
    },
    unresolved: (s) => {
      listener(s, { protocol: 'HTTPS', port: 443, sslPolicy: param(s, 'Policy') });
    },
  },
  {
    code: 'ELB2',
    compliant: (s) => {
      listener(s, {
        protocol: 'HTTP',
        port: 80,
        defaultActions: [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
      });
    },
    nonCompliant: (s) => {
      listener(s, { protocol: 'HTTP', port: 80 });
    },
    unresolved: (s) => {
      listener(s, { protocol: 'HTTP', port: 80, defaultActions: imported('actions') });
    },
  },
  {
    code: 'ELB3',
    compliant: (s) => {
      loadBalancer(s, attributes({ 'routing.http.drop_invalid_header_fields.enabled': 'true' }));
    },
    nonCompliant: (s) => {
      loadBalancer(s);
    },
    unresolved: (s) => {
      loadBalancer(s, { loadBalancerAttributes: imported('attributes') });
    },
  },
  {
    code: 'ELB4',
    compliant: (s) => {
      loadBalancer(s, attributes({ 'routing.http.desync_mitigation_mode': 'strictest' }));
    },
    nonCompliant: (s) => {
      loadBalancer(s, attributes({ 'routing.http.desync_mitigation_mode': 'monitor' }));
    },
    unresolved: (s) => {
      loadBalancer(s, { loadBalancerAttributes: [{ key: 'routing.http.desync_mitigation_mode', value: param(s, 'Mode') }] });
    },
  },
  {
    code: 'ELB5',
    compliant: (s) => {
      facingListener(s, listenerAttributes(BASELINE_LISTENER_HEADERS));
    },
    nonCompliant: (s) => {
      facingListener(s, listenerAttributes({ ...BASELINE_LISTENER_HEADERS, 'routing.http.response.strict_transport_security.header_value': 'max-age=300' }));
    },
    unresolved: (s) => {
      facingListener(s, listenerAttributes({ ...BASELINE_LISTENER_HEADERS, 'routing.http.response.x_frame_options.header_value': param(s, 'Frame') }));
    },
  },
  {
    code: 'SEC1',
    compliant: (s) => secretWithRotation(s, 'rate(30 days)'),
    nonCompliant: (s) => secretWithRotation(s, 'rate(120 days)'),
    unresolved: (s) => secretWithRotation(s, param(s, 'Schedule')),
  },
  {
    code: 'SEC2',
    compliant: (s) => {
      new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: 'alias/mine' });
    },
    nonCompliant: (s) => {
      new secretsmanager.CfnSecret(s, 'Secret', {});
    },
    unresolved: (s) => {
      new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: param(s, 'Key') });
    },
  },
  {
    code: 'IAM1',
    compliant: (s) => {
      policyWith(s, [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:production/payment/*' },
      ]);
    },
    nonCompliant: (s) => {
      policyWith(s, [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: '*' }]);
    },
    unresolved: (s) => {
      policyWith(s, imported('statements'));
    },
  },
  {
    code: 'IAM2',
    compliant: (s) => {
      new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, maxSessionDuration: 3_600 });
    },
    nonCompliant: (s) => {
      new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, maxSessionDuration: 43_200 });
    },
    unresolved: (s) => {
      new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, maxSessionDuration: param(s, 'Max', 'Number') });
    },
  },
  {
    code: 'ENV1',
    compliant: (s) => {
      lambdaWith(s, { STRIPE_SECRET_KEY_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x', LOG_LEVEL: 'info' });
    },
    nonCompliant: (s) => {
      lambdaWith(s, { STRIPE_KEY: 'sk_live_abcdefghijklmnop', DB_PASSWORD: 'hunter2-hunter2' });
    },
    unresolved: (s) => {
      lambdaWith(s, { API_TOKEN: param(s, 'Token') });
    },
    unresolvedGives: 'compliant', // a value known only at deploy time is not a literal in the template
  },
  {
    code: 'CF1',
    compliant: (s) => {
      distribution(s, { viewerCertificate: { acmCertificateArn: 'arn', sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' } });
    },
    nonCompliant: (s) => {
      distribution(s, { viewerCertificate: { cloudFrontDefaultCertificate: true } });
    },
    unresolved: (s) => {
      distribution(s, { viewerCertificate: { acmCertificateArn: 'arn', sslSupportMethod: 'sni-only', minimumProtocolVersion: param(s, 'Tls') } });
    },
  },
  {
    code: 'CF2',
    compliant: (s) => {
      const h = headersPolicy(s, 31_536_000);
      distribution(s, { defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https', responseHeadersPolicyId: h.ref } });
    },
    nonCompliant: (s) => {
      const h = headersPolicy(s, 86_400);
      distribution(s, { defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https', responseHeadersPolicyId: h.ref } });
    },
    unresolved: (s) => {
      const h = headersPolicy(s, param(s, 'Age', 'Number'));
      distribution(s, { defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https', responseHeadersPolicyId: h.ref } });
    },
  },
  {
    code: 'ACM1',
    compliant: (s) => {
      const c = new acm.CfnCertificate(s, 'Cert', { domainName: 'example.com' });
      alarm(s, {
        namespace: 'AWS/CertificateManager',
        metricName: 'DaysToExpiry',
        comparisonOperator: 'LessThanThreshold',
        threshold: 30,
        dimensions: [{ name: 'CertificateArn', value: c.ref }],
        alarmActions: ['arn'],
      });
    },
    nonCompliant: (s) => {
      new acm.CfnCertificate(s, 'Cert', { domainName: 'example.com' });
    },
    unresolved: (s) => {
      new acm.CfnCertificate(s, 'Cert', { domainName: 'example.com' });
      alarm(s, { dimensions: [{ name: 'CertificateArn', value: param(s, 'Arn') }], alarmActions: ['arn'] });
    },
    unresolvedGives: 'non-compliant', // an alarm on some certificate from a parameter does not prove this one is watched
  },
  {
    code: 'CF3',
    compliant: (s) => withHeaders(s, securityHeaders()),
    nonCompliant: (s) => withHeaders(s, { strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, includeSubdomains: true, override: true } }),
    unresolved: (s) => withHeaders(s, securityHeaders({ referrerPolicy: { referrerPolicy: param(s, 'Referrer'), override: true } })),
  },
  {
    code: 'CF4',
    compliant: (s) => {
      distribution(s, { cacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 'o', viewerProtocolPolicy: 'https-only' }] });
    },
    nonCompliant: (s) => {
      distribution(s, { cacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 'o', viewerProtocolPolicy: 'allow-all' }] });
    },
    unresolved: (s) => {
      distribution(s, { defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: param(s, 'Viewer') } });
    },
  },
  {
    code: 'NET1',
    compliant: (s) => {
      securityGroup(s, [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' },
        { ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIpv6: '::/0' },
        { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '203.0.113.0/24' },
      ]);
    },
    nonCompliant: (s) => {
      securityGroup(s, [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' }]);
    },
    unresolved: (s) => {
      securityGroup(s, [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: param(s, 'Cidr') }]);
    },
  },
  {
    code: 'NET2',
    compliant: (s) => {
      appTierGroup(s, [{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.30.0/24' }]);
    },
    nonCompliant: (s) => {
      appTierGroup(s, [{ ipProtocol: '-1', cidrIp: '0.0.0.0/0' }]);
    },
    unresolved: (s) => {
      appTierGroup(s, [{ ipProtocol: '-1', cidrIp: param(s, 'Cidr') }]);
    },
  },
  {
    code: 'NET3',
    profile: extendPreset('baseline', { name: 'demo', edges: ['aws', 'cloudflare'] }),
    compliant: (s) => {
      securityGroup(s, [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '173.245.48.0/20' },
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, sourcePrefixListId: 'pl-3b927c52' },
        { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '0.0.0.0/0' },
      ]);
    },
    nonCompliant: (s) => {
      securityGroup(s, [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' }]);
    },
    unresolved: (s) => {
      securityGroup(s, [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: param(s, 'Cidr') }]);
    },
  },
  {
    code: 'CW1',
    compliant: (s) => {
      alarm(s, { alarmActions: ['arn:aws:sns:eu-west-1:123456789012:t'] });
    },
    nonCompliant: (s) => {
      alarm(s, {});
    },
    unresolved: (s) => {
      alarm(s, { alarmActions: imported('actions') });
    },
  },
  {
    code: 'CW2',
    compliant: (s) => {
      stackSetWith(s, { Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'CentralTopicArn' }] } } });
    },
    nonCompliant: (s) => {
      stackSetWith(s, { Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [], Threshold: 1 } } });
    },
    unresolved: (s) => {
      new cloudformation.CfnStackSet(s, 'Set', { permissionModel: 'SERVICE_MANAGED', stackSetName: 'baseline', templateBody: param(s, 'Template') });
    },
  },
  {
    code: 'LOG1',
    compliant: (s) => {
      new logs.CfnLogGroup(s, 'Logs', { retentionInDays: 365 });
    },
    nonCompliant: (s) => {
      new logs.CfnLogGroup(s, 'Logs', { retentionInDays: 7 });
    },
    unresolved: (s) => {
      new logs.CfnLogGroup(s, 'Logs', { retentionInDays: param(s, 'Days', 'Number') });
    },
  },
  {
    code: 'LOG2',
    compliant: (s) => {
      secretReadRule(s, 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    },
    nonCompliant: (s) => {
      secretReadRule(s, 'ENABLED');
    },
    unresolved: (s) => {
      secretReadRule(s, param(s, 'State'));
    },
  },
  {
    code: 'LOG3',
    compliant: (s) => {
      trail(s, {});
    },
    nonCompliant: (s) => {
      trail(s, { kmsKeyId: undefined, enableLogFileValidation: false });
    },
    unresolved: (s) => {
      trail(s, { isMultiRegionTrail: param(s, 'MultiRegion') });
    },
  },
];

/** A StackSet whose embedded template holds these resources. */
function stackSetWith(s: Stack, resources: Record<string, unknown>): void {
  new cloudformation.CfnStackSet(s, 'Set', {
    permissionModel: 'SERVICE_MANAGED',
    stackSetName: 'baseline',
    templateBody: JSON.stringify({ Resources: resources }),
  });
}

/** An EventBridge rule watching reads of one secret, in the given state. */
function secretReadRule(s: Stack, state: string): void {
  new events.CfnRule(s, 'Reads', {
    state,
    eventPattern: { source: ['aws.secretsmanager'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['GetSecretValue'] } },
  });
}

/** A trail that logs every region with signed, KMS-encrypted log files, unless overridden. */
function trail(s: Stack, overrides: Partial<cloudtrail.CfnTrailProps>): void {
  new cloudtrail.CfnTrail(s, 'Trail', {
    isLogging: true,
    s3BucketName: 'logs',
    kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    enableLogFileValidation: true,
    isMultiRegionTrail: true,
    ...overrides,
  });
}

describe('BulwarkChecks rules', () => {
  it('has compliant, non-compliant and unresolvable fixtures for every rule', () => {
    expect(cases.map((c) => c.code).sort()).toEqual(BULWARK_AWS_RULES.map((r) => r.code).sort());
  });

  describe.each(cases)('Bulwark-$code', ({ code, compliant, nonCompliant, unresolved, unresolvedGives, profile }) => {
    it('passes a compliant resource', () => expect(findings(compliant, code, profile)).toEqual([]));
    it('flags a non-compliant resource', () => expect(findings(nonCompliant, code, profile).length).toBeGreaterThan(0));
    it(`treats a value known only at deploy time as ${unresolvedGives ?? 'an unresolved finding'}`, () => {
      const result = findings(unresolved, code, profile);
      if ((unresolvedGives ?? 'unresolved') === 'unresolved') expect(result).toEqual([`Bulwark-${code}[unresolved]`]);
      else if (unresolvedGives === 'compliant') expect(result).toEqual([]);
      else expect(result.length).toBeGreaterThan(0);
    });
  });
});

describe('the BulwarkChecks pack', () => {
  it('pins every rule ID and severity', () => {
    expect(BULWARK_AWS_RULES.map((r) => `${r.code}:${r.severity}`)).toEqual([
      'WAF1:error',
      'WAF2:error',
      'WAF3:error',
      'WAF4:error',
      'WAF5:warning',
      'WAF6:warning',
      'WAF7:error',
      'FMS1:error',
      'ELB1:error',
      'ELB2:error',
      'ELB3:error',
      'ELB4:warning',
      'ELB5:error',
      'SEC1:error',
      'SEC2:error',
      'IAM1:error',
      'IAM2:warning',
      'ENV1:error',
      'CF1:error',
      'CF2:error',
      'CF3:error',
      'CF4:error',
      'ACM1:warning',
      'CW1:error',
      'CW2:error',
      'NET1:error',
      'NET2:warning',
      'NET3:error',
      'LOG1:warning',
      'LOG2:error',
      'LOG3:error',
    ]);
  });

  it('names each missing managed group and each leaking variable as its own finding', () => {
    expect(
      findings((s) => {
        webAcl(s, [rate(0)]);
      }, 'WAF2'),
    ).toEqual(['Bulwark-WAF2[AWSManagedRulesCommonRuleSet]', 'Bulwark-WAF2[AWSManagedRulesKnownBadInputsRuleSet]', 'Bulwark-WAF2[AWSManagedRulesSQLiRuleSet]']);
    expect(
      findings((s) => {
        lambdaWith(s, { STRIPE_KEY: 'sk_live_abcdefghijklmnop', DB_PASSWORD: 'hunter2-hunter2' });
      }, 'ENV1'),
    ).toEqual(['Bulwark-ENV1[STRIPE_KEY]', 'Bulwark-ENV1[DB_PASSWORD]']);
  });

  it('reads an L2 policy document through its statements: a wildcard read is found, a scoped one is not, a token resource is resolved first', () => {
    const l2Policy = (resources: string[]) => (s: Stack) => {
      new iam.Policy(s, 'Policy', {
        statements: [
          new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources }),
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
        ],
        roles: [new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() })],
      });
    };
    expect(findings(l2Policy(['*']), 'IAM1')).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(findings(l2Policy(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:production/payment/*']), 'IAM1')).toEqual([]);
    // A token that resolves to a wildcard is still a wildcard.
    expect(findings((s) => l2Policy([Lazy.string({ produce: () => 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:*' })])(s), 'IAM1')).toEqual([
      'Bulwark-IAM1[Resource::arn:aws:secretsmanager:eu-west-1:123456789012:secret:*]',
    ]);
    // A token that resolves to an intrinsic names specific secrets only at deploy time: not a literal wildcard.
    expect(findings((s) => l2Policy([new secretsmanager.CfnSecret(s, 'Secret', {}).ref])(s), 'IAM1')).toEqual([]);
  });

  it('names IAM1 findings by the wildcard resource, the same whether CDK merges statements (minimizePolicies) or not', () => {
    const grants = (s: Stack) => {
      const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
      for (const action of ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'])
        role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: ['*'] }));
    };
    const merged = (context: Record<string, unknown>) => {
      const app = new App({ context });
      grants(new Stack(app, 'Stack'));
      return new BulwarkChecks(undefined, { profile: Profile.fromPreset(Preset.BASELINE, 'demo') })
        .validateScope(app)
        .violations.map((v) => v.ruleName)
        .filter((name) => name.startsWith('Bulwark-IAM1'));
    };
    expect(merged({ '@aws-cdk/aws-iam:minimizePolicies': true })).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(merged({})).toEqual(['Bulwark-IAM1[Resource::*]']);
  });

  it('finds reads through action wildcards, NotAction and NotResource', () => {
    expect(
      findings((s) => {
        policyWith(s, [{ Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: '*' }]);
      }, 'IAM1'),
    ).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(
      findings((s) => {
        policyWith(s, [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]);
      }, 'IAM1'),
    ).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(
      findings((s) => {
        policyWith(s, [{ Effect: 'Allow', NotAction: 'secretsmanager:*', Resource: '*' }]);
      }, 'IAM1'),
    ).toEqual([]);
    expect(
      findings((s) => {
        policyWith(s, [
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', NotResource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin/*' },
        ]);
      }, 'IAM1'),
    ).toEqual(['Bulwark-IAM1[Resource::NotResource]']);
    expect(
      findings((s) => {
        policyWith(s, [{ Effect: 'Deny', Action: '*', Resource: '*' }]);
      }, 'IAM1'),
    ).toEqual([]);
  });

  it('treats a managed group that only counts as missing', () => {
    const countOnly = (rule: wafv2.CfnWebACL.RuleProperty) => ({ ...rule, overrideAction: { count: {} } });
    expect(
      findings((s) => {
        webAcl(s, [countOnly(fullRules[0]), ...fullRules.slice(1)]);
      }, 'WAF2'),
    ).toEqual(['Bulwark-WAF2[count-only:AWSManagedRulesCommonRuleSet]']);
  });

  it('treats a managed group whose every rule is counted or excluded as missing, and one with some counted as protecting', () => {
    const sqli = fullRules[2];
    const statement = sqli.statement as { managedRuleGroupStatement: wafv2.CfnWebACL.ManagedRuleGroupStatementProperty };
    const withRules = (settings: Partial<wafv2.CfnWebACL.ManagedRuleGroupStatementProperty>) => ({
      ...sqli,
      statement: { managedRuleGroupStatement: { ...statement.managedRuleGroupStatement, ...settings } },
    });
    const names = MANAGED_GROUP_RULES.AWSManagedRulesSQLiRuleSet;
    const counted = names.map((name) => ({ name, actionToUse: { count: {} } }));
    expect(findings((s) => webAcl(s, [...fullRules.slice(0, 2), withRules({ ruleActionOverrides: counted }), ...fullRules.slice(3)]), 'WAF2')).toEqual([
      'Bulwark-WAF2[count-only:AWSManagedRulesSQLiRuleSet]',
    ]);
    expect(
      findings((s) => webAcl(s, [...fullRules.slice(0, 2), withRules({ excludedRules: names.map((name) => ({ name })) }), ...fullRules.slice(3)]), 'WAF2'),
    ).toEqual(['Bulwark-WAF2[count-only:AWSManagedRulesSQLiRuleSet]']);
    expect(findings((s) => webAcl(s, [...fullRules.slice(0, 2), withRules({ ruleActionOverrides: counted.slice(1) }), ...fullRules.slice(3)]), 'WAF2')).toEqual(
      [],
    );
  });

  it('gives the unresolved finding, not a crash, for a rule list, a rule or an environment chosen by a condition', () => {
    const condition = (s: Stack) => new CfnCondition(s, 'IsProd', { expression: Fn.conditionEquals(param(s, 'Env'), 'prod') }).logicalId;
    const aclWithConditionalRule = (s: Stack) => {
      webAcl(s, [fullRules[0], Fn.conditionIf(condition(s), fullRules[1], Aws.NO_VALUE)]);
    };
    for (const code of ['WAF2', 'WAF3', 'WAF5']) expect(findings(aclWithConditionalRule, code)).toEqual([`Bulwark-${code}[unresolved]`]);
    expect(
      findings((s) => {
        webAcl(s, Fn.conditionIf(condition(s), fullRules, []));
      }, 'WAF2'),
    ).toEqual(['Bulwark-WAF2[unresolved]']);
    expect(
      findings((s) => {
        const cond = condition(s);
        webAcl(
          s,
          fullRules.map((rule) => (rule.overrideAction ? { ...rule, overrideAction: Fn.conditionIf(cond, { count: {} }, { none: {} }) } : rule)),
        );
      }, 'WAF2'),
    ).toEqual(['Bulwark-WAF2[unresolved]']);
    expect(
      findings((s) => {
        const cond = condition(s);
        distribution(s, {
          defaultCacheBehavior: {
            targetOriginId: 'o',
            viewerProtocolPolicy: 'redirect-to-https',
            responseHeadersPolicyId: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId,
          },
          cacheBehaviors: [
            Fn.conditionIf(cond, { pathPattern: '/a/*', targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https' }, Aws.NO_VALUE),
          ] as never,
        });
      }, 'CF2'),
    ).toEqual(['Bulwark-CF2[unresolved]']);
    expect(
      findings((s) => {
        lambdaWith(s, Fn.conditionIf(condition(s), { A: 'b' }, { A: 'c' }) as never);
      }, 'ENV1'),
    ).toEqual(['Bulwark-ENV1[unresolved]']);
    expect(
      findings((s) => {
        new ecs.CfnTaskDefinition(s, 'Task', {
          containerDefinitions: [{ name: 'app', image: 'x', environment: Fn.conditionIf(condition(s), [{ name: 'A', value: 'b' }], []) as never }],
        });
      }, 'ENV1'),
    ).toEqual(['Bulwark-ENV1[unresolved]']);
  });

  it('refuses the AWS-managed key by alias ARN, and passes a key or alias made in the app', () => {
    expect(
      findings((s) => {
        new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager' });
      }, 'SEC2'),
    ).toEqual(['Bulwark-SEC2']);
    expect(
      findings((s) => {
        new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: new kms.CfnKey(s, 'Key', {}).attrArn });
      }, 'SEC2'),
    ).toEqual([]);
    expect(
      findings((s) => {
        new secretsmanager.Secret(s, 'Secret', { encryptionKey: new kms.Key(s, 'Key') });
      }, 'SEC2'),
    ).toEqual([]);
  });

  it('does not flag variables that name, locate or time a secret, and flags a URL with credentials in it', () => {
    expect(
      findings((s) => {
        lambdaWith(s, { JWT_SECRET_NAME: 'production/gateway/JWT_SECRET', TOKEN_URL: 'https://auth.example.com/oauth/token', API_KEY_ARN: 'x'.repeat(20) });
      }, 'ENV1'),
    ).toEqual([]);
    expect(
      findings((s) => {
        lambdaWith(s, { DB_PASSWORD: 'https://admin:hunter2@db.example.com' });
      }, 'ENV1'),
    ).toEqual(['Bulwark-ENV1[DB_PASSWORD]']);
    // A URL is a secret when its name says so, or when it carries a password, whatever its name.
    expect(
      findings((s) => {
        lambdaWith(s, { SLACK_WEBHOOK_SECRET: 'https://hooks.slack.com/services/T000/B000/XXXX', REDIS_TOKEN_URI: 'rediss://:pw123456@cache.internal:6379' });
      }, 'ENV1'),
    ).toEqual(['Bulwark-ENV1[SLACK_WEBHOOK_SECRET]', 'Bulwark-ENV1[REDIS_TOKEN_URI]']);
  });

  it('reads a rotation period known only at deploy time as unresolved', () => {
    expect(
      findings((s) => {
        const secret = new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: 'alias/mine' });
        new secretsmanager.CfnRotationSchedule(s, 'Rotation', {
          secretId: secret.ref,
          rotationLambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate',
          rotationRules: { automaticallyAfterDays: param(s, 'Days', 'Number') },
        });
      }, 'SEC1'),
    ).toEqual(['Bulwark-SEC1[unresolved]']);
  });

  it("flags a rule of an HTTP listener that serves content, even when the listener's default action redirects", () => {
    const redirect = { type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } };
    const withRule = (actions: unknown) => (s: Stack) => {
      const http = listener(s, { protocol: 'HTTP', port: 80, defaultActions: [redirect] });
      new elbv2.CfnListenerRule(s, 'ApiRule', {
        listenerArn: http.ref,
        priority: 10,
        conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
        actions: actions as never,
      });
    };
    expect(findings(withRule([{ type: 'forward', targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1' }]), 'ELB2')).toEqual([
      'Bulwark-ELB2[listener-rule:Stack/ApiRule]',
    ]);
    expect(findings(withRule([redirect]), 'ELB2')).toEqual([]);
    expect(findings((s) => withRule(imported('actions'))(s), 'ELB2')).toEqual(['Bulwark-ELB2[unresolved]']);
  });

  it("takes AWS's managed security headers policy as HSTS that does not override the origin's, and checks every behavior, not only the default", () => {
    const behavior = (responseHeadersPolicyId?: string) => ({
      targetOriginId: 'o',
      viewerProtocolPolicy: 'redirect-to-https',
      ...(responseHeadersPolicyId ? { responseHeadersPolicyId } : {}),
    });
    const managed = cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId;
    // AWS's policy sends max-age 31536000 without includeSubDomains, which the baseline profile sets, and
    // leaves the origin's own HSTS in place (override false): what viewers get is the origin's when it sends one.
    const noSubdomains = extendPreset('baseline', { name: 'demo', tls: { hsts: { includeSubdomains: false } } });
    expect(
      findings((s) => {
        distribution(s, { defaultCacheBehavior: behavior(managed) });
      }, 'CF2'),
    ).toEqual(['Bulwark-CF2[hsts-include-subdomains]', 'Bulwark-CF2[hsts-not-overriding]']);
    expect(
      findings(
        (s) => {
          distribution(s, { defaultCacheBehavior: behavior(managed) });
        },
        'CF2',
        noSubdomains,
      ),
    ).toEqual(['Bulwark-CF2[hsts-not-overriding]']);
    expect(
      findings(
        (s) => {
          distribution(s, { defaultCacheBehavior: behavior(managed), cacheBehaviors: [{ ...behavior(), pathPattern: '/api/*' }] });
        },
        'CF2',
        noSubdomains,
      ),
    ).toEqual(['Bulwark-CF2[hsts-not-overriding]', 'Bulwark-CF2[no-response-headers-policy:/api/*]']);
    expect(
      findings(
        (s) => {
          distribution(s, { defaultCacheBehavior: behavior(managed), cacheBehaviors: [{ ...behavior(managed), pathPattern: '/api/*' }] });
        },
        'CF2',
        noSubdomains,
      ),
    ).toEqual(['Bulwark-CF2[hsts-not-overriding]', 'Bulwark-CF2[hsts-not-overriding:/api/*]']);
  });

  it('sees a Web ACL association made in another stack of the app', () => {
    const app = new App();
    const network = new Stack(app, 'Network', { env: { account: '123456789012', region: 'eu-west-1' } });
    const security = new Stack(app, 'Security', { env: { account: '123456789012', region: 'eu-west-1' } });
    const lb = loadBalancer(network);
    new wafv2.CfnWebACLAssociation(security, 'Assoc', { resourceArn: lb.ref, webAclArn: webAcl(security, fullRules).attrArn });
    const violations = new BulwarkChecks().validateScope(app).violations.map((v) => v.ruleName);
    expect(violations).not.toContain('Bulwark-WAF1');
  });

  it('explains each finding with its fix and the checklist item it enforces', () => {
    const app = new App();
    listener(new Stack(app, 'Stack'), { protocol: 'HTTPS', port: 443, sslPolicy: 'ELBSecurityPolicy-2016-08' });
    const violation = new BulwarkChecks().validateScope(app).violations.find((v) => v.ruleName === 'Bulwark-ELB1');
    expect(violation?.description).toContain(
      "The HTTPS listener accepts TLS below the profile's tls.minVersion (finding tls-1.2-allowed under a TLS 1.3 floor; tls-1.3-unsupported on a Classic Load Balancer, which offers nothing above TLS 1.2), or cipher suites the profile's tls.ciphers does not allow (without forward secrecy; AES-CBC under modern).",
    );
    expect(violation?.severity).toBe('error');
  });
});

describe('rules that judge the numbers against the profile', () => {
  const base = fullRules.slice(0, 3);
  it("WAF3 names each of the profile's limits that no rule enforces at its numbers, paths and keys", () => {
    const at = (rules: wafv2.CfnWebACL.RuleProperty[]) => findings((s) => void webAcl(s, [...base, ...rules]), 'WAF3');
    // Blocking, but 2,000,000,000 requests scoped to /static/: neither limit.
    const staticScope = {
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: '/static/',
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    expect(at([rateRule('flood', 3, { limit: 2_000_000_000, scopeDownStatement: staticScope })])).toEqual(['Bulwark-WAF3[per-ip]', 'Bulwark-WAF3[auth]']);
    // A strict limit on another path does not cover the login paths.
    expect(at([rate(3), loginRate(4, { scopeDownStatement: loginScope(['/api/items']) })])).toEqual(['Bulwark-WAF3[auth]']);
    // Only one of the login paths.
    expect(at([rate(3), loginRate(4, { scopeDownStatement: loginScope(['/api/auth/login']) })])).toEqual(['Bulwark-WAF3[auth]']);
    // Looser than 10 per 60 s: 11 per 60 s, 20 per 120 s, 6 per 30... (window 60 with 11)
    expect(at([rate(3), loginRate(4, { limit: 11 })])).toEqual(['Bulwark-WAF3[auth]']);
    expect(at([rate(3), loginRate(4, { limit: 20, evaluationWindowSec: 120 })])).toEqual(['Bulwark-WAF3[auth]']);
    // Stricter: 10 per 120 s; the whole-site limit strict enough covers login too.
    expect(at([rate(3), loginRate(4, { evaluationWindowSec: 120 })])).toEqual([]);
    expect(at([rateRule('strict', 3, { limit: 10, evaluationWindowSec: 60 })])).toEqual([]);
    // Counting per header is finer than per IP.
    expect(at([rate(3), loginRate(4, { aggregateKeyType: 'CUSTOM_KEYS', customKeys: [{ header: { name: 'x-id', textTransformations: [] } }] })])).toEqual([
      'Bulwark-WAF3[auth]',
    ]);
    // A count action enforces nothing.
    expect(at([rate(3), rateRule('login', 4, { limit: 10, evaluationWindowSec: 60 }, { count: {} })])).toEqual(['Bulwark-WAF3[auth]']);
  });

  it('WAF3 asks a REGIONAL ACL behind CloudFront for no limit keyed on the address, and the CLOUDFRONT-scope ACL for all of them', () => {
    const behindCloudFront = extendPreset('baseline', {
      name: 'demo',
      network: { origin: { behind: 'cloudfront' } },
      rateLimits: [
        { name: 'per-ip', key: 'ip', limit: 100, windowSeconds: 300 },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
      ],
    });
    const perUser = rateRule('user', 5, {
      limit: 600,
      aggregateKeyType: 'CUSTOM_KEYS',
      customKeys: [{ header: { name: 'x-user-id', textTransformations: [] } }],
    });
    const acl = (scope: string, rules: wafv2.CfnWebACL.RuleProperty[]) => (s: Stack) =>
      void new wafv2.CfnWebACL(s, 'Acl', { scope, defaultAction: { allow: {} }, visibilityConfig: visibility('acl'), rules: [...base, ...rules] });
    // per-ip is keyed on the address: not asked of the REGIONAL ACL, asked of the CLOUDFRONT-scope one.
    expect(findings(acl('REGIONAL', [perUser]), 'WAF3', behindCloudFront)).toEqual([]);
    expect(findings(acl('REGIONAL', []), 'WAF3', behindCloudFront)).toEqual(['Bulwark-WAF3[per-user]']);
    expect(findings(acl('CLOUDFRONT', [perUser]), 'WAF3', behindCloudFront)).toEqual(['Bulwark-WAF3[per-ip]']);
    // Every limit keyed on the address: nothing is asked of the REGIONAL ACL.
    expect(findings(acl('REGIONAL', []), 'WAF3', extendPreset('baseline', { name: 'demo', network: { origin: { behind: 'cloudfront' } } }))).toEqual([]);
    // On the internet the REGIONAL ACL sees the client: it is asked for them.
    expect(
      findings(acl('REGIONAL', [perUser]), 'WAF3', { ...behindCloudFront, network: { ...behindCloudFront.network, origin: { behind: 'internet' } } }),
    ).toEqual(['Bulwark-WAF3[per-ip]']);
    expect(findings((s) => acl(param(s, 'Scope'), [perUser])(s), 'WAF3', behindCloudFront)).toEqual(['Bulwark-WAF3[unresolved]']);
  });

  it('WAF3 gives unresolved, never a pass, when the only candidate limit is known at deploy time', () => {
    expect(findings((s) => void webAcl(s, [...base, rate(3), loginRate(4, { limit: param(s, 'Limit', 'Number') })]), 'WAF3')).toEqual([
      'Bulwark-WAF3[unresolved]',
    ]);
  });

  it("ACM1 judges the threshold against the profile's warning days and the comparison's direction", () => {
    const certAlarm = (props: Partial<cloudwatch.CfnAlarmProps>) => (s: Stack) => {
      const c = new acm.CfnCertificate(s, 'Cert', { domainName: 'example.com' });
      alarm(s, {
        namespace: 'AWS/CertificateManager',
        metricName: 'DaysToExpiry',
        dimensions: [{ name: 'CertificateArn', value: c.ref }],
        alarmActions: ['arn'],
        ...props,
      });
    };
    expect(findings(certAlarm({ comparisonOperator: 'LessThanThreshold', threshold: 1 }), 'ACM1')).toEqual(['Bulwark-ACM1[alarms-under-1-days]']);
    expect(findings(certAlarm({ comparisonOperator: 'GreaterThanThreshold', threshold: 30 }), 'ACM1')).toEqual(['Bulwark-ACM1[alarms-GreaterThanThreshold]']);
    expect(findings(certAlarm({ comparisonOperator: 'LessThanOrEqualToThreshold', threshold: 45 }), 'ACM1')).toEqual([]);
    expect(findings((s) => certAlarm({ comparisonOperator: 'LessThanThreshold', threshold: param(s, 'Days', 'Number') })(s), 'ACM1')).toEqual([
      'Bulwark-ACM1[unresolved]',
    ]);
  });

  it("CF2 judges includeSubDomains and preload as the profile sets them; CF3 the other headers' values", () => {
    const hsts = (extra: Record<string, unknown>) => (s: Stack) =>
      withHeaders(s, securityHeaders({ strictTransportSecurity: { accessControlMaxAgeSec: 63_072_000, override: true, ...extra } }));
    expect(findings(hsts({ includeSubdomains: false }), 'CF2')).toEqual(['Bulwark-CF2[hsts-include-subdomains]']);
    const preload = extendPreset('baseline', { name: 'demo', tls: { hsts: { maxAgeSeconds: 63_072_000, preload: true } } });
    expect(findings(hsts({ includeSubdomains: true, preload: false }), 'CF2', preload)).toEqual(['Bulwark-CF2[hsts-preload]']);
    expect(findings(hsts({ includeSubdomains: true, preload: true }), 'CF2', preload)).toEqual([]);
    // A distribution sending only HSTS lacks every other header.
    const onlyHsts = (s: Stack) => withHeaders(s, { strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, includeSubdomains: true, override: true } });
    expect(findings(onlyHsts, 'CF3')).toEqual(
      ['x-content-type-options', 'x-frame-options', 'referrer-policy', ...(baselineHeaders['Content-Security-Policy'] ? ['content-security-policy'] : [])].map(
        (h) => `Bulwark-CF3[${h}]`,
      ),
    );
    expect(findings((s) => withHeaders(s, securityHeaders({ referrerPolicy: { referrerPolicy: 'unsafe-url', override: true } })), 'CF3')).toEqual([
      'Bulwark-CF3[referrer-policy]',
    ]);
    expect(findings((s) => withHeaders(s, securityHeaders({ frameOptions: { frameOption: 'DENY', override: true } })), 'CF3')).toEqual([]);
  });

  it('CF4 flags allow-all on any behavior', () => {
    expect(findings((s) => void distribution(s, { defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'allow-all' } }), 'CF4')).toEqual([
      'Bulwark-CF4[allow-all]',
    ]);
  });

  it('NET3 flags a web port open to the internet only when the origin is behind a proxy, every protocol and ranges included', () => {
    const behind = (origin: 'cloudfront' | 'cloudflare' | 'internet') => extendPreset('baseline', { name: 'demo', network: { origin: { behind: origin } } });
    const open = (origin: 'cloudfront' | 'cloudflare' | 'internet', ...ingress: Record<string, unknown>[]) =>
      findings((s) => void securityGroup(s, ingress), 'NET3', behind(origin));
    expect(open('cloudfront', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' })).toEqual(['Bulwark-NET3[tcp:443]']);
    expect(open('cloudflare', { ipProtocol: '-1', cidrIp: '0.0.0.0/0' })).toEqual(['Bulwark-NET3[tcp:80]', 'Bulwark-NET3[tcp:443]']);
    expect(
      open(
        'cloudflare',
        { ipProtocol: 'tcp', fromPort: 0, toPort: 1024, cidrIp: '0.0.0.0/1' },
        { ipProtocol: 'tcp', fromPort: 0, toPort: 1024, cidrIp: '128.0.0.0/1' },
      ),
    ).toEqual(['Bulwark-NET3[tcp:80]', 'Bulwark-NET3[tcp:443]']);
    expect(open('internet', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' })).toEqual([]);
    expect(
      findings(
        (s) => {
          const sg = securityGroup(s, []);
          new ec2.CfnSecurityGroupIngress(s, 'Web', { groupId: sg.attrGroupId, ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIp: '0.0.0.0/0' });
        },
        'NET3',
        behind('cloudfront'),
      ),
    ).toEqual(['Bulwark-NET3[tcp:80]']);
  });

  it("NET3 applies to a load balancer's groups that a CloudFront distribution fetches from, even with the origin on the internet", () => {
    const fronted =
      (origin: 'dns' | 'elsewhere', separateIngress = false) =>
      (s: Stack) => {
        const sg = securityGroup(s, separateIngress ? [] : [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }]);
        if (separateIngress)
          new ec2.CfnSecurityGroupIngress(s, 'Web', { groupId: sg.attrGroupId, ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIp: '0.0.0.0/0' });
        const lb = new elbv2.CfnLoadBalancer(s, 'Lb', { subnets: ['subnet-1', 'subnet-2'], securityGroups: [sg.attrGroupId] });
        distribution(s, {
          origins: [
            { id: 'o', domainName: origin === 'dns' ? lb.attrDnsName : 'origin.example.com', customOriginConfig: { originProtocolPolicy: 'https-only' } },
          ],
        });
      };
    // The baseline profile's origin is on the internet.
    expect(findings(fronted('dns'), 'NET3')).toEqual(['Bulwark-NET3[tcp:443]']);
    expect(findings(fronted('dns', true), 'NET3')).toEqual(['Bulwark-NET3[tcp:80]']);
    expect(findings(fronted('elsewhere'), 'NET3')).toEqual([]);
  });

  it('NET1 flags any port but the web ports open to the internet, IPv6, ranges and every protocol included', () => {
    const open = (...ingress: Record<string, unknown>[]) => findings((s) => void securityGroup(s, ingress), 'NET1');
    expect(open({ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv6: '::/0' })).toEqual(['Bulwark-NET1[tcp:5432]']);
    expect(open({ ipProtocol: '-1', cidrIp: '0.0.0.0/0' })).toEqual(['Bulwark-NET1[all]']);
    expect(open({ ipProtocol: 'tcp', fromPort: 0, toPort: 65535, cidrIp: '0.0.0.0/0' })).toEqual(['Bulwark-NET1[tcp:0-65535]']);
    expect(open({ ipProtocol: 'tcp', fromPort: 80, toPort: 443, cidrIp: '0.0.0.0/0' })).toEqual(['Bulwark-NET1[tcp:80-443]']);
    expect(
      open({ ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/1' }, { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '128.0.0.0/1' }),
    ).toEqual(['Bulwark-NET1[tcp:22]']);
    expect(
      open({ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }, { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.0.0/8' }),
    ).toEqual([]);
    expect(
      findings((s) => {
        const sg = securityGroup(s, []);
        new ec2.CfnSecurityGroupIngress(s, 'Ssh', { groupId: sg.attrGroupId, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/0' });
      }, 'NET1'),
    ).toEqual(['Bulwark-NET1[tcp:22]']);
  });
});
