import { describe, expect, it } from 'vitest';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

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

describe('compileZone orchestration', () => {
  const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));

  it('compiles one ruleset per phase and the zone settings', () => {
    const zone = compileZone(policy, 'pro');
    expect(Object.keys(zone.rulesets)).toEqual([
      'http_request_firewall_custom',
      'http_ratelimit',
      'http_request_firewall_managed',
      'http_response_headers_transform',
    ]);
    expect(zone.settings.map((setting) => setting.settingId)).toEqual(['min_tls_version', 'tls_1_3', 'always_use_https', 'ssl', 'security_header']);
  });

  it('compiles without add-ons outside Enterprise, with a note', () => {
    const zone = compileZone(policy, 'business', ['advancedRateLimiting']);
    expect(zone.addOns).toEqual([]);
    expect(zone.notes).toContainEqual({
      field: 'cloudflare.addOns',
      message: 'advancedRateLimiting count only on Enterprise; compiled for the business plan without them',
    });
  });
});
