import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { NoInternetIngressBeyondWebPorts } from '../../../../../lib/checks/aws/rules/network/NoInternetIngressBeyondWebPorts';

function ingress(props: Omit<ec2.CfnSecurityGroupIngressProps, 'ipProtocol'> & { readonly ipProtocol?: string }): unknown {
  const app = new App();
  const node = new ec2.CfnSecurityGroupIngress(new Stack(app, 'Net'), 'Ingress', { ipProtocol: 'tcp', groupId: 'sg-12345678', ...props });
  return NoInternetIngressBeyondWebPorts(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
}

// The shape aws-cdk-lib gives a database's own port opened to its rotation function (RDS addRotationSingleUser).
const databasePort = Fn.getAtt('Database', 'Endpoint.Port');

describe('Bulwark-NET1 on ingress whose source is not an address range', () => {
  it('passes a security group or prefix list source, even when its ports are known only at deploy time', () => {
    expect(ingress({ fromPort: databasePort as never, toPort: databasePort as never, sourceSecurityGroupId: 'sg-87654321' })).toBe(COMPLIANT);
    expect(ingress({ fromPort: 5432, toPort: 5432, sourcePrefixListId: 'pl-12345678' })).toBe(COMPLIANT);
  });

  it('is still unresolved when the ports of an internet source are known only at deploy time', () => {
    expect(ingress({ fromPort: databasePort as never, toPort: databasePort as never, cidrIp: '0.0.0.0/0' })).toEqual(UNRESOLVED);
  });

  it('is still unresolved when the address range itself is known only at deploy time', () => {
    expect(ingress({ fromPort: 5432, toPort: 5432, cidrIp: Fn.ref('Source') })).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-NET1 on a security group and the ingress resources that add to it', () => {
  function group(addRules: (stack: Stack, groupId: string) => void): { group: unknown; rules: unknown[] } {
    const app = new App();
    const stack = new Stack(app, 'Net');
    const sg = new ec2.CfnSecurityGroup(stack, 'Group', { groupDescription: 'app' });
    addRules(stack, sg.attrGroupId);
    const context = { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) };
    const rules = stack.node.children.filter((child): child is ec2.CfnSecurityGroupIngress => child instanceof ec2.CfnSecurityGroupIngress);
    return { group: NoInternetIngressBeyondWebPorts(sg, context), rules: rules.map((rule) => NoInternetIngressBeyondWebPorts(rule, context)) };
  }

  it('flags blocks that cover the internet only together, each written as its own resource, on the group', () => {
    const { group: verdict, rules } = group((stack, groupId) => {
      new ec2.CfnSecurityGroupIngress(stack, 'Low', { groupId, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '0.0.0.0/1' });
      new ec2.CfnSecurityGroupIngress(stack, 'High', { groupId, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '128.0.0.0/1' });
    });
    expect(verdict).toEqual(['tcp:22']);
    expect(rules).toEqual([NOT_APPLICABLE, NOT_APPLICABLE]);
  });

  it('passes the group when its resources open only the web ports to the internet', () => {
    const { group: verdict } = group((stack, groupId) => {
      new ec2.CfnSecurityGroupIngress(stack, 'Https', { groupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' });
      new ec2.CfnSecurityGroupIngress(stack, 'Db', { groupId, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '10.0.0.0/8' });
    });
    expect(verdict).toBe(COMPLIANT);
  });

  it('judges a rule whose group is outside the app on its own', () => {
    expect(ingress({ fromPort: 3389, toPort: 3389, cidrIp: '0.0.0.0/0' })).toEqual(['tcp:3389']);
  });
});

describe('Bulwark-NET1 on a group whose inline ingress is known only at deploy time', () => {
  const judge = (securityGroupIngress: unknown) => {
    const app = new App();
    const node = new ec2.CfnSecurityGroup(new Stack(app, 'Net'), 'Group', { groupDescription: 'g', securityGroupIngress: securityGroupIngress as never });
    return NoInternetIngressBeyondWebPorts(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
  };
  const ssh = { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: '10.0.0.0/8' };

  it('is unresolved when the list, or one permission of it, is known only at deploy time', () => {
    expect(judge(Fn.conditionIf('Open', [ssh], []))).toEqual(UNRESOLVED);
    expect(judge([ssh, Fn.conditionIf('Open', { ...ssh, cidrIp: '0.0.0.0/0' }, Fn.ref('AWS::NoValue'))])).toEqual(UNRESOLVED);
  });

  it('passes the same group when every permission is known and none opens beyond the web ports to the internet', () => {
    expect(judge([ssh])).toBe(COMPLIANT);
  });
});
