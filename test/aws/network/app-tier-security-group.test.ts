import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { AppTierSecurityGroup, type AppTierDependency } from '../../../lib/aws/network/app-tier-security-group';
import { EdgeSecurityGroups } from '../../../lib/aws/network/edge-security-groups';
import { type HardeningProfileInput, Profile } from '../../../lib/tooling';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';

const env = { account: '123456789012', region: 'eu-west-1' };
const DESCRIPTION = 'Application tier: from the load balancer only, out to named dependencies (Bulwark)';

function addAppTier(stack: Stack, network: HardeningProfileInput['network'] = {}, dependencies?: (vpc: ec2.IVpc) => AppTierDependency[]) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const profile = Profile.fromObject({ name: 'demo', network });
  const edge = new EdgeSecurityGroups(stack, 'Edge', { vpc, profile });
  return new AppTierSecurityGroup(stack, 'AppTier', {
    vpc,
    profile,
    loadBalancerSecurityGroup: edge.loadBalancerSecurityGroup,
    ...(dependencies ? { dependencies: dependencies(vpc) } : {}),
  });
}

function build(network: HardeningProfileInput['network'] = {}, dependencies?: (vpc: ec2.IVpc) => AppTierDependency[]) {
  const stack = new Stack(new App(), 'Stack', { env });
  const appTier = addAppTier(stack, network, dependencies);
  return { appTier, template: Template.fromStack(stack) };
}

/** The app tier group's inline egress rules. */
function egressOf(template: Template): Record<string, unknown>[] {
  const group = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: DESCRIPTION } }))[0] as {
    Properties: { SecurityGroupEgress: Record<string, unknown>[] };
  };
  return group.Properties.SecurityGroupEgress;
}

describe('AppTierSecurityGroup', () => {
  useCloudFormationValidator();

  it('accepts the app port (8080 by default) only from the load balancer group, which gets the matching egress', () => {
    const { template } = build();
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.values(ingress)).toHaveLength(1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeLoadBalancer'), 'GroupId'] },
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppTier'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      FromPort: 8080,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppTier'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: DESCRIPTION, SecurityGroupIngress: Match.absent() });
  });

  it('connects by default only to HTTPS inside the VPC (interface endpoints): no all-outbound rule', () => {
    const { template } = build();
    expect(egressOf(template)).toEqual([
      {
        CidrIp: { 'Fn::GetAtt': [expect.stringMatching(/^Vpc/), 'CidrBlock'] },
        Description: 'HTTPS to VPC endpoints in the VPC',
        FromPort: 443,
        IpProtocol: 'tcp',
        ToPort: 443,
      },
    ]);
  });

  it('connects only to what the profile names: HTTPS hosts and prefix lists, dependencies on their ports', () => {
    const { template } = build({
      appPorts: [8443],
      egress: {
        https: ['198.51.100.0/24', 'pl-63a5400a', '2001:db8::/64'],
        httpsWithinVpc: false,
        dependencies: [{ name: 'postgres', port: 5432, to: ['10.0.30.0/24'] }],
      },
    });
    expect(egressOf(template)).toEqual([
      { CidrIp: '198.51.100.0/24', Description: 'HTTPS to 198.51.100.0/24', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      { CidrIpv6: '2001:db8::/64', Description: 'HTTPS to 2001:db8::/64', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      { CidrIp: '10.0.30.0/24', Description: 'postgres on 5432', FromPort: 5432, IpProtocol: 'tcp', ToPort: 5432 },
    ]);
    // A prefix list is never inlined by aws-cdk-lib: its rule is a resource of its own.
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      DestinationPrefixListId: 'pl-63a5400a',
      FromPort: 443,
      ToPort: 443,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppTier'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8443, ToPort: 8443 });
  });

  it("reaches a dependency's security group on its port", () => {
    const { template } = build({ egress: { httpsWithinVpc: false } }, (vpc) => [
      { peer: new ec2.SecurityGroup(vpc, 'Cache', { vpc }), port: 6379, description: 'Redis' },
    ]);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      FromPort: 6379,
      ToPort: 6379,
      Description: 'Redis',
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppTier'), 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VpcCache'), 'GroupId'] },
    });
  });

  it('refuses database and cache ports reached across the whole internet, listing every one', () => {
    expect(() =>
      build({ egress: { dependencies: [{ name: 'postgres', port: 5432, to: ['0.0.0.0/1', '128.0.0.0/1'] }] } }, () => [
        { peer: ec2.Peer.anyIpv6(), port: 6379 },
        { peer: ec2.Peer.anyIpv4(), port: 3306 },
      ]),
    ).toThrow(
      /3 problems:\n- network\.egress\.dependencies\[0\]\.to: reaches port 5432 \(PostgreSQL\) of postgres across the whole internet; list its addresses\n- dependencies\[0\]: reaches port 6379 \(Redis\) across the whole internet \(::\/0\)[^\n]*\n- dependencies\[1\]: reaches port 3306 \(MySQL\) across the whole internet \(0\.0\.0\.0\/0\)/,
    );
  });

  it("passes aws-cdk-lib's CloudFormation validator", () => {
    expect(
      synthValidated(
        (stack) => void addAppTier(stack, { egress: { https: ['pl-63a5400a'], dependencies: [{ name: 'redis', port: 6379, to: ['10.0.20.0/24'] }] } }),
      ),
    ).toEqual([]);
  });
});
