import { describe, expect, it } from 'vitest';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { evaluateExpression, type EdgeRequest } from '../../lib/cloudflare/expression/evaluate';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

describe('compileZone fitting custom rules to the quota', () => {
  const policy = buildPolicy(
    extendPreset('strict', { name: 'demo', edges: ['cloudflare'], waf: { ipAllowlist: ['203.0.113.0/24'], ipBlocklist: ['198.51.100.0/24'] } }),
  );
  const custom = (rules: typeof policy.rules) =>
    compileZone({ ...policy, rules }, 'free').rulesets.http_request_firewall_custom.map((rule) => `${rule.ref} ${rule.action}`);

  it('merges neighbouring rules of one action, in the place of the first', () => {
    expect(custom(policy.rules)).toEqual([
      'ip-allowlist skip',
      'ip-blocklist+bad-bots block',
      'sql-injection block',
      'cross-site-scripting block',
      'path-traversal block',
    ]);
  });

  it('never merges across a rule of another action, which the merged rule would pre-empt', () => {
    // A skip between two block rules: merging them in the place of the first would block, before the skip, what the skip lets through.
    const byId = (id: string) => policy.rules.find((rule) => rule.id === id) as (typeof policy.rules)[number];
    const reordered = [byId('ip-blocklist'), byId('ip-allowlist'), ...policy.rules.filter((rule) => !['ip-blocklist', 'ip-allowlist'].includes(rule.id))];
    expect(custom(reordered)).toEqual([
      'ip-blocklist block',
      'ip-allowlist skip',
      'bad-bots+sql-injection block',
      'cross-site-scripting block',
      'path-traversal block',
    ]);
  });
});

describe('compileZone custom attack rules (plans without the OWASP ruleset)', () => {
  const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
  const sqlRule = compileZone(policy, 'free').rulesets.http_request_firewall_custom.find((rule) => rule.ref.includes('sql-injection'));
  const blocks = (request: Partial<EdgeRequest>) =>
    evaluateExpression(sqlRule?.expression ?? 'false', { method: 'GET', host: 'example.com', path: '/', ...request });

  it('blocks SQL injection in the query string and the path', () => {
    expect(blocks({ path: '/items', query: 'id=1%20UNION%20SELECT%20password%20FROM%20users' })).toBe(true);
    expect(blocks({ path: '/login', query: "user=admin'%20or%20'1'='1" })).toBe(true);
    expect(blocks({ headers: { cookie: ['pref=1%20union%20select%20password'] } })).toBe(true);
  });

  it('lets ordinary traffic through: a base64url session cookie with "--", a slug with "--", a search for "select"', () => {
    expect(blocks({ headers: { cookie: ['session=eyJhbGciOi--JIUzI1NiJ9.abc--def'] } })).toBe(false);
    expect(blocks({ path: '/blog/rock--roll' })).toBe(false);
    expect(blocks({ path: '/search', query: 'q=select%20a%20plan' })).toBe(false);
  });
});

describe('compileZone response headers', () => {
  it('refuses a header value Cloudflare would refuse at apply: over 4 KB, or not ASCII', () => {
    const hosts = Array.from({ length: 200 }, (_, i) => `https://cdn${i}.assets.example.com`);
    const long = buildPolicy(
      extendPreset('strict', { name: 'demo', edges: ['cloudflare'], headers: { contentSecurityPolicy: { 'default-src': ["'self'"], 'img-src': hosts } } }),
    );
    expect(compileZone(long, 'pro').problems).toContainEqual(
      expect.objectContaining({
        field: 'headers',
        message: expect.stringMatching(/Content-Security-Policy header is \d+ bytes; Cloudflare sets at most 4096/),
      }),
    );
    // The profile refuses a non-ASCII CSP host; a policy built otherwise still meets the compiler's own guard.
    const strict = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
    const unicode = {
      ...strict,
      headers: { ...strict.headers, values: { ...strict.headers.values, 'Content-Security-Policy': "default-src 'self' https://bücher.example" } },
    };
    expect(compileZone(unicode, 'pro').problems).toContainEqual(
      expect.objectContaining({ field: 'headers', message: expect.stringMatching(/visible ASCII only/) }),
    );
    expect(compileZone(buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] })), 'pro').problems).toEqual([]);
  });
});

describe('compileZone what the plan cannot carry', () => {
  const login = { name: 'login', match: { paths: ['/api/auth/login'], methods: ['POST' as const] }, limit: 5, windowSeconds: 60 };

  it('leaves a rate limit whose match the plan cannot express to AWS when AWS enforces it too', () => {
    const zone = compileZone(buildPolicy(extendPreset('strict', { name: 'demo', edges: ['aws', 'cloudflare'], rateLimits: [login] })), 'pro');
    expect(zone.problems).toEqual([]);
    expect(zone.awsOnly).toContainEqual(
      expect.objectContaining({
        field: 'rateLimits[0]',
        message: expect.stringMatching(
          /rate-login is enforced on AWS only: the pro plan cannot match it in a rate-limit rule: .*http\.request\.method.*; to enforce it on Cloudflare too: a match on the path alone/,
        ),
      }),
    );
  });

  it('refuses it, naming the profile field and the options, when only Cloudflare would enforce it', () => {
    const zone = compileZone(buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], rateLimits: [login] })), 'pro');
    expect(zone.problems).toContainEqual(
      expect.objectContaining({ field: 'rateLimits[0]', message: expect.stringMatching(/options: a match on the path alone .*, or edges: \[aws\]/) }),
    );
  });

  it('names the IP list and what to do when its rule outgrows an expression', () => {
    const blocklist = Array.from({ length: 300 }, (_, i) => `198.${Math.floor(i / 250)}.${i % 250}.0/24`);
    const zone = compileZone(buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], waf: { ipBlocklist: blocklist } })), 'enterprise');
    expect(zone.problems).toContainEqual(
      expect.objectContaining({
        field: expect.stringMatching(/^waf\.ipBlocklist/),
        message: expect.stringMatching(/Cloudflare accepts at most 4096; options: .*Cloudflare IP list/),
      }),
    );
  });
});
