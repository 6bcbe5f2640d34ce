import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { EdgeSecurityGroups } from '../../../lib/aws/network/edge-security-groups';
import { RequireImdsv2 } from '../../../lib/aws/network/require-imdsv2';
import { type HardeningProfileInput, Profile } from '../../../lib/tooling';
import { CLOUDFLARE_IP_RANGES } from '../../../lib/policy/edges/cloudflare-ip-ranges';

const env = { account: '123456789012', region: 'eu-west-1' };
function build(network: HardeningProfileInput['network'] = {}, extra: Partial<HardeningProfileInput> = {}, prefixListId?: string) {
  const stack = new Stack(new App(), 'Stack', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cloudFrontPrefixList = prefixListId ? ec2.PrefixList.fromPrefixListId(stack, 'CloudFront', prefixListId) : undefined;
  const groups = new EdgeSecurityGroups(stack, 'Edge', { vpc, profile: Profile.fromObject({ name: 'demo', network, ...extra }), cloudFrontPrefixList });
  return { groups, template: Template.fromStack(stack) };
}
const loadBalancerIngress = (template: Template) =>
  (
    Object.values(template.findResources('AWS::EC2::SecurityGroup')).find((sg) =>
      (sg as { Properties: { GroupDescription: string } }).Properties.GroupDescription.startsWith('Load balancer'),
    ) as { Properties: { SecurityGroupIngress?: Record<string, unknown>[] } }
  ).Properties.SecurityGroupIngress;

describe('EdgeSecurityGroups', () => {
  it('opens only 80 and 443 on the load balancer, to IPv4 and IPv6, and egress only into the VPC', () => {
    const { template, groups } = build();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Load balancer: only the public web ports (Bulwark)',
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 }),
        Match.objectLike({ CidrIpv6: '::/0', FromPort: 80, ToPort: 80 }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
        Match.objectLike({ CidrIpv6: '::/0', FromPort: 443, ToPort: 443 }),
      ],
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vpc'), 'CidrBlock'] }, IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 }),
      ],
    });
    expect(groups.adminSecurityGroup).toBeUndefined();
  });

  it('allows SSH only from the admin CIDRs', () => {
    const { template } = build({ adminCidrs: ['203.0.113.10/32', '2001:db8::/64'] });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'SSH from the admin addresses only (Bulwark)',
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '203.0.113.10/32', FromPort: 22, ToPort: 22 })]),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIpv6: '2001:db8::/64', FromPort: 22, ToPort: 22 })]),
    });
    const admin = Object.values(template.findResources('AWS::EC2::SecurityGroup')).find((sg) =>
      (sg as { Properties: { GroupDescription: string } }).Properties.GroupDescription.startsWith('SSH'),
    ) as { Properties: { SecurityGroupIngress: unknown[] } };
    expect(admin.Properties.SecurityGroupIngress).toHaveLength(2);
  });

  it('refuses SSH from anywhere and public ports other than 80 and 443, naming the fields', () => {
    expect(() => build({ adminCidrs: ['0.0.0.0/0'], ingressPorts: [443, 22, 8080] })).toThrow(
      /3 problems:\n- network.adminCidrs: 0\.0\.0\.0\/0 opens SSH to the whole internet[\s\S]*- network.ingressPorts: port 22 would be open to every source[\s\S]*- network.ingressPorts: port 8080 cannot be opened to the internet/,
    );
  });
});

describe('EdgeSecurityGroups behind a CDN (network.origin)', () => {
  it("admits only CloudFront's origin-facing prefix list, on 443 alone, behind CloudFront", () => {
    const { template } = build({ origin: { behind: 'cloudfront' } }, {}, 'pl-3b927c52');
    // aws-cdk-lib writes a prefix-list source as its own ingress resource, not inline.
    expect(loadBalancerIngress(template)).toBeUndefined();
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => (r as { Properties: unknown }).Properties);
    expect(ingress).toEqual([
      {
        Description: 'HTTPS from CloudFront origin-facing servers only',
        FromPort: 443,
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^EdgeLoadBalancer/), 'GroupId'] },
        IpProtocol: 'tcp',
        SourcePrefixListId: 'pl-3b927c52',
        ToPort: 443,
      },
    ]);
  });

  it('refuses CloudFront without the prefix list, or without port 443, saying how to find the list', () => {
    expect(() => build({ origin: { behind: 'cloudfront' } })).toThrow(
      /cloudFrontPrefixList: network\.origin\.behind is cloudfront[\s\S]*com\.amazonaws\.global\.cloudfront\.origin-facing/,
    );
    expect(() => build({ origin: { behind: 'cloudfront' }, ingressPorts: [80] }, {}, 'pl-3b927c52')).toThrow(
      /network\.ingressPorts: behind CloudFront the load balancer serves HTTPS \(443\)/,
    );
  });

  it("admits only Cloudflare's published ranges, IPv4 and IPv6, on each web port, when the profile has the cloudflare edge", () => {
    const { template } = build({}, { edges: ['aws', 'cloudflare'] });
    const ingress = loadBalancerIngress(template) ?? [];
    const sources = (port: number) => ingress.filter((rule) => rule.FromPort === port).map((rule) => rule.CidrIp ?? rule.CidrIpv6);
    for (const port of [80, 443]) expect(sources(port)).toEqual([...CLOUDFLARE_IP_RANGES.ipv4, ...CLOUDFLARE_IP_RANGES.ipv6]);
    expect(ingress.some((rule) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0')).toBe(false);
    // Within the 60 inbound rules a group holds per address family by default.
    expect(ingress.filter((rule) => rule.CidrIp !== undefined).length).toBeLessThanOrEqual(60);
  });

  it('stays open to the internet when the profile says the origin is not behind its Cloudflare edge', () => {
    const { template } = build({ origin: { behind: 'internet' } }, { edges: ['aws', 'cloudflare'] });
    expect(loadBalancerIngress(template)).toContainEqual(expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443 }));
  });
});

describe('RequireImdsv2', () => {
  it('requires IMDSv2 with hop limit 1 on launch templates and instances', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new ec2.LaunchTemplate(stack, 'Template', { machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    new ec2.Instance(stack, 'Host', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    Aspects.of(stack).add(new RequireImdsv2());
    const template = Template.fromStack(stack);
    const metadata = { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' };
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 1);
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ MetadataOptions: metadata }) });
    // Set on the instance itself (no interruption), never through a new launch template (which would replace the instance).
    template.hasResourceProperties('AWS::EC2::Instance', { MetadataOptions: metadata, LaunchTemplate: Match.absent() });
  });

  it('does not flag the launch template CDK gives an instance with requireImdsv2, and covers launch configurations', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new ec2.Instance(stack, 'Host', {
      vpc,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      requireImdsv2: true,
    });
    new autoscaling.CfnLaunchConfiguration(stack, 'Legacy', { imageId: 'ami-12345678', instanceType: 't3.micro' });
    Aspects.of(stack).add(new RequireImdsv2());
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::LaunchConfiguration', {
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' },
    });
  });

  it('keeps the metadata endpoint off where it was turned off', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    new ec2.CfnInstance(stack, 'NoImds', { imageId: 'ami-12345678', metadataOptions: { httpEndpoint: 'disabled' } });
    new ec2.CfnLaunchTemplate(stack, 'NoImdsTemplate', { launchTemplateData: { metadataOptions: { httpEndpoint: 'disabled' } } });
    Aspects.of(stack).add(new RequireImdsv2());
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::Instance', { MetadataOptions: { HttpEndpoint: 'disabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 } });
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpEndpoint: 'disabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 } },
    });
  });

  it('overrides the metadata options of an instance whose launch template lives elsewhere, keeping its other options', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    new ec2.CfnInstance(stack, 'Legacy', {
      imageId: 'ami-12345678',
      launchTemplate: { launchTemplateId: 'lt-0123456789abcdef0', version: '1' },
      metadataOptions: { httpTokens: 'optional', instanceMetadataTags: 'enabled' },
    });
    Aspects.of(stack).add(new RequireImdsv2());
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::Instance', {
      LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '1' },
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled', InstanceMetadataTags: 'enabled' },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
