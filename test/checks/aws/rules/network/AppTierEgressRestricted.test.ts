import { App, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset, type HardeningProfileInput } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { AppTierEgressRestricted } from '../../../../../lib/checks/aws/rules/network/AppTierEgressRestricted';

const ALL_OUT = { ipProtocol: '-1', cidrIp: '0.0.0.0/0' };

/** A load balancer's group, and an app group admitting it (inline or standalone), with the app group's egress. */
function judge(
  egress: unknown,
  {
    admits = 'standalone',
    network = {},
    classic = false,
  }: { admits?: 'inline' | 'standalone' | 'nothing'; network?: HardeningProfileInput['network']; classic?: boolean } = {},
) {
  const app = new App();
  const stack = new Stack(app, 'S');
  const lbGroup = new ec2.CfnSecurityGroup(stack, 'LbSg', { groupDescription: 'lb' });
  if (classic)
    new elb.CfnLoadBalancer(stack, 'Lb', {
      subnets: ['subnet-1', 'subnet-2'],
      securityGroups: [lbGroup.attrGroupId],
      listeners: [{ loadBalancerPort: '443', instancePort: '8080', protocol: 'HTTPS', sslCertificateId: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }],
    });
  else new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1', 'subnet-2'], securityGroups: [lbGroup.attrGroupId] });
  const fromLb = { ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: lbGroup.attrGroupId };
  const appGroup = new ec2.CfnSecurityGroup(stack, 'AppSg', {
    groupDescription: 'app',
    securityGroupIngress: admits === 'inline' ? [fromLb] : [],
    securityGroupEgress: egress as never,
  });
  if (admits === 'standalone') new ec2.CfnSecurityGroupIngress(stack, 'FromLb', { ...fromLb, groupId: appGroup.attrGroupId });
  const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo', network })) };
  return { app: AppTierEgressRestricted(appGroup, context), loadBalancer: AppTierEgressRestricted(lbGroup, context) };
}

describe('Bulwark-NET2', () => {
  it('passes an app group whose egress names its dependencies only', () => {
    expect(
      judge([
        { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.30.0/24' },
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, destinationPrefixListId: 'pl-63a5400a' },
      ]).app,
    ).toBe(COMPLIANT);
  });

  it.each(['inline', 'standalone'] as const)('flags all outbound on a group that admits the load balancer (%s ingress)', (admits) => {
    expect(judge([ALL_OUT], { admits }).app).toEqual(['all']);
  });

  it('judges the group behind a Classic Load Balancer as well', () => {
    expect(judge([ALL_OUT], { classic: true }).app).toEqual(['all']);
    expect(judge(undefined, { classic: true, admits: 'inline' }).app).toEqual(['all-by-default']);
    expect(judge([ALL_OUT], { classic: true }).loadBalancer).toBe(NOT_APPLICABLE);
  });

  it('flags a group without egress rules: CloudFormation then allows all outbound', () => {
    expect(judge(undefined).app).toEqual(['all-by-default']);
  });

  it('names each protocol and port range open to the whole internet, IPv6 and split blocks included', () => {
    expect(
      judge([
        { ipProtocol: 'tcp', fromPort: 0, toPort: 65535, cidrIpv6: '::/0' },
        { ipProtocol: 'udp', fromPort: 53, toPort: 53, cidrIp: '0.0.0.0/1' },
        { ipProtocol: 'udp', fromPort: 53, toPort: 53, cidrIp: '128.0.0.0/1' },
      ]).app,
    ).toEqual(['tcp:0-65535', 'udp:53']);
  });

  it('allows HTTPS to the whole internet only when network.egress.https opens it', () => {
    const https = [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }];
    expect(judge(https).app).toEqual(['tcp:443']);
    expect(judge(https, { network: { egress: { https: ['0.0.0.0/0'] } } }).app).toBe(COMPLIANT);
    expect(judge([ALL_OUT], { network: { egress: { https: ['0.0.0.0/0'] } } }).app).toEqual(['all']);
  });

  it('judges neither the load balancer group nor groups that do not admit it', () => {
    const { loadBalancer } = judge([ALL_OUT]);
    expect(loadBalancer).toBe(NOT_APPLICABLE);
    expect(judge([ALL_OUT], { admits: 'nothing' }).app).toBe(NOT_APPLICABLE);
  });

  it('gives unresolved for a destination known only at deploy time', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const lbGroup = new ec2.CfnSecurityGroup(stack, 'LbSg', { groupDescription: 'lb' });
    new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1'], securityGroups: [lbGroup.attrGroupId] });
    const cidr = new CfnParameter(stack, 'Cidr').valueAsString;
    const appGroup = new ec2.CfnSecurityGroup(stack, 'AppSg', {
      groupDescription: 'app',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: lbGroup.attrGroupId }],
      securityGroupEgress: [{ ipProtocol: '-1', cidrIp: cidr }],
    });
    expect(AppTierEgressRestricted(appGroup, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) })).toBe(UNRESOLVED);
  });
});

describe('Bulwark-NET2 on egress to the VPC', () => {
  it("passes HTTPS to the VPC's own block, a value known only at deploy time but never the internet", () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    const lbGroup = new ec2.CfnSecurityGroup(stack, 'LbSg', { groupDescription: 'lb' });
    new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1'], securityGroups: [lbGroup.attrGroupId] });
    const appGroup = new ec2.CfnSecurityGroup(stack, 'AppSg', {
      groupDescription: 'app',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: lbGroup.attrGroupId }],
      securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: vpc.attrCidrBlock }],
    });
    expect(AppTierEgressRestricted(appGroup, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) })).toBe(COMPLIANT);
  });
});

describe('Bulwark-NET2 on standalone egress rules', () => {
  /** An app group admitting the load balancer, with only CDK's placeholder egress inline (allowAllOutbound: false), and standalone egress rules. */
  function withStandaloneEgress(rules: Record<string, unknown>[]) {
    const app = new App();
    const stack = new Stack(app, 'S');
    const lbGroup = new ec2.CfnSecurityGroup(stack, 'LbSg', { groupDescription: 'lb' });
    new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1'], securityGroups: [lbGroup.attrGroupId] });
    const appGroup = new ec2.CfnSecurityGroup(stack, 'AppSg', {
      groupDescription: 'app',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: lbGroup.attrGroupId }],
      securityGroupEgress: [{ ipProtocol: 'icmp', fromPort: 252, toPort: 86, cidrIp: '255.255.255.255/32' }],
    });
    rules.forEach(
      (rule, at) => new ec2.CfnSecurityGroupEgress(stack, `Egress${at}`, { groupId: appGroup.attrGroupId, ...rule } as ec2.CfnSecurityGroupEgressProps),
    );
    return AppTierEgressRestricted(appGroup, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
  }

  it('flags all outbound written as an AWS::EC2::SecurityGroupEgress of the app group', () => {
    expect(withStandaloneEgress([ALL_OUT])).toEqual(['all']);
  });

  it('passes standalone egress to its dependencies only', () => {
    expect(withStandaloneEgress([{ ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.30.0/24' }])).toBe(COMPLIANT);
  });

  it('gives unresolved for a standalone destination known only at deploy time', () => {
    expect(withStandaloneEgress([{ ipProtocol: '-1', cidrIp: Fn.importValue('cidr') }])).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-NET2 on groups in front of other load balancers, and egress known only at deploy time', () => {
  it("does not judge a load balancer's group as an app tier, even when it admits another load balancer's group", () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const front = new ec2.CfnSecurityGroup(stack, 'FrontSg', { groupDescription: 'front' });
    new elbv2.CfnLoadBalancer(stack, 'Front', { subnets: ['subnet-1'], securityGroups: [front.attrGroupId] });
    const inner = new ec2.CfnSecurityGroup(stack, 'InnerSg', {
      groupDescription: 'inner',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, sourceSecurityGroupId: front.attrGroupId }],
    });
    new elbv2.CfnLoadBalancer(stack, 'Inner', { subnets: ['subnet-1'], scheme: 'internal', securityGroups: [inner.attrGroupId] });
    const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) };
    expect(AppTierEgressRestricted(inner, context)).toBe(NOT_APPLICABLE);
  });

  it('is unresolved when the egress list, or one permission of it, is known only at deploy time', () => {
    const narrow = { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.30.0/24' };
    expect(judge(Fn.conditionIf('Open', [ALL_OUT], [narrow])).app).toEqual(UNRESOLVED);
    expect(judge([narrow, Fn.conditionIf('Open', ALL_OUT, Fn.ref('AWS::NoValue'))]).app).toEqual(UNRESOLVED);
  });
});
