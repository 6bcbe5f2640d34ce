import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NOT_APPLICABLE } from '../../../../../lib/checks/aws/aws-rule';
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
