import { Aspects } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HardenedDistribution } from '../../lib/aws/headers/hardened-distribution';
import { SecurityAlarms } from '../../lib/aws/monitoring/security-alarms';
import { EdgeSecurityGroups } from '../../lib/aws/network/edge-security-groups';
import { RequireImdsv2 } from '../../lib/aws/network/require-imdsv2';
import { HardenedCertificate } from '../../lib/aws/tls/hardened-certificate';
import { HardenedHttpsListener } from '../../lib/aws/tls/hardened-https-listener';
import { HardenedWebAcl } from '../../lib/aws/waf/hardened-web-acl';
import { loadProfile } from '../../lib';
import { synthValidated, useCloudFormationValidator } from '../support/synth-validated';

describe('the strict example edge under the CloudFormation validator (strict mode)', () => {
  useCloudFormationValidator();

  it('has zero findings: listener, certificate, security groups, headers, distribution, alarms, IMDSv2', () => {
    const profile = loadProfile(join(__dirname, '..', '..', 'examples', 'profiles', 'strict.yaml'));
    const violations = synthValidated((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
      const groups = new EdgeSecurityGroups(stack, 'Groups', { vpc, profile });
      const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: groups.loadBalancerSecurityGroup });
      const alarms = new SecurityAlarms(stack, 'Alarms', { profile });
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
      const certificate = new HardenedCertificate(stack, 'Cert', { domainName: 'api.example.com', hostedZone: zone, alarms });
      new HardenedHttpsListener(stack, 'Https', { loadBalancer, certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate.certificate)], profile });
      const regionalAcl = new HardenedWebAcl(stack, 'Waf', { profile });
      regionalAcl.associateLoadBalancer(loadBalancer);
      alarms.alarmOnWebAcl(regionalAcl);
      alarms.alarmOnLoadBalancer(loadBalancer);
      alarms.alarmOnAuthFailures(new logs.LogGroup(stack, 'AppLogs', { retention: logs.RetentionDays.ONE_YEAR }));
      const edgeAcl = new HardenedWebAcl(stack, 'EdgeWaf', { profile, scope: 'CLOUDFRONT' });
      new HardenedDistribution(stack, 'Cdn', { origin: new origins.HttpOrigin('api.example.com'), profile, webAcl: edgeAcl, certificate: certificate.certificate, domainNames: ['api.example.com'] });
      new ec2.Instance(stack, 'Bastion', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
      Aspects.of(stack).add(new RequireImdsv2());
    }, 'us-east-1');
    expect(violations).toEqual([]);
  });
});
