import { App, Fn, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { WebIngressOnlyFromOriginProxy } from '../../../../../lib/checks/aws/rules/network/WebIngressOnlyFromOriginProxy';

/** NET3 on a group behind CloudFront and on the standalone ingress resources that add to it. */
function judge(addRules: (stack: Stack, groupId: string) => void): { group: unknown; rules: unknown[] } {
  const app = new App();
  const stack = new Stack(app, 'Net');
  const sg = new ec2.CfnSecurityGroup(stack, 'Group', { groupDescription: 'load balancer' });
  addRules(stack, sg.attrGroupId);
  const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo', network: { origin: { behind: 'cloudfront' } } })) };
  const rules = stack.node.children.filter((child): child is ec2.CfnSecurityGroupIngress => child instanceof ec2.CfnSecurityGroupIngress);
  return { group: WebIngressOnlyFromOriginProxy(sg, context), rules: rules.map((rule) => WebIngressOnlyFromOriginProxy(rule, context)) };
}

describe('Bulwark-NET3 on a security group and the ingress resources that add to it', () => {
  it('flags blocks that reach a web port from the whole internet only together, each its own resource, on the group', () => {
    const { group, rules } = judge((stack, groupId) => {
      new ec2.CfnSecurityGroupIngress(stack, 'Low', { groupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/1' });
      new ec2.CfnSecurityGroupIngress(stack, 'High', { groupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '128.0.0.0/1' });
    });
    expect(group).toEqual(['tcp:443']);
    expect(rules).toEqual([NOT_APPLICABLE, NOT_APPLICABLE]);
  });

  it('passes a security group source whose ports are known only at deploy time: it is not the internet', () => {
    const port = Fn.getAtt('Target', 'Port') as unknown as number;
    const { rules } = judge((stack) => {
      // The group is outside the app, so the rule is judged on its own.
      new ec2.CfnSecurityGroupIngress(stack, 'FromPeer', {
        groupId: 'sg-0abc',
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        sourceSecurityGroupId: 'sg-12345678',
      });
    });
    expect(rules).toEqual([COMPLIANT]);
  });
});

describe('Bulwark-NET3: the web ports a permission opens to the internet, behind CloudFront', () => {
  const outside = (permission: Partial<ec2.CfnSecurityGroupIngressProps>) => {
    const app = new App();
    const node = new ec2.CfnSecurityGroupIngress(new Stack(app, 'Net'), 'Ingress', {
      groupId: 'sg-12345678',
      ipProtocol: 'tcp',
      cidrIp: '0.0.0.0/0',
      ...permission,
    });
    const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo', network: { origin: { behind: 'cloudfront' } } })) };
    return WebIngressOnlyFromOriginProxy(node, context);
  };

  it('every protocol opens both web ports; TCP by number or name opens the ones in its range', () => {
    expect(outside({ ipProtocol: '-1' })).toEqual(['tcp:80', 'tcp:443']);
    expect(outside({ ipProtocol: 'all' })).toEqual(['tcp:80', 'tcp:443']);
    expect(outside({ ipProtocol: '6', fromPort: 443, toPort: 443 })).toEqual(['tcp:443']);
    expect(outside({ ipProtocol: 'TCP', fromPort: -1, toPort: -1 })).toEqual(['tcp:80', 'tcp:443']);
    expect(outside({ fromPort: 81, toPort: 442 })).toBe(COMPLIANT);
  });

  it('UDP and ICMP open no web port', () => {
    expect(outside({ ipProtocol: 'udp', fromPort: 443, toPort: 443 })).toBe(COMPLIANT);
    expect(outside({ ipProtocol: 'icmp', fromPort: -1, toPort: -1 })).toBe(COMPLIANT);
  });

  it('is unresolved when a group ingress list is known only at deploy time', () => {
    const app = new App();
    const node = new ec2.CfnSecurityGroup(new Stack(app, 'Net'), 'Group', {
      groupDescription: 'g',
      securityGroupIngress: Fn.conditionIf('Open', [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }], []) as never,
    });
    const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo', network: { origin: { behind: 'cloudfront' } } })) };
    expect(WebIngressOnlyFromOriginProxy(node, context)).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-NET3 with the origin on the internet: only the groups of an ALB a distribution fetches from by its DNS name', () => {
  const fronted = (origin: (alb: elbv2.CfnLoadBalancer, classic: elb.CfnLoadBalancer) => unknown) => {
    const app = new App();
    const stack = new Stack(app, 'Net');
    const open = [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' }];
    const albGroup = new ec2.CfnSecurityGroup(stack, 'AlbGroup', { groupDescription: 'alb', securityGroupIngress: open });
    const classicGroup = new ec2.CfnSecurityGroup(stack, 'ClassicGroup', { groupDescription: 'classic', securityGroupIngress: open });
    const alb = new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1'], securityGroups: [albGroup.attrGroupId] });
    const classic = new elb.CfnLoadBalancer(stack, 'Classic', {
      availabilityZones: ['eu-west-1a'],
      securityGroups: [classicGroup.attrGroupId],
      listeners: [{ loadBalancerPort: '443', instancePort: '80', protocol: 'HTTPS' }],
    });
    new cloudfront.CfnDistribution(stack, 'Cdn', {
      distributionConfig: {
        enabled: true,
        origins: [{ id: 'o', domainName: origin(alb, classic) as string, customOriginConfig: { originProtocolPolicy: 'https-only' } }],
        defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' },
      },
    });
    const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) };
    return { alb: WebIngressOnlyFromOriginProxy(albGroup, context), classic: WebIngressOnlyFromOriginProxy(classicGroup, context) };
  };

  it("judges the ALB's group when the distribution names the ALB's DNSName", () => {
    expect(fronted((alb) => alb.attrDnsName)).toEqual({ alb: ['tcp:443'], classic: NOT_APPLICABLE });
  });

  it("leaves the groups alone when the distribution names the ALB otherwise (its ARN by Ref, another attribute), or a Classic Load Balancer's DNS name", () => {
    expect(fronted((alb) => alb.ref)).toEqual({ alb: NOT_APPLICABLE, classic: NOT_APPLICABLE });
    expect(fronted((alb) => alb.attrLoadBalancerName)).toEqual({ alb: NOT_APPLICABLE, classic: NOT_APPLICABLE });
    expect(fronted((_, classic) => classic.attrDnsName)).toEqual({ alb: NOT_APPLICABLE, classic: NOT_APPLICABLE });
  });
});
