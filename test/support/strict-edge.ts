import { Aspects, type Stack } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { join } from 'node:path';
import { Profile } from '../../lib/tooling';
import {
  AppTierSecurityGroup,
  EdgeSecurityGroups,
  HardenedCertificate,
  HardenedDistribution,
  HardenedHttpsListener,
  HardenedSecrets,
  HardenedWebAcl,
  RequireImdsv2,
  SecurityAlarms,
} from '../../lib';
import { WebAclScope } from '../../lib/aws/waf/web-acl-scope';

/** Every Bulwark AWS construct on the strict example profile, wired as a user would (us-east-1). */
export function addStrictEdge(stack: Stack): void {
  const profile = Profile.fromFile(join(__dirname, '..', '..', 'examples', 'profiles', 'strict.yaml'));
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
  const groups = new EdgeSecurityGroups(stack, 'Groups', { vpc, profile });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: groups.loadBalancerSecurityGroup });
  const appTier = new AppTierSecurityGroup(stack, 'AppTier', { vpc, profile, loadBalancerSecurityGroup: groups.loadBalancerSecurityGroup });
  const alarms = new SecurityAlarms(stack, 'Alarms', { profile });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const certificate = new HardenedCertificate(stack, 'Cert', { domainName: 'api.example.com', hostedZone: zone, alarms });
  new HardenedHttpsListener(stack, 'Https', {
    loadBalancer,
    certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate.certificate)],
    profile,
  });
  const regionalAcl = new HardenedWebAcl(stack, 'Waf', { profile });
  regionalAcl.associateLoadBalancer(loadBalancer);
  alarms.alarmOnWebAcl(regionalAcl);
  alarms.alarmOnLoadBalancer(loadBalancer);
  alarms.alarmOnAuthFailures(new logs.LogGroup(stack, 'AppLogs', { retention: logs.RetentionDays.ONE_YEAR }));
  const edgeAcl = new HardenedWebAcl(stack, 'EdgeWaf', { profile, webAclScope: WebAclScope.CLOUDFRONT });
  alarms.alarmOnWebAcl(edgeAcl);
  new HardenedDistribution(stack, 'Cdn', {
    origin: new origins.HttpOrigin('api.example.com'),
    profile,
    webAcl: edgeAcl,
    certificate: certificate.certificate,
    domainNames: ['api.example.com'],
  });
  new HardenedSecrets(stack, 'Secrets', { profile, notificationTopic: alarms.topic });
  new ec2.Instance(stack, 'Bastion', {
    vpc,
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    requireImdsv2: true,
    securityGroup: appTier.securityGroup,
  });
  Aspects.of(stack).add(new RequireImdsv2());
}
