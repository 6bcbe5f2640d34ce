import { App, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
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
