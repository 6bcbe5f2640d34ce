// Which resources each rule of the Bulwark pack applies to. BulwarkChecks records, per rule, how
// many resources it applied to (bulwark-checks.json), and the checklist says `not checked` for an
// item no rule applied to: a rule that answers "not applicable" on a resource it is about (or
// "compliant" on one it is not) changes what a user sees even when no finding changes. One app
// holds a resource of each type some rule reads, and the variants a rule leaves alone (an internal
// load balancer, an HTTP listener for the HTTPS rules, an EventBridge rule that watches something
// else…); each rule is pinned to exactly the resources it judges.
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as fms from 'aws-cdk-lib/aws-fms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { AppIndex } from '../../../../lib/aws/core/app-index';
import { NOT_APPLICABLE } from '../../../../lib/checks/aws/aws-rule';
import { BULWARK_AWS_RULES } from '../../../../lib/checks/aws/aws-pack';
import { buildPolicy } from '../../../../lib/policy/normalize';
import { extendPreset } from '../../../../lib/profile/load';

type Overrides = Parameters<typeof extendPreset>[1];

function app(): App {
  const root = new App();
  const s = new Stack(root, 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const visibility = { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'm' };

  // WAF: a Web ACL, its logging, a rule group and Firewall Manager policies.
  const acl = new wafv2.CfnWebACL(s, 'Acl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility,
    rules: [
      {
        name: 'common',
        priority: 0,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
        visibilityConfig: visibility,
      },
    ],
  });
  new wafv2.CfnLoggingConfiguration(s, 'AclLog', { resourceArn: acl.attrArn, logDestinationConfigs: ['arn:aws:logs:eu-west-1:1:log-group:aws-waf-logs-x'] });
  new wafv2.CfnRuleGroup(s, 'RuleGroup', { scope: 'REGIONAL', capacity: 10, visibilityConfig: visibility });
  new fms.CfnPolicy(s, 'FmsWaf', {
    policyName: 'waf',
    excludeResourceTags: false,
    remediationEnabled: true,
    resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    securityServicePolicyData: { type: 'WAFV2', managedServiceData: '{"type":"WAFV2"}' },
  });
  new fms.CfnPolicy(s, 'FmsShield', {
    policyName: 'shield',
    excludeResourceTags: false,
    remediationEnabled: true,
    resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    securityServicePolicyData: { type: 'SHIELD_ADVANCED' },
  });

  // Load balancers: internet-facing and internal ALBs, an NLB, Classic Load Balancers, and their listeners.
  const albGroup = new ec2.CfnSecurityGroup(s, 'AlbGroup', {
    groupDescription: 'alb',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }],
  });
  const alb = new elbv2.CfnLoadBalancer(s, 'Alb', { subnets: ['subnet-1'], securityGroups: [albGroup.ref] });
  const internalAlb = new elbv2.CfnLoadBalancer(s, 'InternalAlb', { subnets: ['subnet-1'], scheme: 'internal', type: 'application' });
  const nlb = new elbv2.CfnLoadBalancer(s, 'Nlb', { subnets: ['subnet-1'], type: 'network' });
  const forward = [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }];
  const listener = (id: string, loadBalancerArn: string, protocol: string, port: number) =>
    new elbv2.CfnListener(s, id, { loadBalancerArn, protocol, port, defaultActions: forward });
  listener('AlbHttps', alb.ref, 'HTTPS', 443);
  listener('AlbHttp', alb.ref, 'HTTP', 80);
  listener('InternalHttps', internalAlb.ref, 'HTTPS', 443);
  listener('InternalHttp', internalAlb.ref, 'HTTP', 80);
  listener('NlbTls', nlb.ref, 'TLS', 443);
  listener('NlbTcp', nlb.ref, 'TCP', 80);
  new elb.CfnLoadBalancer(s, 'Classic', {
    availabilityZones: ['eu-west-1a'],
    listeners: [
      { loadBalancerPort: '443', instancePort: '80', protocol: 'HTTPS' },
      { loadBalancerPort: '80', instancePort: '80', protocol: 'HTTP' },
    ],
  });
  new elb.CfnLoadBalancer(s, 'ClassicInternalTcp', {
    availabilityZones: ['eu-west-1a'],
    scheme: 'internal',
    listeners: [{ loadBalancerPort: '5432', instancePort: '5432', protocol: 'TCP' }],
  });
  new elb.CfnLoadBalancer(s, 'ClassicTcp', { availabilityZones: ['eu-west-1a'], listeners: [{ loadBalancerPort: '22', instancePort: '22', protocol: 'TCP' }] });

  // Other entry points a Web ACL protects.
  new apigateway.CfnStage(s, 'Stage', { restApiId: 'api', stageName: 'prod' });
  new appsync.CfnGraphQLApi(s, 'GraphQl', { name: 'g', authenticationType: 'API_KEY' });
  new cloudfront.CfnDistribution(s, 'Cdn', {
    distributionConfig: {
      enabled: true,
      origins: [{ id: 'o', domainName: alb.attrDnsName, customOriginConfig: { originProtocolPolicy: 'https-only' } }],
      defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https' },
    },
  });

  // Network: the load balancer's group, the app tier behind it, a group of its own, and standalone rules.
  const appGroup = new ec2.CfnSecurityGroup(s, 'AppGroup', {
    groupDescription: 'app',
    securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: albGroup.attrGroupId }],
    securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8' }],
  });
  new ec2.CfnSecurityGroup(s, 'LoneGroup', { groupDescription: 'lone' });
  new ec2.CfnSecurityGroupIngress(s, 'AppIngress', { groupId: appGroup.attrGroupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8' });
  new ec2.CfnSecurityGroupIngress(s, 'OutsideIngress', {
    groupId: 'sg-0123456789abcdef0',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIp: '10.0.0.0/8',
  });
  new ec2.CfnSecurityGroupEgress(s, 'AppEgress', { groupId: appGroup.attrGroupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8' });

  // Secrets, keys, IAM, compute.
  const key = new kms.CfnKey(s, 'Key', {});
  const secret = new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: key.ref });
  new secretsmanager.CfnRotationSchedule(s, 'Rotation', { secretId: secret.ref, rotationRules: { automaticallyAfterDays: 30 } });
  const statement = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret.ref };
  new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, policies: [{ policyName: 'p', policyDocument: { Statement: [statement] } }] });
  new iam.CfnManagedPolicy(s, 'ManagedPolicy', { policyDocument: { Statement: [statement] } });
  new iam.CfnPolicy(s, 'Policy', { policyName: 'p', roles: ['r'], policyDocument: { Statement: [statement] } });
  new iam.CfnUser(s, 'User', { policies: [{ policyName: 'p', policyDocument: { Statement: [{ ...statement, Resource: '*' }] } }] });
  new lambda.CfnFunction(s, 'Fn', { role: 'arn:aws:iam::1:role/r', code: { zipFile: 'x' }, handler: 'index.handler', runtime: 'nodejs22.x' });
  new lambda.CfnFunction(s, 'FnWithEnvironment', {
    role: 'arn:aws:iam::1:role/r',
    code: { zipFile: 'x' },
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    environment: { variables: { LOG_LEVEL: 'info' } },
  });
  new ecs.CfnTaskDefinition(s, 'Task', { containerDefinitions: [{ name: 'app', image: 'x' }] });
  new ecs.CfnTaskDefinition(s, 'TaskWithoutContainers', {});

  // Monitoring: a certificate and alarms, StackSets, log groups, EventBridge rules, a trail.
  new acm.CfnCertificate(s, 'Cert', { domainName: 'example.com' });
  new cloudwatch.CfnAlarm(s, 'Alarm', {
    comparisonOperator: 'GreaterThanThreshold',
    evaluationPeriods: 1,
    threshold: 1,
    alarmActions: ['arn:aws:sns:eu-west-1:1:a'],
  });
  new cloudformation.CfnStackSet(s, 'StackSet', {
    stackSetName: 'embedded',
    permissionModel: 'SERVICE_MANAGED',
    templateBody: JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }),
  });
  new cloudformation.CfnStackSet(s, 'StackSetAtUrl', { stackSetName: 'url', permissionModel: 'SERVICE_MANAGED', templateUrl: 'https://example.com/t.json' });
  new cloudformation.CfnStackSet(s, 'StackSetWithoutTemplate', { stackSetName: 'none', permissionModel: 'SERVICE_MANAGED' });
  new cloudformation.CfnStack(s, 'NestedStack', { templateUrl: 'https://example.com/nested.json' });
  new logs.CfnLogGroup(s, 'Logs', {});
  new events.CfnRule(s, 'SecretReads', {
    eventPattern: { source: ['aws.secretsmanager'], detail: { eventName: ['GetSecretValue'] } },
    state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
  });
  new events.CfnRule(s, 'SecretWrites', { eventPattern: { source: ['aws.secretsmanager'], detail: { eventName: ['PutSecretValue'] } }, state: 'ENABLED' });
  new events.CfnRule(s, 'OtherReads', { eventPattern: { source: ['aws.ssm'], detail: { eventName: ['GetSecretValue'] } }, state: 'ENABLED' });
  new events.CfnRule(s, 'Scheduled', { scheduleExpression: 'rate(1 day)', state: 'ENABLED' });
  new cloudtrail.CfnTrail(s, 'Trail', { isLogging: true, s3BucketName: 'b' });
  new s3.CfnBucket(s, 'Bucket', {});
  return root;
}

/** Each rule → the logical IDs (construct IDs) of the resources it applied to. */
function appliedTo(overrides: Overrides = { name: 'demo' }): Record<string, string[]> {
  const root = app();
  const context = { index: AppIndex.of(root), policy: buildPolicy(extendPreset('baseline', overrides)) };
  const resources = root.node.findAll().filter((node): node is CfnResource => node instanceof CfnResource);
  return Object.fromEntries(
    BULWARK_AWS_RULES.map((definition) => [
      definition.code,
      resources.filter((resource) => definition.rule(resource, context) !== NOT_APPLICABLE).map((resource) => resource.node.id),
    ]),
  );
}

const BASELINE: Record<string, string[]> = {
  // Internet-facing entry points; not an internal ALB, an NLB or an internal Classic Load Balancer.
  WAF1: ['Alb', 'Classic', 'ClassicTcp', 'Stage', 'GraphQl', 'Cdn'],
  WAF2: ['Acl'],
  WAF3: ['Acl'],
  WAF4: ['Acl'],
  WAF5: ['Acl'],
  WAF6: ['Acl'],
  WAF7: ['Acl'],
  // A Firewall Manager policy of type WAFV2, not one of another service.
  FMS1: ['FmsWaf'],
  // HTTPS and TLS listeners (internal ones too), and a Classic Load Balancer with an HTTPS listener.
  ELB1: ['AlbHttps', 'InternalHttps', 'NlbTls', 'Classic'],
  // HTTP listeners of a load balancer that may face the internet, and internet-facing Classic Load Balancers.
  ELB2: ['AlbHttp', 'Classic', 'ClassicTcp'],
  ELB3: ['Alb', 'InternalAlb'],
  ELB4: ['Alb', 'InternalAlb'],
  // HTTPS listeners of an internet-facing ALB only.
  ELB5: ['AlbHttps'],
  SEC1: ['Secret'],
  SEC2: ['Secret'],
  // Roles and policies; not a user's inline policy.
  IAM1: ['Role', 'ManagedPolicy', 'Policy'],
  IAM2: ['Role'],
  ENV1: ['Fn', 'FnWithEnvironment', 'Task', 'TaskWithoutContainers'],
  CF1: ['Cdn'],
  CF2: ['Cdn'],
  CF3: ['Cdn'],
  CF4: ['Cdn'],
  ACM1: ['Cert'],
  CW1: ['Alarm'],
  // A StackSet with a template, embedded or at a URL (not a nested stack, which has a template URL too).
  CW2: ['StackSet', 'StackSetAtUrl'],
  // Every security group, and a standalone ingress rule whose group is outside the app (one on a group of the app is judged with it).
  NET1: ['AlbGroup', 'AppGroup', 'LoneGroup', 'OutsideIngress'],
  // The group that admits the load balancer's group: the app tier.
  NET2: ['AppGroup'],
  // With the origin on the internet: only the group of the load balancer a distribution of the app names as its origin.
  NET3: ['AlbGroup'],
  LOG1: ['Logs'],
  // The EventBridge rule that watches GetSecretValue from Secrets Manager.
  LOG2: ['SecretReads'],
  LOG3: ['Trail'],
};

describe('each rule applies to the resources it judges and to no other (what bulwark-checks.json counts)', () => {
  const applied = appliedTo();

  it('pins every rule of the pack', () => {
    expect(Object.keys(applied)).toEqual(Object.keys(BASELINE));
  });

  it.each(Object.entries(BASELINE))('%s applies to %j', (code, resources) => {
    expect(applied[code]).toEqual(resources);
  });

  it('NET3 applies to every security group and outside ingress rule once the origin is behind a proxy', () => {
    expect(appliedTo({ name: 'demo', network: { origin: { behind: 'cloudfront' } } } as Overrides).NET3).toEqual([
      'AlbGroup',
      'AppGroup',
      'LoneGroup',
      'OutsideIngress',
    ]);
  });
});

describe('a resource declared with the generic CfnResource (no typed properties to read)', () => {
  const generic = (type: string) => {
    const root = new App();
    const node = new CfnResource(new Stack(root, 'S'), 'Generic', { type });
    return { node, context: { index: AppIndex.of(root), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) } };
  };
  const types = [
    ...new Set(
      app()
        .node.findAll()
        .filter((node): node is CfnResource => node instanceof CfnResource)
        .map((node) => node.cfnResourceType),
    ),
  ];

  it.each(types)('every rule gives %s a verdict instead of failing', (type) => {
    const { node, context } = generic(type);
    for (const definition of BULWARK_AWS_RULES) expect(() => definition.rule(node, context)).not.toThrow();
  });

  it('is judged as having none of the settings the rules look for', () => {
    const byCode = (code: string, type: string) => {
      const { node, context } = generic(type);
      return BULWARK_AWS_RULES.find((definition) => definition.code === code)!.rule(node, context);
    };
    expect(byCode('CF1', 'AWS::CloudFront::Distribution')).toBe('Non-Compliant');
    expect(byCode('WAF1', 'AWS::CloudFront::Distribution')).toBe('Non-Compliant');
    expect(byCode('SEC1', 'AWS::SecretsManager::Secret')).toEqual(['no-rotation']);
    expect(byCode('SEC2', 'AWS::SecretsManager::Secret')).toBe('Non-Compliant');
  });
});
