import { App, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset, type HardeningProfileInput } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { AlbListenerSecurityHeaders } from '../../../../../lib/checks/aws/rules/elb/AlbListenerSecurityHeaders';

const HEADERS = {
  'routing.http.response.strict_transport_security.header_value': 'max-age=31536000; includeSubDomains',
  'routing.http.response.x_content_type_options.header_value': 'nosniff',
  'routing.http.response.x_frame_options.header_value': 'DENY',
  'routing.http.response.content_security_policy.header_value':
    "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
};

interface Fixture {
  readonly headers?: Record<string, string>;
  readonly scheme?: string;
  /** Where the load balancer is: in the template, or defined elsewhere (an ARN). */
  readonly loadBalancer?: 'template' | 'elsewhere';
  readonly protocol?: string;
  readonly profile?: Partial<HardeningProfileInput>;
}

function judge({ headers = HEADERS, scheme, loadBalancer = 'template', protocol = 'HTTPS', profile = {} }: Fixture): unknown {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const arn =
    loadBalancer === 'template'
      ? new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1', 'subnet-2'], ...(scheme !== undefined ? { scheme } : {}) }).ref
      : 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1';
  const node = new elbv2.CfnListener(stack, 'Listener', {
    loadBalancerArn: arn,
    protocol,
    port: 443,
    defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
    listenerAttributes: Object.entries(headers).map(([key, value]) => ({ key, value })),
  });
  return AlbListenerSecurityHeaders(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo', ...profile })) });
}

const without = (key: string) => Object.fromEntries(Object.entries(HEADERS).filter(([k]) => !k.includes(key)));

describe('Bulwark-ELB5', () => {
  it("passes an internet-facing HTTPS listener that sends the profile's headers", () => {
    expect(judge({})).toBe(COMPLIANT);
    expect(judge({ scheme: 'internet-facing' })).toBe(COMPLIANT);
  });

  it('names each header missing from an internet-facing listener, and a listener with none at all', () => {
    expect(judge({ headers: without('strict_transport_security') })).toEqual(['strict-transport-security']);
    expect(judge({ headers: without('x_frame_options') })).toEqual(['x-frame-options']);
    expect(judge({ headers: {} })).toEqual(['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'content-security-policy']);
  });

  it('flags HSTS weaker than the profile asks: a shorter max-age, or without the includeSubDomains or preload it sets', () => {
    const hsts = (value: string, profile: Partial<HardeningProfileInput> = {}) =>
      judge({ headers: { ...HEADERS, 'routing.http.response.strict_transport_security.header_value': value }, profile });
    expect(hsts('max-age=86400; includeSubDomains')).toEqual(['strict-transport-security']);
    expect(hsts('max-age=31536000; includeSubDomains', { tls: { hsts: { preload: true } } })).toEqual(['strict-transport-security']);
    expect(hsts('max-age=63072000; includeSubDomains; preload')).toBe(COMPLIANT);
    expect(hsts('includeSubDomains')).toEqual(['strict-transport-security']);
  });

  it('reads HSTS directives in any order, and flags a max-age that is not only digits or a missing includeSubDomains', () => {
    const hsts = (value: string, profile: Partial<HardeningProfileInput> = {}) =>
      judge({ headers: { ...HEADERS, 'routing.http.response.strict_transport_security.header_value': value }, profile });
    expect(hsts('includeSubDomains; max-age=31536000')).toBe(COMPLIANT);
    expect(hsts('max-age=x31536000; includeSubDomains')).toEqual(['strict-transport-security']);
    expect(hsts('max-age=31536000x; includeSubDomains')).toEqual(['strict-transport-security']);
    expect(hsts('max-age=31536000;')).toEqual(['strict-transport-security']);
    expect(hsts('max-age=31536000; includeSubDomains;', { tls: { hsts: { preload: true } } })).toEqual(['strict-transport-security']);
  });

  it('accepts DENY where the profile sets SAMEORIGIN, not the reverse, and flags another CSP', () => {
    const frame = (value: string, frameOptions: 'DENY' | 'SAMEORIGIN') =>
      judge({ headers: { ...HEADERS, 'routing.http.response.x_frame_options.header_value': value }, profile: { headers: { frameOptions } } });
    expect(frame('DENY', 'SAMEORIGIN')).toBe(COMPLIANT);
    expect(frame('SAMEORIGIN', 'DENY')).toEqual(['x-frame-options']);
    expect(judge({ headers: { ...HEADERS, 'routing.http.response.content_security_policy.header_value': 'default-src *' } })).toEqual([
      'content-security-policy',
    ]);
  });

  it('asks for no Content-Security-Policy when the profile sets none', () => {
    const profile = { headers: { contentSecurityPolicy: {} } } as Partial<HardeningProfileInput>;
    expect(judge({ headers: without('content_security_policy'), profile })).toBe(COMPLIANT);
  });

  it('flags a listener with no attributes at all, and cannot tell when they are a condition or not a list', () => {
    const listener = (set: (node: elbv2.CfnListener) => void) => {
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const lb = new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1', 'subnet-2'] });
      const node = new elbv2.CfnListener(stack, 'Listener', {
        loadBalancerArn: lb.ref,
        protocol: 'HTTPS',
        port: 443,
        defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
      });
      set(node);
      return AlbListenerSecurityHeaders(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
    };
    const pairs = Object.entries(HEADERS).map(([key, value]) => ({ key, value }));
    expect(listener(() => undefined)).toEqual(['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'content-security-policy']);
    expect(listener((node) => (node.listenerAttributes = Fn.conditionIf('Prod', pairs, []) as never))).toBe(UNRESOLVED);
    expect(listener((node) => (node.listenerAttributes = [...pairs.slice(1), Fn.conditionIf('Prod', pairs[0], Fn.ref('AWS::NoValue'))] as never))).toBe(
      UNRESOLVED,
    );
    expect(listener((node) => (node.listenerAttributes = pairs[0] as never))).toBe(UNRESOLVED);
  });

  it('skips a target group, which has an HTTPS protocol but sends no headers', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const node = new elbv2.CfnTargetGroup(stack, 'Targets', { protocol: 'HTTPS', port: 443, vpcId: 'vpc-1' });
    expect(AlbListenerSecurityHeaders(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) })).toBe(NOT_APPLICABLE);
  });

  it('skips internal load balancers and listeners other than HTTPS', () => {
    expect(judge({ headers: {}, scheme: 'internal' })).toBe(NOT_APPLICABLE);
    expect(judge({ headers: {}, protocol: 'HTTP' })).toBe(NOT_APPLICABLE);
  });

  it('passes a listener of a load balancer defined elsewhere that sends them all, and cannot tell otherwise', () => {
    expect(judge({ loadBalancer: 'elsewhere' })).toBe(COMPLIANT);
    expect(judge({ loadBalancer: 'elsewhere', headers: {} })).toEqual(UNRESOLVED);
  });

  it('cannot tell for a load balancer whose scheme is a parameter, or an ARN from a resource that is no load balancer', () => {
    const missing = (arn: (stack: Stack) => string) => {
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const node = new elbv2.CfnListener(stack, 'Listener', {
        loadBalancerArn: arn(stack),
        protocol: 'HTTPS',
        port: 443,
        defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
        listenerAttributes: [],
      });
      return AlbListenerSecurityHeaders(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
    };
    expect(missing((stack) => new elbv2.CfnLoadBalancer(stack, 'Lb', { subnets: ['subnet-1'], scheme: Fn.ref('Scheme') }).ref)).toBe(UNRESOLVED);
    expect(missing((stack) => new CfnResource(stack, 'Lookup', { type: 'Custom::LoadBalancerLookup' }).getAtt('Arn').toString())).toBe(UNRESOLVED);
  });
});
