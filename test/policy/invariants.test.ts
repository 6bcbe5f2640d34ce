import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset, runDoctor, toProfile } from '../../lib';
import { EdgeSecurityGroups, SecurityHeaders } from '../../lib/aws';
import { AppIndex } from '../../lib/aws/core/app-index';
import { CloudFrontHsts } from '../../lib/checks/aws/rules/cloudfront/CloudFrontHsts';
import { NoInternetIngressBeyondWebPorts } from '../../lib/checks/aws/rules/network/NoInternetIngressBeyondWebPorts';
import { hstsOneYear, minimumTls12 } from '../../lib/checks/cloudflare/rules/zone-settings';
import type { TerraformZone } from '../../lib/checks/cloudflare/terraform-zones';
import {
  acceptsTlsBelow12,
  allowsAnyOriginWithCredentials,
  describePort,
  isPublicWebPort,
  MIN_HSTS_MAX_AGE_SECONDS,
  NEVER_PUBLIC_PORTS,
  opensToWholeInternet,
  PUBLIC_WEB_PORTS,
  SSH_PORT,
} from '../../lib/policy/invariants';

/*
 * Each invariant is defined once: the construct that refuses, the doctor rule that judges a
 * profile and the check rules that judge output all draw the line at the same place.
 */

const profileWith = (overrides: object) => extendPreset('strict', { name: 'demo', ...overrides });
const doctorIds = (overrides: object) => runDoctor(profileWith(overrides)).findings.map((finding) => finding.id);

function zone(settings: Record<string, unknown>): TerraformZone {
  return {
    zoneId: 'z',
    rulesets: {},
    rulesetAddresses: {},
    settings,
    settingAddresses: {},
    unresolvedPhases: {},
    entryPoints: {},
    rulesetResources: {},
    logpushJobs: {},
  };
}

function cloudFrontHstsVerdict(maxAgeSeconds: number) {
  const stack = new Stack(new App(), 'Hsts');
  const policy = new cloudfront.CfnResponseHeadersPolicy(stack, 'Headers', {
    responseHeadersPolicyConfig: {
      name: 'h',
      securityHeadersConfig: { strictTransportSecurity: { accessControlMaxAgeSec: maxAgeSeconds, includeSubdomains: true, preload: true, override: true } },
    },
  });
  const distribution = new cloudfront.CfnDistribution(stack, 'Distribution', {
    distributionConfig: {
      enabled: true,
      defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'redirect-to-https', responseHeadersPolicyId: policy.ref },
    },
  });
  const oneYear = { tls: { hsts: { maxAgeSeconds: MIN_HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: true } } };
  return CloudFrontHsts(distribution, { index: AppIndex.of(stack), policy: buildPolicy(profileWith(oneYear)) });
}

describe('one-year HSTS', () => {
  const shortest = MIN_HSTS_MAX_AGE_SECONDS;
  const hstsProfile = (maxAgeSeconds: number) => ({ tls: { hsts: { maxAgeSeconds, includeSubdomains: true, preload: true } } });

  it('is the line for the construct, the doctor, the CloudFront check and the Cloudflare check alike', () => {
    expect(() => new SecurityHeaders(new Stack(), 'Ok', { profile: toProfile(profileWith(hstsProfile(shortest))) })).not.toThrow();
    expect(() => new SecurityHeaders(new Stack(), 'Short', { profile: toProfile(profileWith(hstsProfile(shortest - 1))) })).toThrow(/under one year/);
    expect(doctorIds(hstsProfile(shortest))).not.toContain('BWD-TLS-02');
    expect(doctorIds(hstsProfile(shortest - 1))).toContain('BWD-TLS-02');
    expect(cloudFrontHstsVerdict(shortest)).toBe('Compliant');
    expect(cloudFrontHstsVerdict(shortest - 1)).toEqual(['hsts-max-age']);
    const cloudflare = (maxAge: number) =>
      hstsOneYear(
        zone({ security_header: { strict_transport_security: { enabled: true, max_age: maxAge, include_subdomains: true, preload: true } } }),
        buildPolicy(profileWith(hstsProfile(shortest))),
      );
    expect(cloudflare(shortest)).toEqual([]);
    expect(cloudflare(shortest - 1)).toHaveLength(1);
  });
});

describe('TLS 1.2 minimum', () => {
  it.each(['1.0', '1.1', '1.2', '1.3'])('judges %s the same in the doctor and the Cloudflare check', (version) => {
    const below = acceptsTlsBelow12(version);
    expect(doctorIds({ tls: { minVersion: version } }).includes('BWD-TLS-01')).toBe(below);
    expect(minimumTls12(zone({ min_tls_version: version }), buildPolicy(profileWith({}))).length > 0).toBe(below);
  });

  it('treats an unknown version as below the minimum', () => {
    expect(acceptsTlsBelow12('1.4-draft')).toBe(true);
  });
});

describe('network', () => {
  it('opens to the internet only the web ports, for the construct and the doctor alike', () => {
    for (const port of [SSH_PORT, ...PUBLIC_WEB_PORTS, 8080]) {
      const profile = profileWith({ network: { ingressPorts: [port] } });
      const refused = (() => {
        try {
          const stack = new Stack();
          new EdgeSecurityGroups(stack, 'Groups', { profile: toProfile(profile), vpc: new ec2.Vpc(stack, 'Vpc') });
          return false;
        } catch (error) {
          return /network\.ingressPorts/.test(String(error));
        }
      })();
      expect(refused).toBe(!isPublicWebPort(port));
      const flagged = runDoctor(profile).findings.some((finding) => finding.path === 'network.ingressPorts[0]');
      expect(flagged).toBe(!isPublicWebPort(port));
    }
  });

  it('never opens SSH, RDP or a database port to the internet: the construct refuses, the doctor blocks, NET1 flags', () => {
    const ports = Object.keys(NEVER_PUBLIC_PORTS).map(Number);
    expect(ports).toEqual(expect.arrayContaining([22, 3389, 3306, 5432, 1433, 1521, 6379, 27017, 9200]));
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const policy = buildPolicy(profileWith({}));
    for (const port of ports) {
      const profile = profileWith({ network: { ingressPorts: [443, port] } });
      expect(() => new EdgeSecurityGroups(stack, `Groups${port}`, { profile: toProfile(profile), vpc })).toThrow(/network\.ingressPorts: port/);
      expect(runDoctor(profile).findings.some((finding) => finding.path.startsWith('network.ingressPorts') && finding.severity === 'blocking')).toBe(true);
      const app = new App();
      const group = new ec2.CfnSecurityGroup(new Stack(app, 'S'), 'Sg', {
        groupDescription: 'sg',
        securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIpv6: '::/0' }],
      });
      expect(NoInternetIngressBeyondWebPorts(group, { index: AppIndex.of(app), policy })).toEqual([`tcp:${port}`]);
    }
    expect(describePort(3389)).toBe('3389 (RDP)');
    expect(describePort(8080)).toBe('8080');
  });

  it('counts SSH sources that cover the internet in parts as open to it', () => {
    expect(opensToWholeInternet(['0.0.0.0/0'])).toBe(true);
    expect(opensToWholeInternet(['0.0.0.0/1', '128.0.0.0/1'])).toBe(true);
    expect(opensToWholeInternet(['0.0.0.0/1', '128.0.0.0/2'])).toBe(false);
    expect(doctorIds({ network: { adminCidrs: ['0.0.0.0/1', '128.0.0.0/1'] } })).toContain('BWD-NET-01');
  });
});

describe('CORS wildcard with credentials', () => {
  it('is refused by the construct and blocked by the doctor', () => {
    const cors = { allowedOrigins: ['*'], allowCredentials: true };
    const profile = profileWith({ cors });
    expect(allowsAnyOriginWithCredentials(buildPolicy(profile).cors)).toBe(true);
    expect(() => new SecurityHeaders(new Stack(), 'Cors', { profile: toProfile(profile) })).toThrow(/allowCredentials/);
    expect(runDoctor(profile).findings.some((finding) => finding.path === 'cors.allowedOrigins' && finding.severity === 'blocking')).toBe(true);
  });
});
