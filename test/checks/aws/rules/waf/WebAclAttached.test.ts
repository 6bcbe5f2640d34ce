import { App, Fn, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
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

describe('Bulwark-WAF1 on a CloudFront distribution', () => {
  function distribution(webAcl: Record<string, unknown>): unknown {
    const app = new App();
    const node = new cloudfront.CfnDistribution(new Stack(app, 'Cdn'), 'Distribution', {
      distributionConfig: { enabled: true, defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' }, ...webAcl } as never,
    });
    return WebAclAttached(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
  }

  it('passes a distribution that names a Web ACL, under either spelling of the key', () => {
    expect(distribution({ webAclId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1' })).toBe(COMPLIANT);
    expect(distribution({ WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1' })).toBe(COMPLIANT);
  });

  it('flags a distribution with no Web ACL, or an empty one', () => {
    expect(distribution({})).toBe(NON_COMPLIANT);
    expect(distribution({ webAclId: '' })).toBe(NON_COMPLIANT);
  });
});
