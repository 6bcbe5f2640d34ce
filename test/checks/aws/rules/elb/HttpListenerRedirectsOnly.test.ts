import { App, Fn, Stack } from 'aws-cdk-lib';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { HttpListenerRedirectsOnly } from '../../../../../lib/checks/aws/rules/elb/HttpListenerRedirectsOnly';

function classic(listeners: unknown): unknown {
  const app = new App();
  const node = new elb.CfnLoadBalancer(new Stack(app, 'Lb'), 'Classic', { listeners: listeners as never, availabilityZones: ['eu-west-1a'] });
  return HttpListenerRedirectsOnly(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
}

const listener = (protocol: unknown, loadBalancerPort: unknown = '80') => ({ loadBalancerPort, instancePort: '80', protocol });

describe('Bulwark-ELB2 on a Classic Load Balancer, which cannot redirect', () => {
  it('flags each HTTP listener by its port, whatever the case of the protocol', () => {
    expect(classic([listener('http'), listener('HTTP', '8080')])).toEqual(['classic-listener:80', 'classic-listener:8080']);
  });

  it('names a listener whose port is not a port number as ?, never echoing the template text into the finding ID', () => {
    expect(classic([listener('HTTP', 'x] injected [y'), listener('HTTP', 8080)])).toEqual(['classic-listener:?', 'classic-listener:8080']);
    expect(classic([listener('HTTP', 'x80'), listener('HTTP', '80x')])).toEqual(['classic-listener:?', 'classic-listener:?']);
  });

  it('passes HTTPS, SSL and TCP listeners', () => {
    expect(classic([listener('HTTPS', '443'), listener('ssl', '8443'), listener('TCP', '5000')])).toBe(COMPLIANT);
  });

  it('is unresolved when a protocol or the listener list is known only at deploy time, and still names the HTTP listeners it can see', () => {
    expect(classic([listener(Fn.ref('Protocol'))])).toEqual(UNRESOLVED);
    expect(classic(Fn.split(',', Fn.ref('Listeners')))).toEqual(UNRESOLVED);
    expect(classic([listener(Fn.ref('Protocol')), listener('HTTP')])).toEqual(['classic-listener:80']);
  });
});

describe('Bulwark-ELB2 and the scheme of the load balancer', () => {
  function httpListener(scheme: unknown): unknown {
    const app = new App();
    const stack = new Stack(app, 'Lb');
    const loadBalancer = new elbv2.CfnLoadBalancer(stack, 'Alb', { scheme: scheme as string, subnets: ['subnet-1', 'subnet-2'] });
    const listener = new elbv2.CfnListener(stack, 'Http', {
      loadBalancerArn: loadBalancer.ref,
      protocol: 'HTTP',
      port: 80,
      defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200' } }],
    });
    return HttpListenerRedirectsOnly(listener, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
  }

  it('flags an HTTP listener that serves content on an internet-facing load balancer, or one whose scheme is not given', () => {
    expect(httpListener('internet-facing')).toBe(NON_COMPLIANT);
    expect(httpListener(undefined)).toBe(NON_COMPLIANT);
    expect(httpListener(Fn.ref('Scheme'))).toBe(NON_COMPLIANT);
  });

  it('leaves an internal load balancer, which answers inside the VPC only, to network isolation', () => {
    expect(httpListener('internal')).toBe(NOT_APPLICABLE);
  });

  it('leaves an internal Classic Load Balancer too', () => {
    const app = new App();
    const node = new elb.CfnLoadBalancer(new Stack(app, 'Lb'), 'Classic', {
      scheme: 'internal',
      listeners: [listener('HTTP')] as never,
      availabilityZones: ['eu-west-1a'],
    });
    expect(HttpListenerRedirectsOnly(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) })).toBe(NOT_APPLICABLE);
  });
});

describe('Bulwark-ELB2 on an application load balancer', () => {
  const judge = (build: (stack: Stack) => elbv2.CfnListener | elbv2.CfnTargetGroup): unknown => {
    const app = new App();
    const node = build(new Stack(app, 'Lb'));
    return HttpListenerRedirectsOnly(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
  };

  it('passes an HTTP listener whose only action redirects to HTTPS', () => {
    const result = judge((stack) => {
      const loadBalancer = new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1', 'subnet-2'] });
      return new elbv2.CfnListener(stack, 'Http', {
        loadBalancerArn: loadBalancer.ref,
        protocol: 'HTTP',
        port: 80,
        defaultActions: [{ type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
      });
    });
    expect(result).toBe(COMPLIANT);
  });

  it('skips a target group, which has an HTTP protocol but is no listener', () => {
    expect(judge((stack) => new elbv2.CfnTargetGroup(stack, 'Targets', { protocol: 'HTTP', port: 80, vpcId: 'vpc-1' }))).toBe(NOT_APPLICABLE);
  });
});
