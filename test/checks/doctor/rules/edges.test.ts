import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attackProtections, edgeRefusals, edgeWithoutAttackProtection, synthRefusals } from '../../../../lib/checks/doctor/rules/edges';
import type { Policy } from '../../../../lib/policy/model';
import { buildPolicy } from '../../../../lib/policy/normalize';
import type { HardeningProfile, HardeningProfileInput } from '../../../../lib/profile/schema';
import { loadProfile, runDoctor } from '../../../../lib/tooling';
import { doctorContext, violations } from './doctor-context';

/*
 * The doctor side of BWD-EDGE-01 and BWD-WAF-10, without building any construct: what the rules
 * report, at which field, with which wording. That the constructs refuse the same problems is
 * test/checks/doctor/edge-refusals.test.ts (slow: it synthesizes AWS and Cloudflare stacks).
 */

const examples = join(__dirname, '..', '..', '..', '..', 'examples', 'profiles');
const profile = (patch: Record<string, unknown>): HardeningProfile => doctorContext(patch).profile;
const found = (p: HardeningProfile, id: string) => runDoctor(p).findings.filter((finding) => finding.id === id);

/** The strict example on Cloudflare alone: without its AWS-only limit. */
const cloudflareOnly = {
  edges: ['cloudflare'],
  rateLimits: [
    { name: 'per-ip', key: 'ip', limit: 1000, windowSeconds: 300 },
    { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, key: 'ip', limit: 5, windowSeconds: 60 },
  ],
};
const login = { name: 'login', match: { paths: ['/api/auth/login'], methods: ['POST'] }, limit: 5, windowSeconds: 60 };

describe('synthRefusals (BWD-EDGE-01)', () => {
  it('finds nothing in the strict example', () => {
    expect(violations(synthRefusals)).toEqual([]);
    expect(runDoctor(loadProfile(join(examples, 'strict.yaml'))).findings).toEqual([]);
  });

  it('reports each refusal of each edge at its field, AWS by name and Cloudflare with its plan', () => {
    expect(violations(synthRefusals, { tls: { minVersion: '1.1' } })).toEqual([
      { path: 'tls.minVersion', observed: expect.stringMatching(/^AWS: TLS 1\.1 is not deployed/) },
      { path: 'tls.minVersion', observed: expect.stringMatching(/^Cloudflare \(pro plan\): TLS 1\.1 is not deployed/) },
    ]);
    expect(violations(synthRefusals, { tls: { minVersion: '1.1' }, cloudflare: { plan: 'business' } })[1].observed).toMatch(/^Cloudflare \(business plan\): /);
  });

  it('runs only the edges the profile targets', () => {
    expect(found(profile({ ...cloudflareOnly, tls: { minVersion: '1.1' } }), 'BWD-EDGE-01').map((f) => [f.path, f.message])).toEqual([
      ['tls.minVersion', expect.stringContaining('Cloudflare (pro plan): TLS 1.1 is not deployed')],
    ]);
    expect(found(profile({ edges: ['aws'], tls: { minVersion: '1.1' } }), 'BWD-EDGE-01').map((f) => [f.path, f.message])).toEqual([
      ['tls.minVersion', expect.stringContaining('AWS: TLS 1.1 is not deployed')],
    ]);
  });

  it('blocks the login rate limit the Cloudflare plan cannot count, at its field, naming the edge and plan', () => {
    const [finding, ...rest] = found(profile({ edges: ['cloudflare'], rateLimits: [login] }), 'BWD-EDGE-01');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'blocking', path: 'rateLimits[0]' });
    expect(finding.message).toMatch(/^Synth refuses the profile on an edge it targets: Cloudflare \(pro plan\): rate-login: .*or edges: \[aws\]/);
  });

  it('blocks CORS the edges refuse: "*" with credentials on both, more origins than the Cloudflare plan\'s transform rules', () => {
    expect(found(profile({ cors: { allowedOrigins: ['*'], allowCredentials: true } }), 'BWD-EDGE-01').map((f) => f.path)).toEqual([
      'cors.allowedOrigins',
      'cors.allowedOrigins',
    ]);
    const origins = Array.from({ length: 25 }, (_, i) => `https://app${i}.example.com`);
    const [quota] = found(profile({ ...cloudflareOnly, cors: { allowedOrigins: origins } }), 'BWD-EDGE-01');
    expect(quota).toMatchObject({
      path: 'cors.allowedOrigins',
      message: expect.stringMatching(/pro plan allows 25 response header transform rules and the profile needs 26/),
    });
  });
});

describe('edgeRefusals', () => {
  it('has profiles that each edge refuses and profiles no edge refuses', () => {
    const refusing = (patch: Record<string, unknown>) => {
      const policy = buildPolicy(profile(patch));
      return policy.edges.filter((edge) => edgeRefusals(policy, edge).length > 0);
    };
    expect(refusing({})).toEqual([]);
    expect(refusing({ network: { ingressPorts: [443, 22], adminCidrs: ['0.0.0.0/0'] } })).toEqual(['aws']);
    expect(refusing({ ...cloudflareOnly, cloudflare: { sslMode: 'flexible' } })).toEqual(['cloudflare']);
    expect(refusing({ tls: { minVersion: '1.1' } })).toEqual(['aws', 'cloudflare']);
  });

  it('runs every AWS construct check: web ACL, TLS, headers, edge and app-tier security groups, secret rotation', () => {
    const patch = {
      tls: { minVersion: '1.1', hsts: { maxAgeSeconds: 600 } },
      network: { ingressPorts: [443, 22], adminCidrs: ['0.0.0.0/0'], egress: { dependencies: [{ name: 'postgres', port: 5432, to: ['0.0.0.0/0'] }] } },
      secrets: { items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: 0 }] },
      rateLimits: [{ name: 'tight', limit: 1, windowSeconds: 120, edges: ['aws'] }],
    };
    expect(edgeRefusals(buildPolicy(profile(patch)), 'aws').map((problem) => problem.field)).toEqual([
      'rateLimits[0]',
      'tls.minVersion',
      'tls.hsts.maxAgeSeconds',
      'network.adminCidrs',
      'network.ingressPorts',
      'network.egress.dependencies[0].to',
      'secrets.items[0].rotateAfterDays',
    ]);
  });

  it("reports the Cloudflare compiler's problems, and the zone's literals only once it compiles", () => {
    const policy = buildPolicy(profile({ edges: ['cloudflare'], rateLimits: [login] }));
    expect(edgeRefusals(policy, 'cloudflare').map((problem) => problem.field)).toEqual(['rateLimits[0]']);
    expect(edgeRefusals(buildPolicy(profile({})), 'cloudflare')).toEqual([]);
    // The profile refuses a cdktf token marker; a policy built otherwise may still carry one into a header value.
    const marked = (policy: Policy): Policy => ({
      ...policy,
      headers: { ...policy.headers, values: { ...policy.headers.values, 'Referrer-Policy': 'x#{TfToken[TOKEN.1]}' } },
    });
    expect(edgeRefusals(marked(buildPolicy(profile({}))), 'cloudflare').map((problem) => problem.message)).toEqual([expect.stringContaining('TfToken')]);
    expect(edgeRefusals(marked(policy), 'cloudflare').map((problem) => problem.field)).toEqual(['rateLimits[0]']);
  });
});

describe('BWD-WAF-10: an edge without any attack protection', () => {
  const bare = { waf: { managedRules: [], block: { sqlInjection: false, crossSiteScripting: false, pathTraversal: false } }, rateLimits: [] };

  it('blocks an AWS edge with no managed rule set, no SQLi/XSS/traversal block and no rate limit', () => {
    expect(violations(edgeWithoutAttackProtection, { ...bare, edges: ['aws'] })).toEqual([
      { path: 'waf', observed: 'AWS carries no managed rule set, no SQLi/XSS/traversal block and no rate limit' },
    ]);
    const findings = found(profile({ ...bare, edges: ['aws'] }), 'BWD-WAF-10');
    expect(findings.map((f) => [f.severity, f.path, f.message])).toEqual([
      [
        'blocking',
        'waf',
        'An edge the profile targets carries no attack protection: AWS carries no managed rule set, no SQLi/XSS/traversal block and no rate limit',
      ],
    ]);
  });

  it('blocks a Cloudflare zone whose plan runs only the Free Managed Ruleset', () => {
    expect(violations(edgeWithoutAttackProtection, { ...bare, edges: ['cloudflare'], cloudflare: { plan: 'free' } })).toEqual([
      { path: 'waf', observed: 'Cloudflare carries no managed rule set, no SQLi/XSS/traversal block and no rate limit' },
    ]);
  });

  it('blocks only the edge without protection: a rate limit carried by AWS alone leaves Cloudflare bare', () => {
    const patch = { ...bare, cloudflare: { plan: 'free' }, rateLimits: [{ name: 'per-ip', limit: 1000, windowSeconds: 300, edges: ['aws'] }] };
    expect(violations(edgeWithoutAttackProtection, patch)).toEqual([
      { path: 'waf', observed: 'Cloudflare carries no managed rule set, no SQLi/XSS/traversal block and no rate limit' },
    ]);
    expect(attackProtections(doctorContext(patch).policy, 'aws')).toEqual(['rate-per-ip']);
  });

  it.each<[string, Partial<HardeningProfileInput>]>([
    ['one managed rule set on AWS', { ...bare, edges: ['aws'], waf: { ...bare.waf, managedRules: ['ipReputation'] } }],
    ['a SQL injection block', { ...bare, waf: { ...bare.waf, block: { sqlInjection: true } }, cloudflare: { plan: 'free' } }],
    ['a cross-site scripting block', { ...bare, waf: { ...bare.waf, block: { crossSiteScripting: true } }, cloudflare: { plan: 'free' } }],
    ['a path traversal block', { ...bare, waf: { ...bare.waf, block: { pathTraversal: true } }, cloudflare: { plan: 'free' } }],
    ['a rate limit both edges carry', { ...bare, cloudflare: { plan: 'free' }, rateLimits: [{ name: 'per-ip', limit: 1000, windowSeconds: 300 }] }],
    [
      'a challenging rate limit',
      { ...bare, cloudflare: { plan: 'free' }, rateLimits: [{ name: 'per-ip', limit: 1000, windowSeconds: 300, action: 'challenge' }] },
    ],
    ['the OWASP ruleset of the pro plan', { ...bare, edges: ['cloudflare'] }],
  ])('passes with %s', (_, patch) => {
    const context = doctorContext(patch as Record<string, unknown>);
    expect(edgeWithoutAttackProtection(context)).toEqual([]);
    for (const edge of context.policy.edges) expect(attackProtections(context.policy, edge).length, edge).toBeGreaterThan(0);
  });

  it('names what protects each edge: AWS managed sets, custom blocks and rate limits; the Cloudflare managed rulesets and compiled limits', () => {
    const { policy } = doctorContext({});
    const aws = attackProtections(policy, 'aws');
    expect(aws).toEqual(expect.arrayContaining(['rate-per-ip', 'rate-auth', 'rate-per-user']));
    expect(aws.some((id) => id.startsWith('managed'))).toBe(true);
    const cloudflare = attackProtections(policy, 'cloudflare');
    expect(cloudflare).toEqual(expect.arrayContaining(['rate-per-ip', 'rate-auth']));
    expect(cloudflare).not.toContain('rate-per-user');
  });

  it('does not count a custom block that only counts, nor a bad-bot rule', () => {
    const policy = doctorContext({ ...bare, edges: ['aws'], waf: { ...bare.waf, badBots: { userAgents: ['sqlmap'] } } }).policy;
    expect(attackProtections(policy, 'aws')).toEqual([]);
  });

  it('does not count a rate limit the edge cannot carry, nor a count-only one', () => {
    const policy = doctorContext({
      ...bare,
      edges: ['aws'],
      rateLimits: [
        { name: 'tight', limit: 1, windowSeconds: 120 },
        { name: 'counted', limit: 1000, windowSeconds: 300, action: 'count' },
      ],
    }).policy;
    expect(attackProtections(policy, 'aws')).toEqual([]);
  });

  it('does not count a Cloudflare rate limit compiled to log (a counting limit on Enterprise)', () => {
    const rateLimits = [
      { name: 'counted', limit: 1000, windowSeconds: 60, action: 'count' },
      { name: 'blocking', limit: 1000, windowSeconds: 60 },
    ];
    const policy = doctorContext({ ...bare, edges: ['cloudflare'], cloudflare: { plan: 'enterprise' }, rateLimits }).policy;
    const protections = attackProtections(policy, 'cloudflare');
    expect(protections).toContain('rate-blocking');
    expect(protections).not.toContain('rate-counted');
  });

  it('does not count a Cloudflare rate limit that only logs', () => {
    const policy = doctorContext({
      ...bare,
      edges: ['cloudflare'],
      cloudflare: { plan: 'free' },
      rateLimits: [{ name: 'counted', limit: 1000, windowSeconds: 300, action: 'count' }],
    }).policy;
    expect(attackProtections(policy, 'cloudflare')).toEqual([]);
  });
});
