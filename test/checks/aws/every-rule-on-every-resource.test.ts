// Every rule of the Bulwark pack runs on every resource of an app: a rule must judge only the
// resources it is about. One app, secure in every respect the pack checks, holding a resource of
// each type some rule reads, gets no finding at all; a rule that judged a resource of another
// type (its type test dropped) would flag one here (mutation testing, issue 28).
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { extendPreset } from '../../../lib/profile/load';
import { buildPolicy } from '../../../lib/policy/normalize';
import { compileWafRules } from '../../../lib/aws/waf/compile-rules';
import { SecurityHeaders } from '../../../lib/aws/headers/security-headers';
import { albResponseHeaders } from '../../../lib/aws/core/alb-response-headers';
import { toProfile } from '../../../lib/tooling';

const PROFILE = extendPreset('baseline', { name: 'demo' });

function secureApp(): App {
  const app = new App();
  const s = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const visibility = (metricName: string) => ({ sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName });
  const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  });
  // The profile's rate limits (per IP, and on the login paths) as the Web ACL compiler writes them: WAF3 judges each.
  const rateRules = compileWafRules(buildPolicy(PROFILE), {
    metricPrefix: 'demo',
    ipSetArn: () => 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/1',
    regexPatternSetArn: () => 'arn:aws:wafv2:eu-west-1:123456789012:regional/regexpatternset/x/1',
  })
    .rules.map((compiled) => compiled.rule)
    .filter((rule) => (rule.statement as wafv2.CfnWebACL.StatementProperty).rateBasedStatement !== undefined);
  const acl = new wafv2.CfnWebACL(s, 'Acl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('acl'),
    rules: [
      managed('AWSManagedRulesCommonRuleSet', 0),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
      managed('AWSManagedRulesSQLiRuleSet', 2),
      ...rateRules.map((rule, index) => ({ ...rule, priority: 3 + index })),
    ],
  });
  new wafv2.CfnLoggingConfiguration(s, 'AclLog', {
    resourceArn: acl.attrArn,
    logDestinationConfigs: ['arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-x'],
    redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
  });
  const lb = new elbv2.CfnLoadBalancer(s, 'Lb', {
    subnets: ['subnet-1', 'subnet-2'],
    loadBalancerAttributes: [
      { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
      { key: 'routing.http.desync_mitigation_mode', value: 'strictest' },
    ],
  });
  new wafv2.CfnWebACLAssociation(s, 'Assoc', { resourceArn: lb.ref, webAclArn: acl.attrArn });
  new elbv2.CfnListener(s, 'Https', {
    loadBalancerArn: lb.ref,
    protocol: 'HTTPS',
    port: 443,
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
    defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
    // The profile's headers as HardenedHttpsListener sets them: ELB5 judges them.
    listenerAttributes: Object.entries(albResponseHeaders(buildPolicy(PROFILE)).attributes).map(([key, value]) => ({ key, value })),
  });
  new elbv2.CfnListener(s, 'Http', {
    loadBalancerArn: lb.ref,
    protocol: 'HTTP',
    port: 80,
    defaultActions: [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
  });
  const key = new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: 'alias/mine' });
  new secretsmanager.CfnRotationSchedule(s, 'Rotation', {
    secretId: key.ref,
    rotationLambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate',
    rotationRules: { scheduleExpression: 'rate(30 days)' },
  });
  new iam.CfnRole(s, 'Role', {
    assumeRolePolicyDocument: {},
    maxSessionDuration: 3_600,
    policies: [{ policyName: 'read', policyDocument: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: key.ref }] } }],
  });
  new iam.CfnManagedPolicy(s, 'Managed', { policyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } });
  new iam.CfnPolicy(s, 'Policy', {
    policyName: 'p',
    roles: ['r'],
    policyDocument: { Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] },
  });
  new lambda.CfnFunction(s, 'Fn', {
    role: 'arn:aws:iam::123456789012:role/r',
    code: { zipFile: 'x' },
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    environment: { variables: { SECRET_ARN: key.ref, LOG_LEVEL: 'info' } },
  });
  new ecs.CfnTaskDefinition(s, 'Task', { containerDefinitions: [{ name: 'app', image: 'x', environment: [{ name: 'LOG_LEVEL', value: 'info' }] }] });
  const certificate = new acm.CfnCertificate(s, 'Cert', { domainName: 'example.com' });
  new cloudwatch.CfnAlarm(s, 'Expiry', {
    comparisonOperator: 'LessThanThreshold',
    evaluationPeriods: 1,
    threshold: 30,
    namespace: 'AWS/CertificateManager',
    metricName: 'DaysToExpiry',
    dimensions: [{ name: 'CertificateArn', value: certificate.ref }],
    period: 86_400,
    statistic: 'Minimum',
    alarmActions: ['arn:aws:sns:eu-west-1:123456789012:alerts'],
  });
  new logs.CfnLogGroup(s, 'Logs', { retentionInDays: 365 });
  new cloudfront.CfnDistribution(s, 'Cdn', {
    distributionConfig: {
      enabled: true,
      webAclId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1',
      viewerCertificate: {
        acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/1',
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      },
      defaultCacheBehavior: {
        targetOriginId: 'o',
        viewerProtocolPolicy: 'redirect-to-https',
        // The profile's headers, as Bulwark's construct writes them (CF2 and CF3 judge them against the profile).
        responseHeadersPolicyId: new SecurityHeaders(s, 'Headers', { profile: toProfile(PROFILE) }).responseHeadersPolicy.responseHeadersPolicyId,
      },
    },
  });
  return app;
}

it('an app secure in every respect the pack checks, with a resource of each type a rule reads, gets no finding from any rule', () => {
  const report = new BulwarkChecks(undefined, { profile: toProfile(PROFILE) }).validateScope(secureApp());
  expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual([]);
});
