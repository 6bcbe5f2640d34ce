#!/usr/bin/env node
// The AWS example app (cdk.json): the strict profile's edge on AWS, checked by BulwarkChecks.
//   npm run build && npx cdk synth
// Context (cdk.json or -c): profile (a profile file; default examples/profiles/strict.yaml),
// region (default us-east-1, where CloudFront's Web ACL and certificate must live),
// domainName (default api.example.com), hostedZoneId + zoneName (DNS validation; without them
// the certificate waits for its records to be added by hand), certificateArn (use an existing one),
// cloudFrontPrefixListId (CloudFront's origin-facing prefix list in the region; default pl-3b927c52,
// us-east-1's: aws ec2 describe-managed-prefix-lists --region us-east-1
// --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing).
//
// This app fronts its load balancer with its own CloudFront distribution, so its origin is behind
// CloudFront whatever the profile's network.origin.behind says (the strict example's default is
// cloudflare, for its cloudflare edge: that edge is bin/cloudflare-app.ts, a separate zone that
// fronts an origin of its own). The load balancer therefore admits only CloudFront's prefix list,
// and the regional Web ACL keys nothing on the client address (the CLOUDFRONT-scope ACL does).
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { HardenedDistribution } from '../lib/aws/headers/hardened-distribution';
import { SecurityAlarms } from '../lib/aws/monitoring/security-alarms';
import { AppTierSecurityGroup } from '../lib/aws/network/app-tier-security-group';
import { EdgeSecurityGroups } from '../lib/aws/network/edge-security-groups';
import { RequireImdsv2 } from '../lib/aws/network/require-imdsv2';
import { HardenedSecrets } from '../lib/aws/secrets/hardened-secrets';
import { HardenedCertificate } from '../lib/aws/tls/hardened-certificate';
import { HardenedHttpsListener } from '../lib/aws/tls/hardened-https-listener';
import { HardenedWebAcl } from '../lib/aws/waf/hardened-web-acl';
import { BulwarkChecks } from '../lib/checks/aws/bulwark-checks';
import { loadProfile } from '../lib/profile/load';
import { toProfile } from '../lib/profile/profile-data';
import type { HardeningProfile } from '../lib/profile/schema';
import { WebAclScope } from '../lib/aws/waf/web-acl-scope';

/** CloudFront's origin-facing prefix list in us-east-1 (IDs differ per Region). */
const US_EAST_1 = 'us-east-1';
const US_EAST_1_CLOUDFRONT_PREFIX_LIST = 'pl-3b927c52';

const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key) as string | undefined;
const loaded = loadProfile(context('profile') ?? 'examples/profiles/strict.yaml');
// Authenticated origin pulls are Cloudflare's, so they go with the override.
const data: HardeningProfile = { ...loaded, network: { ...loaded.network, origin: { behind: 'cloudfront' } } };
const profile = toProfile(data);
const domainName = context('domainName') ?? 'api.example.com';
const region = context('region') ?? 'us-east-1';
const cloudFrontPrefixListId = context('cloudFrontPrefixListId') ?? (region === US_EAST_1 ? US_EAST_1_CLOUDFRONT_PREFIX_LIST : undefined);
if (cloudFrontPrefixListId === undefined)
  throw new Error(`pass -c cloudFrontPrefixListId=pl-… (com.amazonaws.global.cloudfront.origin-facing in ${region}); the default is us-east-1's`);

// The region is fixed (CloudFront's Web ACL and certificate live in us-east-1); the account is not: the stack deploys to whichever account runs it.
const stack = new Stack(app, 'BulwarkEdge', { env: { region }, description: `Bulwark hardened edge (${profile.name})` });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, flowLogs: { rejected: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const groups = new EdgeSecurityGroups(stack, 'SecurityGroups', {
  vpc,
  profile,
  cloudFrontPrefixList: ec2.PrefixList.fromPrefixListId(stack, 'CloudFrontOriginFacing', cloudFrontPrefixListId),
});
const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'LoadBalancer', { vpc, internetFacing: true, securityGroup: groups.loadBalancerSecurityGroup });
// The group for the load balancer's targets (instances, ECS services): network.appPorts from the load balancer only, out to network.egress only.
new AppTierSecurityGroup(stack, 'AppTier', { vpc, profile, loadBalancerSecurityGroup: groups.loadBalancerSecurityGroup });

const alarms = new SecurityAlarms(stack, 'Alarms', { profile });
const hostedZoneId = context('hostedZoneId');
const zoneName = context('zoneName');
const hostedZone = hostedZoneId && zoneName ? route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId, zoneName }) : undefined;
const certificateArn = context('certificateArn');
const certificate = new HardenedCertificate(stack, 'Certificate', certificateArn ? { certificateArn, alarms } : { domainName, hostedZone, alarms });

new HardenedHttpsListener(stack, 'Https', { loadBalancer, certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate.certificate)], profile });
const regionalWaf = new HardenedWebAcl(stack, 'Waf', { profile });
regionalWaf.associateLoadBalancer(loadBalancer);
alarms.alarmOnWebAcl(regionalWaf);
alarms.alarmOnLoadBalancer(loadBalancer);

const edgeWaf = new HardenedWebAcl(stack, 'EdgeWaf', { profile, webAclScope: WebAclScope.CLOUDFRONT });
alarms.alarmOnWebAcl(edgeWaf);
new HardenedDistribution(stack, 'Cdn', {
  origin: new origins.LoadBalancerV2Origin(loadBalancer, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
  profile,
  webAcl: edgeWaf,
  certificate: certificate.certificate,
  domainNames: [domainName],
});
new HardenedSecrets(stack, 'Secrets', { profile, notificationTopic: alarms.topic });
if (data.network.requireImdsv2) Aspects.of(stack).add(new RequireImdsv2());

Validations.of(app).addPlugins(new BulwarkChecks(app, { profile }));
app.synth();
