import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Testing } from 'cdktf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeProfileInput, parseProfile, runDoctor, type HardeningProfile, toProfile } from '../../../lib/tooling';
import { SecurityHeaders } from '../../../lib/aws/headers/security-headers';
import { AppTierSecurityGroup } from '../../../lib/aws/network/app-tier-security-group';
import { EdgeSecurityGroups } from '../../../lib/aws/network/edge-security-groups';
import { HardenedSecrets } from '../../../lib/aws/secrets/hardened-secrets';
import { HardenedHttpsListener } from '../../../lib/aws/tls/hardened-https-listener';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { edgeRefusals } from '../../../lib/checks/doctor/rules/edges';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { HardeningValidationError, type HardeningProblem } from '../../../lib/core/hardening-validation-error';
import { buildPolicy } from '../../../lib/policy/normalize';
import { readProfileFile } from '../../../lib/profile/load';

/*
 * BWD-EDGE-01 runs the edges' own refusals (issue #22): the doctor blocks exactly what synth refuses.
 * This file builds the constructs to compare; what the doctor reports (fields, wording, which edges,
 * BWD-WAF-10) is test/checks/doctor/rules/edges.test.ts, which builds none.
 */

const examples = join(__dirname, '..', '..', '..', 'examples', 'profiles');
const strict = readProfileFile(join(examples, 'strict.yaml')).data as Record<string, unknown>;
const profile = (patch: Record<string, unknown>): HardeningProfile => parseProfile(mergeProfileInput(strict, patch));
const found = (p: HardeningProfile, id: string) => runDoctor(p).findings.filter((finding) => finding.id === id);

/** The strict example on Cloudflare alone: without its AWS-only limit. */
const cloudflareOnly = { edges: ['cloudflare'], rateLimits: (strict.rateLimits as unknown[]).slice(0, 2) };
const login = { name: 'login', match: { paths: ['/api/auth/login'], methods: ['POST'] }, limit: 5, windowSeconds: 60 };

/** Profiles each of which some edge refuses, or none does. */
const PROFILES: Record<string, HardeningProfile> = {
  strict: profile({}),
  'a login rate limit the Cloudflare plan cannot count': profile({ edges: ['cloudflare'], rateLimits: [login] }),
  'the same limit on both edges (left to AWS)': profile({ rateLimits: [login] }),
  'a rate stricter than AWS WAF can enforce': profile({ rateLimits: [{ name: 'tight', limit: 1, windowSeconds: 120, edges: ['aws'] }] }),
  'TLS 1.1': profile({ tls: { minVersion: '1.1' } }),
  'HSTS under a year': profile({ tls: { hsts: { maxAgeSeconds: 600 } } }),
  'SSH open to the internet': profile({ network: { ingressPorts: [443, 22], adminCidrs: ['0.0.0.0/0'] } }),
  'a database reached across the whole internet': profile({ network: { egress: { dependencies: [{ name: 'postgres', port: 5432, to: ['0.0.0.0/0'] }] } } }),
  'a secret that never rotates': profile({ secrets: { items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: 0 }] } }),
  'a Cloudflare-only OWASP that logs on pro': profile({ ...cloudflareOnly, cloudflare: { owasp: { action: 'log' } } }),
  'AWS only, TLS 1.1': profile({ edges: ['aws'], tls: { minVersion: '1.1' } }),
  'CORS "*" with credentials': profile({ cors: { allowedOrigins: ['*'], allowCredentials: true } }),
  'more CORS origins than the Cloudflare plan has transform rules for': profile({
    ...cloudflareOnly,
    cors: { allowedOrigins: Array.from({ length: 25 }, (_, i) => `https://app${i}.example.com`) },
  }),
  'Cloudflare only, flexible SSL': profile({ ...cloudflareOnly, cloudflare: { sslMode: 'flexible' } }),
};

const key = (problem: HardeningProblem) => `${problem.field}: ${problem.message}`;

/** The problems a construct throws, none when it builds. */
function refused(build: () => unknown): string[] {
  try {
    build();
    return [];
  } catch (error) {
    if (error instanceof HardeningValidationError) return error.problems.map(key);
    throw error;
  }
}

/** What the AWS constructs refuse of the profile, with props that are themselves valid. */
function awsConstructRefusals(p: HardeningProfile): string[] {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const certificate = elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:123456789012:certificate/abc');
  const problems = [
    ...refused(() => new HardenedWebAcl(stack, 'Waf', { profile: toProfile(p) })),
    ...refused(() => new HardenedHttpsListener(stack, 'Https', { profile: toProfile(p), loadBalancer, certificates: [certificate] })),
    ...refused(() => new SecurityHeaders(stack, 'Headers', { profile: toProfile(p) })),
    ...refused(() => new EdgeSecurityGroups(stack, 'Groups', { profile: toProfile(p), vpc })),
    ...refused(
      () => new AppTierSecurityGroup(stack, 'AppTier', { profile: toProfile(p), vpc, loadBalancerSecurityGroup: loadBalancer.connections.securityGroups[0] }),
    ),
    ...refused(() => new HardenedSecrets(stack, 'Secrets', { profile: toProfile(p) })),
  ];
  return [...new Set(problems)].sort();
}

function cloudflareConstructRefusals(p: HardeningProfile): string[] {
  return refused(() => Testing.synthScope((scope) => new CloudflareZoneHardening(scope, 'zone', { zoneId: 'z', profile: toProfile(p) }))).sort();
}

describe('BWD-EDGE-01: the edges refuse what the doctor reports', () => {
  it.each(Object.entries(PROFILES))('%s: the same problems as the constructs, on the edges the profile targets', (_, p) => {
    const policy = buildPolicy(p);
    const constructs = { aws: awsConstructRefusals, cloudflare: cloudflareConstructRefusals };
    for (const edge of policy.edges) {
      expect(edgeRefusals(policy, edge).map(key).sort(), edge).toEqual(constructs[edge](p));
    }
    const synthRefuses = policy.edges.some((edge) => constructs[edge](p).length > 0);
    expect(found(p, 'BWD-EDGE-01').length > 0).toBe(synthRefuses);
  });

  it('has profiles that each edge refuses and profiles no edge refuses', () => {
    const refusing = Object.values(PROFILES).map((p) => buildPolicy(p).edges.filter((edge) => edgeRefusals(buildPolicy(p), edge).length > 0));
    expect(refusing.some((edges) => edges.includes('aws'))).toBe(true);
    expect(refusing.some((edges) => edges.includes('cloudflare'))).toBe(true);
    expect(refusing.some((edges) => edges.length === 0)).toBe(true);
  });
});
