import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { HardenedDistribution } from '../../../lib/aws/headers/hardened-distribution';
import { CLOUDFRONT_POLICY_CIPHERS, ELB_POLICY_CIPHERS } from '../../../lib/aws/tls/security-policy-ciphers';
import { HardenedHttpsListener } from '../../../lib/aws/tls/hardened-https-listener';
import { cloudFrontSecurityPolicy, loadBalancerSslPolicy } from '../../../lib/aws/tls/ssl-policy';
import { buildPolicy, parseProfile, Profile } from '../../../lib/tooling';
import { TLS_CIPHER_POLICIES, type TlsCipherPolicy } from '../../../lib/profile/schema';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';

const tlsOf = (tls: { minVersion?: '1.2' | '1.3'; ciphers?: TlsCipherPolicy; postQuantum?: boolean }) => buildPolicy(parseProfile({ name: 'demo', tls })).tls;

describe('loadBalancerSslPolicy and cloudFrontSecurityPolicy', () => {
  it.each([
    [{}, 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'TLSv1.2_2021'],
    [{ ciphers: 'compatible' }, 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'TLSv1.2_2019'],
    [{ postQuantum: true }, 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', 'TLSv1.2_2021'],
    [{ ciphers: 'compatible', postQuantum: true }, 'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', 'TLSv1.2_2019'],
    [{ minVersion: '1.3' }, 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'TLSv1.3_2025'],
    [{ minVersion: '1.3', ciphers: 'compatible' }, 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'TLSv1.3_2025'],
  ] as const)('picks for %j the ALB policy %s and the CloudFront policy %s', (tls, alb, cloudFront) => {
    expect(loadBalancerSslPolicy(tlsOf(tls))).toBe(alb);
    expect(cloudFrontSecurityPolicy(tlsOf(tls))).toBe(cloudFront);
  });

  // What the constructs deploy, the checks (ELB1, CF1) pass: each choice meets the profile's cipher policy.
  it.each(TLS_CIPHER_POLICIES)('picks, under tls.ciphers %s, policies the check tables say meet it', (ciphers) => {
    for (const minVersion of ['1.2', '1.3'] as const) {
      for (const postQuantum of [false, true]) {
        const tls = tlsOf({ minVersion, ciphers, postQuantum });
        expect([ciphers, 'modern']).toContain(ELB_POLICY_CIPHERS.get(loadBalancerSslPolicy(tls)));
        expect([ciphers, 'modern']).toContain(CLOUDFRONT_POLICY_CIPHERS.get(cloudFrontSecurityPolicy(tls)));
      }
    }
  });
});

describe('the cipher policy in the synthesized listener and distribution', () => {
  useCloudFormationValidator();
  const env = { account: '123456789012', region: 'us-east-1' };

  function edge(stack: Stack, ciphers: TlsCipherPolicy): void {
    const profile = Profile.fromObject({ name: 'demo', tls: { ciphers } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const certificate = elbv2.ListenerCertificate.fromArn(`arn:aws:acm:${env.region}:${env.account}:certificate/abc`);
    new HardenedHttpsListener(stack, 'Https', { profile, loadBalancer, certificates: [certificate] });
    const viewerCertificate = acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:us-east-1:${env.account}:certificate/def`);
    new HardenedDistribution(stack, 'Cdn', {
      profile,
      origin: new origins.HttpOrigin('origin.example.com'),
      certificate: viewerCertificate,
      domainNames: ['www.example.com'],
    });
  }

  it.each([
    ['modern', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'TLSv1.2_2021'],
    ['compatible', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'TLSv1.2_2019'],
  ] as const)('deploys tls.ciphers %s as %s on the ALB and %s on CloudFront, valid for CloudFormation', (ciphers, alb, cloudFront) => {
    const stack = new Stack(undefined, 'Edge', { env });
    edge(stack, ciphers);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, SslPolicy: alb });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { ViewerCertificate: { MinimumProtocolVersion: cloudFront } } });
    expect(synthValidated((validated) => edge(validated, ciphers), env.region)).toEqual([]);
  });
});
