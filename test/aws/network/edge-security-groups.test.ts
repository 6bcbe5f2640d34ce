import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { EdgeSecurityGroups } from '../../../lib/aws/network/edge-security-groups';
import { RequireImdsv2 } from '../../../lib/aws/network/require-imdsv2';
import { parseProfile, type HardeningProfileInput } from '../../../lib';

const env = { account: '123456789012', region: 'eu-west-1' };
function build(network: HardeningProfileInput['network'] = {}) {
  const stack = new Stack(new App(), 'Stack', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const groups = new EdgeSecurityGroups(stack, 'Edge', { vpc, profile: parseProfile({ name: 'demo', network }) });
  return { groups, template: Template.fromStack(stack) };
}

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
