import { App, Fn, Stack } from 'aws-cdk-lib';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { ListenerTlsPolicy } from '../../../../../lib/checks/aws/rules/elb/ListenerTlsPolicy';

const context = (app: App, ciphers: 'modern' | 'compatible' = 'modern', minVersion: '1.2' | '1.3' = '1.2') => ({
  index: AppIndex.of(app),
  policy: buildPolicy(extendPreset('baseline', { name: 'demo', tls: { ciphers, minVersion } })),
});
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/x';

function classic(listeners: unknown, policies?: unknown, ciphers: 'modern' | 'compatible' = 'modern', minVersion: '1.2' | '1.3' = '1.2'): unknown {
  const app = new App();
  const node = new elb.CfnLoadBalancer(new Stack(app, 'Lb'), 'Classic', {
    listeners: listeners as never,
    policies: policies as never,
    availabilityZones: ['eu-west-1a'],
  });
  return ListenerTlsPolicy(node, context(app, ciphers, minVersion));
}

const https = (policyNames?: unknown, protocol = 'HTTPS') => [{ loadBalancerPort: '443', instancePort: '80', protocol, sslCertificateId: CERT, policyNames }];
const negotiation = (policyName: string, attributes: { name: string; value: unknown }[]) => ({
  policyName,
  policyType: 'SSLNegotiationPolicyType',
  attributes,
});
const reference = (name: string, policy: string) => negotiation(name, [{ name: 'Reference-Security-Policy', value: policy }]);
const custom = (protocols: Record<string, string>) =>
  negotiation(
    'Custom',
    Object.entries(protocols).map(([name, value]) => ({ name, value })),
  );

describe('Bulwark-ELB1 on a Classic Load Balancer', () => {
  it.each(['ELBSecurityPolicy-TLS-1-2-2017-01', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06'])(
    'reports an HTTPS or SSL listener referencing %s: TLS 1.2 only, but with RSA key exchange (no forward secrecy)',
    (policy) => {
      expect(classic(https(['Tls']), [reference('Tls', policy)])).toBe(NON_COMPLIANT);
      expect(classic(https(['Tls'], 'SSL'), [reference('Tls', policy)])).toBe(NON_COMPLIANT);
      expect(classic(https([policy]))).toBe(NON_COMPLIANT);
    },
  );

  it('judges the ciphers a custom policy writes on against tls.ciphers', () => {
    const tls12 = {
      'Protocol-SSLv3': 'false',
      'Protocol-TLSv1': 'false',
      'Protocol-TLSv1.1': 'false',
      'Protocol-TLSv1.2': 'true',
      'Server-Defined-Cipher-Order': 'true',
    };
    const gcm = { 'ECDHE-RSA-AES128-GCM-SHA256': 'true', 'ECDHE-ECDSA-AES256-GCM-SHA384': 'true' };
    expect(classic(https(['Custom']), [custom({ ...tls12, ...gcm, 'AES128-GCM-SHA256': 'false' })])).toBe(COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...tls12, ...gcm, 'AES128-GCM-SHA256': 'true' })])).toBe(NON_COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...tls12, ...gcm, 'ECDHE-RSA-AES128-SHA256': 'true' })])).toBe(NON_COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...tls12, ...gcm, 'ECDHE-RSA-AES128-SHA256': 'true' })], 'compatible')).toBe(COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...tls12, ...gcm, 'ECDHE-RSA-AES128-SHA': 'true' })], 'compatible')).toBe(NON_COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...tls12, ...gcm, 'ECDHE-RSA-AES128-SHA256': Fn.importValue('on') as string })])).toEqual(UNRESOLVED);
  });

  it.each(['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-FS-2018-06', 'ELBSecurityPolicy-2015-05'])(
    'reports one referencing %s',
    (policy) => {
      expect(classic(https(['Tls']), [reference('Tls', policy)])).toBe(NON_COMPLIANT);
      expect(classic(https([policy]))).toBe(NON_COMPLIANT);
    },
  );

  it("reports a listener without an SSL negotiation policy (ELB's default allows TLS 1.0)", () => {
    expect(classic(https())).toBe(NON_COMPLIANT);
    expect(classic(https(['Sticky']), [{ policyName: 'Sticky', policyType: 'LBCookieStickinessPolicyType', attributes: [] }])).toBe(NON_COMPLIANT);
  });

  it('judges a custom policy by the protocols it writes on and off', () => {
    const off = { 'Protocol-SSLv3': 'false', 'Protocol-TLSv1': 'false', 'Protocol-TLSv1.1': 'false' };
    expect(classic(https(['Custom']), [custom({ ...off, 'Protocol-TLSv1.2': 'true' })])).toBe(COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...off, 'Protocol-TLSv1': 'true', 'Protocol-TLSv1.2': 'true' })])).toBe(NON_COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...off, 'Protocol-TLSv1.1': 'true', 'Protocol-TLSv1.2': 'true' })])).toBe(NON_COMPLIANT);
    expect(classic(https(['Custom']), [custom({ ...off, 'Protocol-TLSv1.2': 'false' })])).toBe(NON_COMPLIANT);
    // A protocol left out is not assumed off.
    expect(classic(https(['Custom']), [custom({ 'Protocol-TLSv1.2': 'true' })])).toEqual(UNRESOLVED);
  });

  it('is unresolved on what it cannot read, and not applicable without an HTTPS or SSL listener', () => {
    expect(classic(https(['Tls']), [reference('Tls', 'MyOwnPolicy')])).toEqual(UNRESOLVED);
    expect(classic(https(['Tls']), [reference('Tls', Fn.importValue('policy'))])).toEqual(UNRESOLVED);
    expect(classic(https(['MadeElsewhere']))).toEqual(UNRESOLVED);
    expect(classic(Fn.importValue('listeners'))).toEqual(UNRESOLVED);
    expect(classic(https(['Tls']), Fn.importValue('policies'))).toEqual(UNRESOLVED);
    expect(classic([{ loadBalancerPort: '80', instancePort: '80', protocol: 'HTTP' }])).toBe(NOT_APPLICABLE);
  });

  it('reports the load balancer when any of its secure listeners falls short', () => {
    const listeners = [...https(['Good']), { loadBalancerPort: '8443', instancePort: '80', protocol: 'SSL', sslCertificateId: CERT }];
    const good = negotiation('Good', [
      ...['Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1'].map((name) => ({ name, value: 'false' })),
      { name: 'Protocol-TLSv1.2', value: 'true' },
      { name: 'ECDHE-RSA-AES128-GCM-SHA256', value: 'true' },
    ]);
    expect(classic(https(['Good']), [good])).toBe(COMPLIANT);
    expect(classic(listeners, [good])).toBe(NON_COMPLIANT);
  });

  it('reports tls-1.3-unsupported under a TLS 1.3 floor, whatever its policy: a Classic Load Balancer offers nothing above TLS 1.2', () => {
    const tls12 = custom({ 'Protocol-SSLv3': 'false', 'Protocol-TLSv1': 'false', 'Protocol-TLSv1.1': 'false', 'Protocol-TLSv1.2': 'true' });
    expect(classic(https(['Custom']), [tls12], 'modern', '1.3')).toEqual(['tls-1.3-unsupported']);
    expect(classic(https(['Custom']), [tls12], 'modern', '1.2')).toBe(COMPLIANT);
    expect(classic(https(['Tls']), [reference('Tls', Fn.importValue('policy'))], 'modern', '1.3')).toEqual(['tls-1.3-unsupported']);
    expect(classic([{ loadBalancerPort: '80', instancePort: '80', protocol: 'HTTP' }], undefined, 'modern', '1.3')).toBe(NOT_APPLICABLE);
  });
});

describe('Bulwark-ELB1 on a Network Load Balancer TLS listener', () => {
  function nlb(sslPolicy: unknown, protocol = 'TLS', ciphers: 'modern' | 'compatible' = 'modern', minVersion: '1.2' | '1.3' = '1.2'): unknown {
    const app = new App();
    const node = new elbv2.CfnListener(new Stack(app, 'Nlb'), 'Listener', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/n/1',
      protocol,
      port: 443,
      sslPolicy: sslPolicy as never,
      certificates: [{ certificateArn: CERT }],
      defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }],
    });
    return ListenerTlsPolicy(node, context(app, ciphers, minVersion));
  }

  it('under a TLS 1.3 floor passes only a TLS13-1-3 policy, and reports one that still accepts TLS 1.2 as tls-1.2-allowed', () => {
    expect(nlb('ELBSecurityPolicy-TLS13-1-3-2021-06', 'TLS', 'modern', '1.3')).toBe(COMPLIANT);
    expect(nlb('ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', 'HTTPS', 'modern', '1.3')).toBe(COMPLIANT);
    expect(nlb('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'TLS', 'modern', '1.3')).toEqual(['tls-1.2-allowed']);
    expect(nlb('ELBSecurityPolicy-TLS13-1-2-2021-06', 'HTTPS', 'compatible', '1.3')).toEqual(['tls-1.2-allowed']);
    expect(nlb('ELBSecurityPolicy-2016-08', 'TLS', 'modern', '1.3')).toBe(NON_COMPLIANT);
    expect(nlb(Fn.importValue('policy'), 'TLS', 'modern', '1.3')).toEqual(UNRESOLVED);
  });

  it('passes a TLS 1.2+ policy with the suites of tls.ciphers, reports an older or weaker one, and is unresolved on a parameter', () => {
    expect(nlb('ELBSecurityPolicy-TLS13-1-2-Res-2021-06')).toBe(COMPLIANT);
    expect(nlb('ELBSecurityPolicy-TLS13-1-3-2021-06')).toBe(COMPLIANT);
    expect(nlb('ELBSecurityPolicy-TLS13-1-2-2021-06')).toBe(NON_COMPLIANT); // AES-CBC under modern
    expect(nlb('ELBSecurityPolicy-TLS13-1-2-2021-06', 'TLS', 'compatible')).toBe(COMPLIANT);
    expect(nlb('ELBSecurityPolicy-TLS-1-2-2017-01', 'TLS', 'compatible')).toBe(NON_COMPLIANT); // RSA key exchange
    expect(nlb('ELBSecurityPolicy-TLS13-1-2-Foo-2031-01')).toBe(NON_COMPLIANT); // not known to meet it
    expect(nlb('ELBSecurityPolicy-2016-08')).toBe(NON_COMPLIANT);
    expect(nlb('ELBSecurityPolicy-TLS13-1-1-2021-06')).toBe(NON_COMPLIANT);
    expect(nlb(undefined)).toBe(NON_COMPLIANT);
    expect(nlb(Fn.importValue('policy'))).toEqual(UNRESOLVED);
    expect(nlb(undefined, 'TCP')).toBe(NOT_APPLICABLE);
  });
});

describe('Bulwark-ELB1 reading a custom SSL negotiation policy of a Classic Load Balancer', () => {
  const off = { 'Protocol-SSLv3': 'false', 'Protocol-TLSv1': 'false', 'Protocol-TLSv1.1': 'false', 'Protocol-TLSv1.2': 'true' };

  it('takes true and false written as booleans as they are written as text', () => {
    const attributes = Object.entries(off).map(([name, value]) => ({ name, value: value === 'true' }));
    expect(classic(https(['Custom']), [negotiation('Custom', attributes)])).toBe(COMPLIANT);
    expect(classic(https(['Custom']), [negotiation('Custom', [...attributes.slice(0, 3), { name: 'Protocol-TLSv1.2', value: false }])])).toBe(NON_COMPLIANT);
  });

  it('is unresolved when the attributes, one attribute, or the name of a cipher is known only at deploy time', () => {
    const attributes = Object.entries(off).map(([name, value]) => ({ name, value }));
    expect(classic(https(['Custom']), [{ policyName: 'Custom', policyType: 'SSLNegotiationPolicyType', attributes: Fn.importValue('Attributes') }])).toEqual(
      UNRESOLVED,
    );
    expect(classic(https(['Custom']), [negotiation('Custom', [...attributes, Fn.importValue('Attribute') as never])])).toEqual(UNRESOLVED);
    expect(classic(https(['Custom']), [negotiation('Custom', [...attributes, { name: Fn.importValue('Cipher') as never, value: 'true' }])])).toEqual(
      UNRESOLVED,
    );
  });

  it('is unresolved, not non-compliant, on a listener whose protocol (it may be plain TCP), policy names or policy type are known only at deploy time', () => {
    expect(classic(https(undefined, Fn.ref('Protocol')))).toEqual(UNRESOLVED);
    expect(classic(https(Fn.split(',', Fn.importValue('PolicyNames'))))).toEqual(UNRESOLVED);
    expect(classic(https(['Tls']), [{ ...reference('Tls', 'ELBSecurityPolicy-TLS-1-2-2017-01'), policyType: Fn.ref('PolicyType') }])).toEqual(UNRESOLVED);
  });
});

describe('Bulwark-ELB1 and what it does not judge', () => {
  it('cannot tell a referenced policy whose name only contains a predefined prefix', () => {
    expect(classic(https(['Tls']), [reference('Tls', 'MyELBSecurityPolicy-2016-08')])).toEqual(UNRESOLVED);
  });

  it('skips a target group, which has an HTTPS protocol but is no listener', () => {
    const app = new App();
    const node = new elbv2.CfnTargetGroup(new Stack(app, 'Alb'), 'Targets', { protocol: 'HTTPS', port: 443, vpcId: 'vpc-1' });
    expect(ListenerTlsPolicy(node, context(app))).toBe(NOT_APPLICABLE);
  });
});
