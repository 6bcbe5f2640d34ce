import { App, Fn, Stack } from 'aws-cdk-lib';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { CLASSIC_LOAD_BALANCER, WebAclAttached } from '../../../../../lib/checks/aws/rules/waf/WebAclAttached';

function classic(scheme: unknown): unknown {
  const app = new App();
  const node = new elb.CfnLoadBalancer(new Stack(app, 'Lb'), 'Classic', {
    scheme: scheme as never,
    listeners: [{ loadBalancerPort: '443', instancePort: '80', protocol: 'HTTPS' }],
    availabilityZones: ['eu-west-1a'],
  });
  return WebAclAttached(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
}

describe('Bulwark-WAF1 on a Classic Load Balancer, which no Web ACL can be associated with', () => {
  it('flags one facing the internet, by its scheme or by default (CloudFormation makes a load balancer without a scheme internet-facing)', () => {
    expect(classic('internet-facing')).toEqual([CLASSIC_LOAD_BALANCER]);
    expect(classic(undefined)).toEqual([CLASSIC_LOAD_BALANCER]);
  });

  it('leaves an internal one to the edge in front of it', () => {
    expect(classic('internal')).toBe(NOT_APPLICABLE);
  });

  it('is unresolved when the scheme is known only at deploy time', () => {
    expect(classic(Fn.ref('Scheme'))).toEqual(UNRESOLVED);
  });
});
