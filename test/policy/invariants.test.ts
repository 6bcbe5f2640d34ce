import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset, runDoctor, toProfile } from '../../lib/tooling';
import { EdgeSecurityGroups, SecurityHeaders } from '../../lib';
import { AppIndex } from '../../lib/aws/core/app-index';
import { CloudFrontHsts } from '../../lib/checks/aws/rules/cloudfront/CloudFrontHsts';
import { NoInternetIngressBeyondWebPorts } from '../../lib/checks/aws/rules/network/NoInternetIngressBeyondWebPorts';
import { hstsOneYear, minimumTls12 } from '../../lib/checks/cloudflare/rules/zone-settings';
import type { TerraformZone } from '../../lib/checks/cloudflare/terraform-zones';
import {
  acceptsTlsBelow12,
  allowsAnyOriginWithCredentials,
  CERTIFICATE_EXPIRY_COMPARISONS,
  certificateExpiryAlarmWarnsInTime,
  describePort,
  hstsShortfalls,
  isPublicWebPort,
  mayOpenToInternet,
  MIN_HSTS_MAX_AGE_SECONDS,
  NEVER_PUBLIC_PORTS,
  opensForbiddenPort,
  opensToWholeInternet,
  PUBLIC_WEB_PORTS,
  REQUIRED_SECURITY_HEADERS,
  securityHeaderMeets,
  sendsPlaintextToOrigin,
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

  it('counts an empty list of sources as closed to the internet', () => {
    expect(opensToWholeInternet([])).toBe(false);
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

describe('hstsShortfalls', () => {
  const year = MIN_HSTS_MAX_AGE_SECONDS;
  const full = { maxAgeSeconds: year, includeSubdomains: true, preload: true };
  it('finds nothing when HSTS as sent matches the profile', () => {
    expect(hstsShortfalls(full, full)).toEqual([]);
  });

  it('holds the max-age to the longer of the profile and one year', () => {
    expect(hstsShortfalls({ ...full, maxAgeSeconds: year * 1.5 }, { ...full, maxAgeSeconds: year * 2 })).toEqual(['max-age']);
    expect(hstsShortfalls({ ...full, maxAgeSeconds: year - 1 }, { ...full, maxAgeSeconds: 60 })).toEqual(['max-age']);
    expect(hstsShortfalls({ ...full, maxAgeSeconds: year }, { ...full, maxAgeSeconds: 60 })).toEqual([]);
  });

  it('asks for includeSubDomains and preload only where the profile does', () => {
    const bare = { maxAgeSeconds: year, includeSubdomains: false, preload: false };
    expect(hstsShortfalls(bare, full)).toEqual(['include-subdomains', 'preload']);
    expect(hstsShortfalls(bare, bare)).toEqual([]);
  });
});

describe('securityHeaderMeets', () => {
  it('requires the four security headers besides HSTS', () => {
    expect(REQUIRED_SECURITY_HEADERS).toEqual(['X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy', 'Content-Security-Policy']);
  });

  it.each<[string, string | undefined, string, boolean]>([
    ['X-Content-Type-Options', undefined, 'nosniff', false],
    ['X-Content-Type-Options', 'nosniff', 'nosniff', true],
    ['X-Content-Type-Options', ' NoSniff ', 'nosniff', true],
    ['X-Content-Type-Options', 'nosniff', 'NOSNIFF ', true],
    ['X-Content-Type-Options', 'sniff', 'nosniff', false],
    ['X-Content-Type-Options', 'deny', 'nosniff', false],
    ['X-Content-Type-Options', 'no-referrer', 'nosniff', false],
    ['X-Frame-Options', 'DENY', 'SAMEORIGIN', true],
    ['X-Frame-Options', ' deny', 'DENY', true],
    ['x-frame-options', 'Deny', 'SAMEORIGIN', true],
    ['X-Frame-Options', 'SAMEORIGIN', 'DENY', false],
    ['X-Frame-Options', 'no-referrer', 'DENY', false],
    ['Referrer-Policy', 'no-referrer', 'strict-origin-when-cross-origin', true],
    ['REFERRER-POLICY', 'No-Referrer ', 'same-origin', true],
    ['Referrer-Policy', 'origin', 'strict-origin', false],
    ['Referrer-Policy', 'deny', 'strict-origin', false],
    ['Content-Security-Policy', "default-src 'self'", "default-src 'self'", true],
    ['content-security-policy', "default-src 'none'", "default-src 'self'", true],
    ['Content-Security-Policy', "default-src 'self' https:", "default-src 'self'", false],
  ])('%s: %s against %s is %s', (header, sent, required, expected) => {
    expect(securityHeaderMeets(header, sent, required)).toBe(expected);
  });
});

describe('certificateExpiryAlarmWarnsInTime', () => {
  it('accepts the less-than comparisons only', () => {
    expect(CERTIFICATE_EXPIRY_COMPARISONS).toEqual(['LessThanThreshold', 'LessThanOrEqualToThreshold']);
  });

  it.each<[string, number, boolean]>([
    ['LessThanThreshold', 30, true],
    ['LessThanThreshold', 31, true],
    ['LessThanThreshold', 29, false],
    ['LessThanOrEqualToThreshold', 30, true],
    ['GreaterThanThreshold', 60, false],
  ])('%s at %d days for a 30-day warning: %s', (comparisonOperator, threshold, expected) => {
    expect(certificateExpiryAlarmWarnsInTime({ comparisonOperator, threshold }, 30)).toBe(expected);
  });
});

describe('TLS versions and origin SSL modes', () => {
  it.each([
    ['1.0', true],
    ['1.1', true],
    ['1.2', false],
    ['1.3', false],
    ['', true],
  ])('a minimum of "%s" accepts TLS below 1.2: %s', (version, expected) => {
    expect(acceptsTlsBelow12(version)).toBe(expected);
  });

  it.each([
    ['off', true],
    ['flexible', true],
    ['full', false],
    ['strict', false],
    ['', true],
  ])('SSL mode "%s" sends plaintext to the origin: %s', (mode, expected) => {
    expect(sendsPlaintextToOrigin(mode)).toBe(expected);
  });
});

describe('ports', () => {
  it('names every never-public port by its service', () => {
    expect([22, 1433, 1521, 2049, 3306, 3389, 5432, 5984, 6379, 9042, 9200, 11211, 27017].map(describePort)).toEqual([
      '22 (SSH)',
      '1433 (SQL Server)',
      '1521 (Oracle)',
      '2049 (NFS)',
      '3306 (MySQL)',
      '3389 (RDP)',
      '5432 (PostgreSQL)',
      '5984 (CouchDB)',
      '6379 (Redis)',
      '9042 (Cassandra)',
      '9200 (Elasticsearch)',
      '11211 (Memcached)',
      '27017 (MongoDB)',
    ]);
  });

  it('treats 80 and 443 as the web ports only', () => {
    expect(PUBLIC_WEB_PORTS).toEqual([80, 443]);
    expect([80, 443, 8080, 22].map(isPublicWebPort)).toEqual([true, true, false, false]);
  });

  it('lets a port open to the internet only when it is a web port the profile opens', () => {
    expect(mayOpenToInternet(443, [80, 443])).toBe(true);
    expect(mayOpenToInternet(443, [80])).toBe(false);
    expect(mayOpenToInternet(8080, [8080])).toBe(false);
  });
});

describe('opensForbiddenPort', () => {
  const web = [80, 443];
  it.each<[string, { protocol: string; fromPort?: number; toPort?: number }, boolean]>([
    ['any protocol (-1)', { protocol: '-1' }, true],
    ['any protocol (all)', { protocol: 'ALL' }, true],
    ['any protocol (-1) whatever ports it names', { protocol: '-1', fromPort: 443, toPort: 80 }, true],
    ['any protocol (all) whatever ports it names', { protocol: 'all', fromPort: 443, toPort: 80 }, true],
    ['ICMP', { protocol: 'icmp' }, false],
    ['ICMP by number', { protocol: '1' }, false],
    ['ICMPv6', { protocol: 'icmpv6' }, false],
    ['ICMPv6 by number', { protocol: '58' }, false],
    ['TCP on 443', { protocol: 'tcp', fromPort: 443, toPort: 443 }, false],
    ['TCP on 443, protocol in capitals', { protocol: 'TCP', fromPort: 443, toPort: 443 }, false],
    ['TCP by number on 443', { protocol: '6', fromPort: 443, toPort: 443 }, false],
    ['TCP on 80', { protocol: 'tcp', fromPort: 80, toPort: 80 }, false],
    ['TCP on 442 to 443', { protocol: 'tcp', fromPort: 442, toPort: 443 }, true],
    ['TCP on 443 to 444', { protocol: 'tcp', fromPort: 443, toPort: 444 }, true],
    ['TCP on 80 to 443', { protocol: 'tcp', fromPort: 80, toPort: 443 }, true],
    ['TCP on 22', { protocol: 'tcp', fromPort: 22, toPort: 22 }, true],
    ['TCP on every port (absent)', { protocol: 'tcp' }, true],
    ['TCP on every port (-1)', { protocol: 'tcp', fromPort: -1, toPort: -1 }, true],
    ['TCP from 443 up to an absent end', { protocol: 'tcp', fromPort: 443 }, true],
    ['TCP from 443 up to -1', { protocol: 'tcp', fromPort: 443, toPort: -1 }, true],
    ['UDP on 443', { protocol: 'udp', fromPort: 443, toPort: 443 }, true],
    ['UDP on 53', { protocol: 'udp', fromPort: 53, toPort: 53 }, true],
    ['UDP over an empty range', { protocol: 'udp', fromPort: 100, toPort: 50 }, false],
    ['TCP over an empty range from 1 down to 0', { protocol: 'tcp', fromPort: 1, toPort: 0 }, false],
    ['UDP over an empty range from 1 down to 0', { protocol: 'udp', fromPort: 1, toPort: 0 }, false],
  ])('%s: %s', (_name, permission, expected) => {
    expect(opensForbiddenPort(permission, web)).toBe(expected);
  });
});

describe('allowsAnyOriginWithCredentials', () => {
  it('is true only for a wildcard origin with credentials', () => {
    expect(allowsAnyOriginWithCredentials({ allowAnyOrigin: true, allowCredentials: true })).toBe(true);
    expect(allowsAnyOriginWithCredentials({ allowAnyOrigin: true, allowCredentials: false })).toBe(false);
    expect(allowsAnyOriginWithCredentials({ allowAnyOrigin: false, allowCredentials: true })).toBe(false);
  });
});
