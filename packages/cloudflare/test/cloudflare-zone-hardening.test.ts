import { LogpushJob } from '@cdktf/provider-cloudflare/lib/logpush-job';
import { NotificationPolicy } from '@cdktf/provider-cloudflare/lib/notification-policy';
import { AuthenticatedOriginPullsCertificate } from '@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-certificate';
import { AuthenticatedOriginPullsSettings } from '@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-settings';
import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { AnnotationMetadataEntryType, TerraformVariable, Testing } from 'cdktf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudflareZoneHardening, type CloudflareZoneHardeningProps } from '../lib/cloudflare-zone-hardening';
import { MANAGED_RULESET_IDS, OWASP_SCORE_RULE_ID } from '../../../lib/cloudflare/plans';
import { DEFAULT_BAD_BOTS } from '../../../lib/profile/schema';
import { extendPreset, type HardeningProfileInput, Preset, Profile, toProfile } from '../../../lib/tooling';

const zoneId = '0123456789abcdef0123456789abcdef';
const example = (name: string) => Profile.fromFile(join(__dirname, '..', '..', '..', 'examples', 'profiles', name));

function synth(props: Omit<CloudflareZoneHardeningProps, 'zoneId'>): string {
  return Testing.synthScope((scope) => {
    new CloudflareZoneHardening(scope, 'zone', { zoneId, ...props });
  });
}

function build(props: Omit<CloudflareZoneHardeningProps, 'zoneId'>): CloudflareZoneHardening {
  let built: CloudflareZoneHardening | undefined;
  Testing.synthScope((scope) => {
    built = new CloudflareZoneHardening(scope, 'zone', { zoneId, ...props });
  });
  return built as CloudflareZoneHardening;
}

const warnings = (zone: CloudflareZoneHardening) =>
  zone.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.WARN).map((entry) => entry.data as string);

const has = (json: string, type: string, properties: Record<string, unknown>) => Testing.toHaveResourceWithProperties(json, type, properties);
const cloudflareProfile = (input: Partial<HardeningProfileInput> = {}) => Profile.fromObject({ name: 'demo', edges: ['cloudflare'], ...input });

describe('CloudflareZoneHardening on the pro plan (the strict example)', () => {
  const json = synth({ profile: example('strict.yaml') });

  it('executes Cloudflare Managed and OWASP Core with the profile paranoia level and threshold', () => {
    expect(
      has(json, Ruleset.tfResourceType, {
        zone_id: zoneId,
        kind: 'zone',
        phase: 'http_request_firewall_managed',
        rules: [
          { ref: 'cloudflare-managed', action: 'execute', expression: 'true', action_parameters: { id: MANAGED_RULESET_IDS.cloudflare } },
          {
            ref: 'owasp-core',
            action: 'execute',
            expression: 'true',
            action_parameters: {
              id: MANAGED_RULESET_IDS.owasp,
              overrides: {
                categories: [
                  { category: 'paranoia-level-3', enabled: false },
                  { category: 'paranoia-level-4', enabled: false },
                ],
                rules: [{ id: OWASP_SCORE_RULE_ID, action: 'block', score_threshold: 40 }],
              },
            },
          },
        ],
      }),
    ).toBe(true);
  });

  it('limits every client IP overall and logins to 5 a minute, keyed with cf.colo.id', () => {
    expect(
      has(json, Ruleset.tfResourceType, {
        phase: 'http_ratelimit',
        rules: [
          {
            ref: 'rate-per-ip',
            action: 'block',
            expression: 'true',
            ratelimit: { characteristics: ['cf.colo.id', 'ip.src'], period: 60, requests_per_period: 200, requests_to_origin: false },
          },
          {
            ref: 'rate-auth',
            action: 'block',
            expression: 'http.request.uri.path in {"/api/auth/login" "/api/auth/register"}',
            ratelimit: { characteristics: ['cf.colo.id', 'ip.src'], period: 60, requests_per_period: 5 },
          },
        ],
      }),
    ).toBe(true);
  });

  it('blocks bad bots with a custom rule and leaves SQLi, XSS and traversal to OWASP', () => {
    expect(
      has(json, Ruleset.tfResourceType, {
        phase: 'http_request_firewall_custom',
        rules: [
          {
            ref: 'bad-bots',
            action: 'block',
            // The default list (scanners only), lowercased and sorted as the policy lists it.
            expression: [...new Set(DEFAULT_BAD_BOTS)]
              .sort()
              .map((agent) => `lower(http.user_agent) contains "${agent}"`)
              .join(' or '),
          },
        ],
      }),
    ).toBe(true);
  });

  it('sets the security headers on every response, leaving HSTS and nosniff to the zone setting, then grants CORS to the one origin', () => {
    expect(
      has(json, Ruleset.tfResourceType, {
        phase: 'http_response_headers_transform',
        rules: [
          {
            ref: 'security-headers',
            action: 'rewrite',
            expression: 'true',
            action_parameters: {
              headers: {
                'X-Frame-Options': { operation: 'set', value: 'DENY' },
                'Referrer-Policy': { operation: 'set', value: 'no-referrer' },
                'Access-Control-Allow-Origin': { operation: 'remove' },
                Vary: { operation: 'add', value: 'Origin' },
              },
            },
          },
          {
            ref: 'cors-origin-1',
            action: 'rewrite',
            expression: 'http.request.headers["origin"][0] eq "https://app.example.com"',
            action_parameters: {
              headers: {
                'Access-Control-Allow-Origin': { operation: 'set', value: 'https://app.example.com' },
                'Access-Control-Allow-Credentials': { operation: 'set', value: 'true' },
              },
            },
          },
        ],
      }),
    ).toBe(true);
    expect(json).not.toContain('"Strict-Transport-Security"');
    expect(json).not.toContain('"X-Content-Type-Options"');
  });

  it.each([
    ['min_tls_version', '1.3'],
    ['tls_1_3', 'on'],
    ['always_use_https', 'on'],
    ['ssl', 'strict'],
  ])('sets %s to %s', (settingId, value) => {
    expect(has(json, ZoneSetting.tfResourceType, { zone_id: zoneId, setting_id: settingId, value })).toBe(true);
  });

  it('sets HSTS through the security_header setting', () => {
    expect(
      has(json, ZoneSetting.tfResourceType, {
        setting_id: 'security_header',
        value: { strict_transport_security: { enabled: true, max_age: 63_072_000, include_subdomains: true, preload: true, nosniff: true } },
      }),
    ).toBe(true);
  });

  it('puts no token or secret in the synthesized JSON', () => {
    expect(json).not.toMatch(/api_token|api_key|\$\{TfToken|secret/i);
  });
});

describe('CloudflareZoneHardening fitted to the free plan', () => {
  it('runs the Free Managed Ruleset and custom detections for SQLi, XSS and traversal in the path, query string and cookies', () => {
    const json = synth({
      profile: cloudflareProfile({ rateLimits: [{ name: 'api', match: { pathPrefix: '/api/' }, limit: 100, windowSeconds: 10, action: 'challenge' }] }),
    });
    expect(
      has(json, Ruleset.tfResourceType, {
        phase: 'http_request_firewall_managed',
        rules: [{ ref: 'free-managed', action: 'execute', action_parameters: { id: MANAGED_RULESET_IDS.free } }],
      }),
    ).toBe(true);
    // The path and query as sent and every header value joined, concatenated once, decoded to a fixed point with %u, then folded.
    const fields = 'concat(raw.http.request.uri, \\"\\\\x01\\", join(http.request.headers.values, \\"\\\\x01\\")), \\"ur\\")';
    for (const detection of [
      `lower(remove_bytes(url_decode(${fields}, \\" \\\\x09\\\\x0a\\\\x0d\\\\x0b\\\\x0c\\\\x00/*\`!()+-#0123456789\\")) contains \\"'or=\\"`,
      `lower(remove_bytes(url_decode(${fields}, \\" \\\\x09\\\\x0a\\\\x0d\\\\x0b\\\\x0c\\\\x00#;0\\")) contains \\"<script\\"`,
      `lower(url_decode(${fields}) contains \\"../..\\"`,
    ]) {
      expect(json).toContain(detection);
    }
    expect(
      has(json, Ruleset.tfResourceType, {
        phase: 'http_ratelimit',
        rules: [
          {
            ref: 'rate-api',
            action: 'managed_challenge',
            expression: 'starts_with(http.request.uri.path, "/api/")',
            ratelimit: { period: 10, requests_per_period: 100, mitigation_timeout: 0 },
          },
        ],
      }),
    ).toBe(true);
  });

  it('merges rules of the same action to fit the 5 custom rules of the free plan', () => {
    const profile = cloudflareProfile({ waf: { ipBlocklist: ['203.0.113.0/24'], geoBlock: ['KP'] }, rateLimits: [] });
    const construct = build({ profile });
    const custom = construct.compiled.rulesets.http_request_firewall_custom;
    // Only as many rules are merged as it takes: exactly the quota, the rest kept apart.
    expect(custom.length).toBe(5);
    expect(custom.map((rule) => rule.ref)).toContainEqual(expect.stringContaining('+'));
    expect(construct.compiled.notes.some((note) => /merged .* to fit the free plan's 5 custom rules/.test(note.message))).toBe(true);
    // The blocklist is evaluated first still: the merged block rule takes its place.
    expect(custom[0].ref.startsWith('ip-blocklist+')).toBe(true);
  });

  it('refuses the log action below Enterprise', () => {
    expect(() =>
      synth({ profile: cloudflareProfile({ cloudflare: { plan: 'pro', owasp: { action: 'log' } }, waf: { badBots: { action: 'count' } } }) }),
    ).toThrow(
      /- waf.badBots: bad-bots: the log action needs Enterprise, not the pro plan[\s\S]*- cloudflare.owasp.action: the OWASP ruleset cannot only log on the pro plan/,
    );
  });

  it("leaves the checklist's login limit to AWS on the free plan, with a warning naming the rule, the reason and the options", () => {
    const zone = build({ profile: example('aragora.yaml'), plan: 'free' });
    expect(zone.compiled.rulesets.http_ratelimit.map((rule) => rule.ref)).toEqual(['rate-api']);
    expect(zone.compiled.problems).toEqual([]);
    expect(warnings(zone)).toEqual([
      'rateLimits[1]: rate-auth is enforced on AWS only: 5 per 60 s cannot be counted on the free plan (periods 10 s); to enforce it on Cloudflare too: a higher plan or a higher limit',
    ]);
  });

  it('keeps the limits only Cloudflare enforces within the quota, and leaves the rest to AWS in profile order', () => {
    const both = { key: 'ip', limit: 60, windowSeconds: 10 } as const;
    const zone = build({
      profile: cloudflareProfile({
        edges: ['aws', 'cloudflare'],
        rateLimits: [
          { name: 'first', ...both },
          { name: 'edge-only', ...both, limit: 30, edges: ['cloudflare'] },
        ],
      }),
    });
    expect(zone.compiled.rulesets.http_ratelimit.map((rule) => rule.ref)).toEqual(['rate-edge-only']);
    expect(warnings(zone)).toEqual([
      'rateLimits[0]: rate-first is enforced on AWS only: the free plan allows 1 rate-limit rule, taken by rate-edge-only; to enforce it on Cloudflare too: a higher plan',
    ]);
    // On Pro (two rules): the Cloudflare-only limit and the first other one, in profile order.
    const pro = build({
      profile: cloudflareProfile({
        edges: ['aws', 'cloudflare'],
        cloudflare: { plan: 'pro' },
        rateLimits: [
          { name: 'first', ...both },
          { name: 'second', ...both, limit: 50 },
          { name: 'edge-only', ...both, limit: 30, edges: ['cloudflare'] },
        ],
      }),
    });
    expect(pro.compiled.rulesets.http_ratelimit.map((rule) => rule.ref)).toEqual(['rate-first', 'rate-edge-only']);
    expect(warnings(pro)).toEqual([
      expect.stringMatching(
        /^rateLimits\[1\]: rate-second is enforced on AWS only: the pro plan allows 2 rate-limit rules, taken by rate-first, rate-edge-only;/,
      ),
    ]);
  });

  it.each(['baseline', 'strict'] as const)('fits the %s preset on both edges to the free plan: one limit on Cloudflare, the other on AWS', (preset) => {
    const zone = build({ profile: toProfile(extendPreset(preset, { name: 'demo', edges: ['aws', 'cloudflare'] })) });
    expect(zone.compiled.plan).toBe('free');
    expect(zone.compiled.rulesets.http_ratelimit.map((rule) => rule.ref)).toEqual(['rate-per-ip']);
    expect(warnings(zone)).toEqual([expect.stringMatching(/^rateLimits\[1\]: rate-auth is enforced on AWS only: /)]);
  });

  it('refuses a limit the plan cannot carry when no other edge enforces it, naming the plan, the rule and the options', () => {
    const login = { name: 'auth', match: { paths: ['/login'] }, key: 'ip' as const, limit: 5, windowSeconds: 60 };
    expect(() => synth({ profile: cloudflareProfile({ rateLimits: [login] }) })).toThrow(
      /- rateLimits\[0\]: rate-auth: 5 per 60 s cannot be counted on the free plan \(periods 10 s\); options: a higher plan or a higher limit, or edges: \[aws\]/,
    );
    const many = [
      { name: 'one', key: 'ip', limit: 60, windowSeconds: 10 },
      { name: 'two', key: 'ip', limit: 30, windowSeconds: 10 },
    ] as const;
    expect(() => synth({ profile: cloudflareProfile({ rateLimits: [...many] }) })).toThrow(
      /- rateLimits\[1\]: rate-two: the free plan allows 1 rate-limit rule, taken by rate-one; options: a higher plan, or edges: \[aws\]/,
    );
  });

  it('refuses, rather than leaves to AWS, a limit neither the plan nor AWS WAF can enforce', () => {
    const reset = { name: 'reset', match: { paths: ['/password/reset'] }, key: 'ip' as const, limit: 2, windowSeconds: 600 };
    expect(() => synth({ profile: cloudflareProfile({ edges: ['aws', 'cloudflare'], rateLimits: [reset] }) })).toThrow(
      /- rateLimits\[0\]: rate-reset: 2 per 600 s cannot be counted on the free plan \(periods 10 s\), and AWS WAF cannot enforce it either \(it needs a rate of at least 10 requests per 600 s\); options: a higher plan or a higher limit, or a looser rate/,
    );
  });

  it('refuses per-user keys without Advanced Rate Limiting unless the rule is AWS-only', () => {
    const perUser = { name: 'per-user', key: { header: 'x-user-id' }, limit: 60, windowSeconds: 60 } as const;
    expect(() => synth({ profile: cloudflareProfile({ cloudflare: { plan: 'business' }, rateLimits: [perUser] }) })).toThrow(
      /counts by http.request.headers\["x-user-id"\], which the business plan cannot/,
    );
    expect(() =>
      synth({ profile: cloudflareProfile({ edges: ['aws', 'cloudflare'], cloudflare: { plan: 'business' }, rateLimits: [{ ...perUser, edges: ['aws'] }] }) }),
    ).not.toThrow();
  });
});

describe('CloudflareZoneHardening on business and enterprise', () => {
  it.each(['business', 'enterprise'] as const)('keeps the rate window on %s', (plan) => {
    const json = synth({ profile: Profile.fromPreset(Preset.STRICT, 'demo', { edges: ['cloudflare'], cloudflare: { plan } }) });
    expect(
      has(json, Ruleset.tfResourceType, {
        phase: 'http_ratelimit',
        rules: [
          { ref: 'rate-per-ip', ratelimit: { period: 300, requests_per_period: 1000 } },
          { ref: 'rate-auth', ratelimit: { period: 60, requests_per_period: 5 } },
        ],
      }),
    ).toBe(true);
  });
});

describe('CloudflareZoneHardening on every plan and add-on set (issue #26)', () => {
  // The example app's profile must synthesize on every plan: https://developers.cloudflare.com/waf/rate-limiting-rules/#availability
  it.each([
    ['free', []],
    ['pro', []],
    ['business', []],
    ['enterprise', []],
    ['enterprise', ['advancedRateLimiting']],
    ['enterprise', ['botManagement']],
    ['enterprise', ['advancedRateLimiting', 'botManagement']],
  ] as const)('synthesizes the strict example on %s with add-ons %j', (plan, addOns) => {
    const zone = build({ profile: example('strict.yaml'), plan, addOns });
    expect(zone.compiled.problems).toEqual([]);
    expect(zone.compiled.addOns).toEqual(addOns);
  });

  it('warns at synth which rate limit moved to AWS because Advanced Rate Limiting is missing', () => {
    const perUser = { name: 'per-user', key: { header: 'x-user-id' }, limit: 60, windowSeconds: 60 } as const;
    const zone = build({ profile: cloudflareProfile({ edges: ['aws', 'cloudflare'], cloudflare: { plan: 'enterprise' }, rateLimits: [perUser] }) });
    expect(warnings(zone)).toEqual([
      expect.stringMatching(
        /^rateLimits\[0\]: rate-per-user is enforced on AWS only: .*without the Advanced Rate Limiting add-on.*cloudflare\.addOns: \[advancedRateLimiting\]/,
      ),
    ]);
    const withArl = build({
      profile: cloudflareProfile({ edges: ['aws', 'cloudflare'], cloudflare: { plan: 'enterprise', addOns: ['advancedRateLimiting'] }, rateLimits: [perUser] }),
    });
    expect(warnings(withArl)).toEqual([]);
  });
});

describe('CloudflareZoneHardening detection: notification policies and firewall event Logpush', () => {
  const accountId = 'fedcba9876543210fedcba9876543210';
  const infos = (zone: CloudflareZoneHardening) =>
    zone.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.INFO).map((entry) => entry.data as string);
  const notified = (plan: 'free' | 'business' | 'enterprise') =>
    cloudflareProfile({ cloudflare: { plan }, monitoring: { notify: { email: ['security@example.com'] } } });

  it('sends HTTP DDoS attacks on every plan, and security event spikes of the zone on Business, to the profile emails', () => {
    const json = synth({ profile: notified('business'), accountId });
    expect(
      has(json, NotificationPolicy.tfResourceType, {
        account_id: accountId,
        alert_type: 'dos_attack_l7',
        enabled: true,
        mechanisms: { email: [{ id: 'security@example.com' }] },
      }),
    ).toBe(true);
    expect(
      has(json, NotificationPolicy.tfResourceType, {
        account_id: accountId,
        alert_type: 'clickhouse_alert_fw_anomaly',
        filters: { zones: [zoneId] },
        mechanisms: { email: [{ id: 'security@example.com' }] },
      }),
    ).toBe(true);
  });

  it('says at synth what a Free zone cannot be alerted on, and creates only the DDoS policy', () => {
    const free = cloudflareProfile({
      cloudflare: { plan: 'free' },
      rateLimits: [{ name: 'per-ip', key: 'ip', limit: 100, windowSeconds: 10, action: 'block' }],
      monitoring: { notify: { email: ['security@example.com'] } },
    });
    const zone = build({ profile: free, accountId });
    expect(Object.keys(zone.notificationPolicies)).toEqual(['http-ddos']);
    expect(infos(zone)).toContainEqual(expect.stringContaining('no Security Events Alert'));
  });

  it('creates no notification policy without an account id or without emails, and says which is missing', () => {
    const withoutAccount = build({ profile: notified('business') });
    expect(withoutAccount.notificationPolicies).toEqual({});
    expect(infos(withoutAccount)).toContainEqual(expect.stringContaining('no accountId'));
    const withoutEmails = build({ profile: cloudflareProfile({ cloudflare: { plan: 'business' } }), accountId });
    expect(withoutEmails.notificationPolicies).toEqual({});
    expect(infos(withoutEmails)).toContainEqual(expect.stringContaining('monitoring.notify.email: no Cloudflare notification policy'));
  });

  it('pushes firewall events of an Enterprise zone to the destination given', () => {
    const json = synth({
      profile: notified('enterprise'),
      accountId,
      firewallEventsLogpush: { destinationConf: 's3://logs/firewall?region=us-east-1', ownershipChallenge: 'challenge' },
    });
    expect(
      has(json, LogpushJob.tfResourceType, {
        zone_id: zoneId,
        dataset: 'firewall_events',
        destination_conf: 's3://logs/firewall?region=us-east-1',
        ownership_challenge: 'challenge',
        enabled: true,
      }),
    ).toBe(true);
  });

  it('refuses a literal destination with a credential, without echoing it, and takes it from a sensitive variable', () => {
    const secretDestination = 'https://logs.example.com/in?header_Authorization=Bearer%20s3cr3t-value';
    expect(() => build({ profile: notified('enterprise'), firewallEventsLogpush: { destinationConf: secretDestination } })).toThrow(/may carry a credential/);
    try {
      build({ profile: notified('enterprise'), firewallEventsLogpush: { destinationConf: secretDestination } });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('s3cr3t-value');
    }
    const json = Testing.synthScope((scope) => {
      const destination = new TerraformVariable(scope, 'logpush_destination', { type: 'string', sensitive: true });
      new CloudflareZoneHardening(scope, 'zone', {
        zoneId,
        profile: notified('enterprise'),
        firewallEventsLogpush: { destinationConf: destination.stringValue },
      });
    });
    expect(json).not.toContain('s3cr3t');
    expect(has(json, LogpushJob.tfResourceType, { destination_conf: '${var.logpush_destination}' })).toBe(true);
  });

  it('creates no Logpush job below Enterprise, with a warning when one was asked for, and an info on Enterprise without a destination', () => {
    const business = build({ profile: notified('business'), firewallEventsLogpush: { destinationConf: 's3://logs/firewall?region=us-east-1' } });
    expect(business.firewallEventsLogpushJob).toBeUndefined();
    expect(warnings(business)).toContainEqual(expect.stringContaining('Logpush is Enterprise only'));
    const enterprise = build({ profile: notified('enterprise') });
    expect(enterprise.firewallEventsLogpushJob).toBeUndefined();
    expect(infos(enterprise)).toContainEqual(expect.stringContaining('no Logpush of firewall events'));
  });
});

describe('CloudflareZoneHardening refuses a weak transport, as the AWS constructs do', () => {
  it('refuses TLS below 1.2, flexible SSL and HSTS under a year, all at once, in every environment', () => {
    const weak = cloudflareProfile({
      environment: 'dev',
      cloudflare: { plan: 'pro', sslMode: 'flexible' },
      tls: { minVersion: '1.1', hsts: { maxAgeSeconds: 86_400 } },
    });
    expect(() => synth({ profile: weak })).toThrow(
      /3 problems:\n- tls\.minVersion: TLS 1\.1 is not deployed: allowed are "1\.2" \(TLS 1\.3 and 1\.2\) and "1\.3" \(TLS 1\.3 only\)\n- tls\.hsts\.maxAgeSeconds: 86400 s is under one year; set 31536000 or more\n- cloudflare\.sslMode: "flexible" sends requests to the origin in plaintext: allowed are "strict" .* and "full" .*; set cloudflare\.sslMode: strict/,
    );
  });

  it('refuses SSL off, and builds with full (encrypted; the checks still ask for strict)', () => {
    expect(() => synth({ profile: cloudflareProfile({ cloudflare: { plan: 'pro', sslMode: 'off' } }) })).toThrow(
      /1 problem:\n- cloudflare\.sslMode: "off" sends requests to the origin in plaintext/,
    );
    expect(() => synth({ profile: cloudflareProfile({ cloudflare: { plan: 'pro', sslMode: 'full' } }) })).not.toThrow();
  });
});

describe('CloudflareZoneHardening and tls.ciphers', () => {
  const infos = (zone: CloudflareZoneHardening) =>
    zone.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.INFO).map((entry) => entry.data as string);

  it('sets the ciphers zone setting with Advanced Certificate Manager', () => {
    const json = synth({ profile: cloudflareProfile({ tls: { ciphers: 'compatible' }, cloudflare: { plan: 'pro', advancedCertificateManager: true } }) });
    expect(
      has(json, ZoneSetting.tfResourceType, {
        setting_id: 'ciphers',
        value: [
          'ECDHE-ECDSA-AES128-GCM-SHA256',
          'ECDHE-ECDSA-CHACHA20-POLY1305',
          'ECDHE-RSA-AES128-GCM-SHA256',
          'ECDHE-RSA-CHACHA20-POLY1305',
          'ECDHE-ECDSA-AES256-GCM-SHA384',
          'ECDHE-RSA-AES256-GCM-SHA384',
          'ECDHE-ECDSA-AES128-SHA256',
          'ECDHE-RSA-AES128-SHA256',
          'ECDHE-ECDSA-AES256-SHA384',
          'ECDHE-RSA-AES256-SHA384',
        ],
      }),
    ).toBe(true);
  });

  it('sets none without it, and says at synth that tls.ciphers is not enforced, with the two ways to enforce it', () => {
    const zone = build({ profile: cloudflareProfile({ cloudflare: { plan: 'pro' } }) });
    expect(zone.zoneSettings.ciphers).toBeUndefined();
    expect(infos(zone)).toContainEqual(
      expect.stringMatching(/^tls\.ciphers: modern is not enforced on Cloudflare: .*advancedCertificateManager: true.*"1\.3"$/),
    );
  });

  it('needs no ciphers setting under a TLS 1.3 floor, and says nothing', () => {
    const zone = build({ profile: cloudflareProfile({ tls: { minVersion: '1.3' }, cloudflare: { plan: 'pro' } }) });
    expect(zone.zoneSettings.ciphers).toBeUndefined();
    expect(infos(zone).filter((info) => info.startsWith('tls.ciphers'))).toEqual([]);
  });
});

describe('CloudflareZoneHardening authenticated origin pulls (network.origin)', () => {
  const profile = (network: HardeningProfileInput['network'] = {}) => cloudflareProfile({ cloudflare: { plan: 'pro' }, network });
  const infos = (zone: CloudflareZoneHardening) =>
    zone.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.INFO).map((entry) => entry.data as string);

  it('turns on zone-level authenticated origin pulls behind Cloudflare, and says the shared certificate proves only some Cloudflare zone, not this one', () => {
    const json = synth({ profile: profile() });
    expect(has(json, AuthenticatedOriginPullsSettings.tfResourceType, { zone_id: zoneId, enabled: true })).toBe(true);
    expect(Testing.toHaveResource(json, AuthenticatedOriginPullsCertificate.tfResourceType)).toBe(false);
    const [note] = infos(build({ profile: profile() })).filter((info) => info.startsWith('network.origin.authenticatedOriginPulls'));
    expect(note).toMatch(/shared origin-pull client certificate, the same for every Cloudflare account/);
    expect(note).toMatch(/proves only that a request came through some Cloudflare zone, not this one/);
    expect(note).toMatch(/pass originPullCertificate/);
    expect(note).toMatch(/must require and verify the certificate/);
  });

  it("uploads the zone's own certificate from Terraform variables, and enables the pulls only after it", () => {
    let zone: CloudflareZoneHardening | undefined;
    const json = Testing.synthScope((scope) => {
      const certificate = new TerraformVariable(scope, 'aop_certificate', { type: 'string' });
      const privateKey = new TerraformVariable(scope, 'aop_private_key', { type: 'string', sensitive: true });
      zone = new CloudflareZoneHardening(scope, 'zone', {
        zoneId,
        profile: profile(),
        originPullCertificate: { certificate: certificate.stringValue, privateKey: privateKey.stringValue },
      });
    });
    expect(
      has(json, AuthenticatedOriginPullsCertificate.tfResourceType, {
        zone_id: zoneId,
        certificate: '${var.aop_certificate}',
        private_key: '${var.aop_private_key}',
      }),
    ).toBe(true);
    const settings = Object.values(
      (JSON.parse(json) as { resource: Record<string, Record<string, { depends_on?: string[] }>> }).resource[AuthenticatedOriginPullsSettings.tfResourceType],
    );
    expect(settings).toHaveLength(1);
    expect(settings[0].depends_on).toEqual([`${AuthenticatedOriginPullsCertificate.tfResourceType}.${zone?.originPullCertificate?.friendlyUniqueId}`]);
    expect(infos(zone as CloudflareZoneHardening)).toContainEqual(expect.stringMatching(/this zone's own origin-pull client certificate/));
  });

  it('refuses a literal private key without echoing it, and a certificate when the pulls are off', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEv-s3cr3t\n-----END PRIVATE KEY-----';
    const literal = () => build({ profile: profile(), originPullCertificate: { certificate: '-----BEGIN CERTIFICATE-----', privateKey: key } });
    expect(literal).toThrow(/originPullCertificate\.privateKey: is a literal; .*sensitive Terraform variable/);
    expect(() => literal()).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }) as Error);
    expect(() =>
      Testing.synthScope((scope) => {
        const privateKey = new TerraformVariable(scope, 'aop_private_key', { type: 'string', sensitive: true });
        new CloudflareZoneHardening(scope, 'zone', {
          zoneId,
          profile: profile({ origin: { authenticatedOriginPulls: false } }),
          originPullCertificate: { certificate: 'cert', privateKey: privateKey.stringValue },
        });
      }),
    ).toThrow(/originPullCertificate: is only used with authenticated origin pulls, which are off/);
  });

  it('leaves them off when the profile turns them off, or the origin is not behind Cloudflare', () => {
    for (const origin of [{ authenticatedOriginPulls: false }, { behind: 'internet' as const }]) {
      const zone = build({ profile: profile({ origin }) });
      expect(zone.authenticatedOriginPulls).toBeUndefined();
      expect(Testing.toHaveResource(synth({ profile: profile({ origin }) }), AuthenticatedOriginPullsSettings.tfResourceType)).toBe(false);
    }
  });
});

describe('CloudflareZoneHardening zoneName', () => {
  it('refuses a zoneName that is not a lowercase domain, or is a token', () => {
    expect(() => synth({ zoneName: 'Shop.example.com' })).toThrow(/zoneName: "Shop\.example\.com" has uppercase letters/);
    expect(() =>
      Testing.synthScope((scope) => {
        new CloudflareZoneHardening(scope, 'zone', { zoneId, zoneName: new TerraformVariable(scope, 'name', { type: 'string' }).stringValue });
      }),
    ).toThrow(/zoneName: is a token/);
  });

  it('takes a valid zoneName without changing what is synthesized', () => {
    expect(synth({ zoneName: 'shop.example.com' })).toBe(synth({}));
  });
});
