import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset, parseProfile, type HardeningProfileInput, type Policy, type PolicyRule } from '../../lib/tooling';

const baseline = buildPolicy(extendPreset('baseline', { name: 'demo' }));
const strict = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['aws', 'cloudflare'] }));

function rule(policy: Policy, id: string): PolicyRule {
  const found = policy.rules.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no rule ${id} in ${policy.rules.map((r) => r.id).join(', ')}`);
  return found;
}

describe('policy from the baseline preset', () => {
  it('orders rules: rate limits, managed sets in profile order, then custom blocks', () => {
    expect(baseline.rules.map((r) => r.id)).toEqual([
      'rate-per-ip',
      'rate-auth',
      'managed-common',
      'managed-knownBadInputs',
      'managed-sqlDatabase',
      'managed-ipReputation',
      'bad-bots',
      'sql-injection',
      'cross-site-scripting',
      'path-traversal',
    ]);
  });

  it('compiles the per-IP flood limit over every request', () => {
    expect(rule(baseline, 'rate-per-ip')).toMatchObject({
      intent: 'block',
      match: { type: 'always' },
      rate: { limit: 2_000, windowSeconds: 300, keys: [{ type: 'ip' }] },
      implements: ['apiRateLimit'],
      edges: ['aws'],
    });
  });

  it('compiles the login limit as a path match that implements the brute-force items', () => {
    expect(rule(baseline, 'rate-auth')).toMatchObject({
      match: { type: 'in', field: { type: 'path' }, values: ['/api/auth/login', '/api/auth/register'] },
      rate: { limit: 10, windowSeconds: 60 },
      implements: ['authRateLimit', 'bruteForceLockout'],
    });
  });

  it('marks custom blocks that a managed set already covers', () => {
    expect(rule(baseline, 'sql-injection')).toMatchObject({ coveredBy: ['sqlDatabase'], match: { type: 'attack', attack: 'sqlInjection' } });
    expect(rule(baseline, 'cross-site-scripting').coveredBy).toEqual(['common']);
    expect(rule(baseline, 'path-traversal').coveredBy).toEqual(['common']);
    expect(rule(baseline, 'bad-bots').coveredBy).toEqual([]);
  });

  it('matches bad bots case-insensitively by user agent', () => {
    const bots = rule(baseline, 'bad-bots');
    expect(bots.intent).toBe('block');
    expect(bots.match).toEqual({
      type: 'any',
      conditions: expect.arrayContaining([{ type: 'string', field: { type: 'userAgent' }, operator: 'contains', value: 'sqlmap', caseSensitive: false }]),
    });
  });

  it('renders the security headers once', () => {
    expect(baseline.headers.values).toEqual({
      'Content-Security-Policy': "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
      'Permissions-Policy': 'camera=(), geolocation=(), microphone=(), payment=()',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'X-XSS-Protection': '1; mode=block',
    });
  });

  it('converts durations to seconds', () => {
    expect(baseline.auth.jwt).toEqual({ algorithm: 'RS256', secretBytes: 64, accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 604_800 });
    expect(baseline.secrets.access.maxSessionSeconds).toBe(3_600);
  });

  it('has no notification target and no SSH', () => {
    expect(baseline.monitoring.hasNotificationTarget).toBe(false);
    expect(baseline.network).toEqual({
      ingressPorts: [80, 443],
      adminCidrs: [],
      sshAllowed: false,
      requireImdsv2: true,
      appPorts: [8080],
      egress: { https: [], httpsWithinVpc: true, dependencies: [] },
      origin: { behind: 'internet', authenticatedOriginPulls: false, clientIpHeaderMatchable: false },
    });
  });
});

describe('policy.network.origin', () => {
  const origin = (input: Partial<HardeningProfileInput>) => buildPolicy(parseProfile({ name: 'demo', ...input })).network.origin;

  it('puts an origin whose profile has the cloudflare edge behind Cloudflare, with authenticated pulls and CF-Connecting-IP', () => {
    expect(origin({ edges: ['aws', 'cloudflare'] })).toEqual({
      behind: 'cloudflare',
      authenticatedOriginPulls: true,
      clientIpHeader: 'CF-Connecting-IP',
      clientIpHeaderMatchable: true,
    });
  });

  it("trusts no header behind CloudFront (X-Forwarded-For's first address is the client's to choose), nor on the internet", () => {
    expect(origin({ network: { origin: { behind: 'cloudfront' } } })).toEqual({
      behind: 'cloudfront',
      authenticatedOriginPulls: false,
      clientIpHeaderMatchable: false,
    });
    expect(origin({ edges: ['aws', 'cloudflare'], network: { origin: { behind: 'internet' } } })).toEqual({
      behind: 'internet',
      authenticatedOriginPulls: false,
      clientIpHeaderMatchable: false,
    });
  });

  it('lets authenticated origin pulls be turned off behind Cloudflare, and refuses them elsewhere', () => {
    expect(origin({ edges: ['cloudflare'], network: { origin: { authenticatedOriginPulls: false } } }).authenticatedOriginPulls).toBe(false);
    expect(() => origin({ network: { origin: { authenticatedOriginPulls: true } } })).toThrow(
      /network\.origin\.authenticatedOriginPulls: is a Cloudflare feature, and the origin is behind internet/,
    );
  });
});

describe('policy from the strict preset', () => {
  it('requires TLS 1.3 and preloaded two-year HSTS', () => {
    expect(strict.tls).toEqual({
      minVersion: '1.3',
      ciphers: 'modern',
      postQuantum: false,
      hsts: { maxAgeSeconds: 63_072_000, includeSubdomains: true, preload: true },
    });
    expect(strict.headers.values['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains; preload');
  });

  it('renders a CSP with default-src first and valueless directives bare', () => {
    const csp = strict.headers.values['Content-Security-Policy'];
    expect(csp.startsWith("default-src 'self'; ")).toBe(true);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('; upgrade-insecure-requests');
  });

  it('limits logins to 5 a minute per IP on both edges', () => {
    expect(rule(strict, 'rate-auth')).toMatchObject({ rate: { limit: 5, windowSeconds: 60 }, edges: ['aws', 'cloudflare'] });
  });

  it('adds anonymous-IP blocking and keeps logs a year', () => {
    expect(rule(strict, 'managed-anonymousIp').managedRuleSet).toBe('anonymousIp');
    expect(strict.wafLogging).toEqual({ enabled: true, retentionDays: 365, redactHeaders: ['authorization', 'cookie'] });
    expect(strict.monitoring.logRetentionDays).toBe(365);
  });

  it('requires approvals for sensitive and critical secrets', () => {
    expect(strict.secrets.approvals).toEqual({ sensitive: { requiredApprovals: 1, timeoutHours: 24 }, critical: { requiredApprovals: 2, timeoutHours: 24 } });
    expect(strict.secrets.maxRotationDays).toBe(30);
  });
});

describe('policy rules from profile sections', () => {
  const policy = buildPolicy(
    parseProfile({
      name: 'demo',
      edges: ['aws', 'cloudflare'],
      waf: { ipAllowlist: ['10.0.0.0/8'], ipBlocklist: ['203.0.113.0/24', '2001:db8::/32'], geoBlock: ['KP', 'IR'] },
      rateLimits: [
        {
          name: 'per-user',
          match: { pathPrefix: '/api/', methods: ['POST', 'GET'] },
          key: [{ header: 'X-User-Id' }, 'ip'],
          limit: 60,
          windowSeconds: 60,
          action: 'challenge',
          edges: ['cloudflare'],
        },
      ],
    }),
  );

  it('puts the allowlist first, then the blocklist and geo blocks', () => {
    expect(policy.rules.slice(0, 3).map((r) => [r.id, r.intent])).toEqual([
      ['ip-allowlist', 'allow'],
      ['ip-blocklist', 'block'],
      ['geo-block', 'block'],
    ]);
    expect(rule(policy, 'geo-block').match).toEqual({ type: 'country', codes: ['IR', 'KP'] });
    expect(rule(policy, 'ip-blocklist').match).toEqual({ type: 'sourceIp', cidrs: ['2001:db8::/32', '203.0.113.0/24'] });
  });

  it('compiles a combined key, a path prefix and methods', () => {
    expect(rule(policy, 'rate-per-user')).toMatchObject({
      intent: 'challenge',
      edges: ['cloudflare'],
      rate: { keys: [{ type: 'header', name: 'x-user-id' }, { type: 'ip' }] },
      match: {
        type: 'all',
        conditions: [
          { type: 'string', field: { type: 'path' }, operator: 'startsWith', value: '/api/', caseSensitive: true },
          { type: 'in', field: { type: 'method' }, values: ['GET', 'POST'] },
        ],
      },
      implements: ['apiRateLimit', 'perIdentityRateLimits'],
    });
  });
});

describe('secrets in the policy', () => {
  const policy = buildPolicy(
    parseProfile({
      name: 'demo',
      environment: 'staging',
      secrets: {
        items: [
          { name: 'JWT_SECRET', service: 'gateway', tier: 'critical', generate: { bytes: 64 }, rotateAfterDays: 30 },
          { name: 'STRIPE_KEY', service: 'payment', tier: 'critical' },
        ],
        services: [
          { name: 'payment-service', reads: ['payment/*'], tokenTtl: '2h' },
          { name: 'admin', reads: ['*'] },
        ],
      },
    }),
  );

  it('names secrets <namespace>/<service>/<NAME> with the environment as namespace', () => {
    expect(policy.secrets.items.map((item) => item.id)).toEqual(['staging/gateway/JWT_SECRET', 'staging/payment/STRIPE_KEY']);
  });

  it('records source, rotation and readers', () => {
    expect(policy.secrets.items[0]).toMatchObject({ source: 'generated', generate: { bytes: 64, encoding: 'hex' }, rotationDays: 30, readers: ['admin'] });
    expect(policy.secrets.items[1]).toMatchObject({ source: 'external', rotationDays: 90, readers: ['admin', 'payment-service'] });
  });

  it('turns read scopes into name prefixes', () => {
    expect(policy.secrets.services).toEqual([
      { name: 'admin', readPrefixes: ['staging/'], readsEverything: true, sessionSeconds: 3_600 },
      { name: 'payment-service', readPrefixes: ['staging/payment/'], readsEverything: false, sessionSeconds: 7_200 },
    ]);
  });

  it('gives each owning service its own namespace when none are declared', () => {
    const derived = buildPolicy(
      parseProfile({
        name: 'demo',
        secrets: {
          items: [
            { name: 'A', service: 'one' },
            { name: 'B', service: 'two' },
          ],
        },
      }),
    );
    expect(derived.secrets.services.map((s) => [s.name, s.readPrefixes])).toEqual([
      ['one', ['production/one/']],
      ['two', ['production/two/']],
    ]);
    expect(derived.secrets.items.map((item) => item.readers)).toEqual([['one'], ['two']]);
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same profile, whatever the key order', () => {
    const input = {
      name: 'demo',
      edges: ['aws'],
      tls: { minVersion: '1.2', hsts: { preload: true, maxAgeSeconds: 31_536_000 } },
      waf: { geoBlock: ['RU', 'KP'] },
    };
    const reordered = {
      waf: { geoBlock: ['RU', 'KP'] },
      tls: { hsts: { maxAgeSeconds: 31_536_000, preload: true }, minVersion: '1.2' },
      edges: ['aws'],
      name: 'demo',
    };
    const a = JSON.stringify(buildPolicy(parseProfile(input)));
    expect(JSON.stringify(buildPolicy(parseProfile(input)))).toBe(a);
    expect(JSON.stringify(buildPolicy(parseProfile(reordered)))).toBe(a);
  });

  it('does not depend on the order of CSP directives', () => {
    const one = buildPolicy(parseProfile({ name: 'demo', headers: { contentSecurityPolicy: { 'script-src': ["'self'"], 'default-src': ["'none'"] } } }));
    const two = buildPolicy(parseProfile({ name: 'demo', headers: { contentSecurityPolicy: { 'default-src': ["'none'"], 'script-src': ["'self'"] } } }));
    expect(JSON.stringify(one.headers)).toBe(JSON.stringify(two.headers));
  });
});
