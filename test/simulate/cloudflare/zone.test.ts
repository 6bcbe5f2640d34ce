import { Testing } from 'cdktf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TerraformRule, TerraformZone } from '../../../lib/checks/cloudflare/terraform-zones';
import { terraformZones } from '../../../lib/checks/cloudflare/terraform-zones';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { MANAGED_RULESET_IDS } from '../../../lib/cloudflare/plans';
import { Profile } from '../../../lib/tooling';
import { compileZone } from '../../../lib/simulate/cloudflare/zone';
import type { SimulatedRequest } from '../../../lib/simulate/simulated-request';

const request = (extra: Partial<SimulatedRequest> = {}): SimulatedRequest => ({
  id: 'r',
  method: 'GET',
  host: 'api.example.com',
  path: '/',
  query: '',
  headers: {},
  body: '',
  ip: '198.51.100.7',
  extra: {},
  ...extra,
});

const zoneOf = (rulesets: Record<string, TerraformRule[]>, unresolvedPhases: Record<string, string> = {}): TerraformZone => ({
  zoneId: 'z',
  rulesets,
  rulesetAddresses: {},
  settings: {},
  settingAddresses: {},
  unresolvedPhases,
  entryPoints: {},
  rulesetResources: {},
  logpushJobs: {},
});

const edgeOf = (rulesets: Record<string, TerraformRule[]>, unresolved?: Record<string, string>) =>
  compileZone(zoneOf(rulesets, unresolved), { name: 'cloudflare', source: 'test' });

const managed: TerraformRule = { ref: 'cloudflare-managed', action: 'execute', expression: 'true', action_parameters: { id: MANAGED_RULESET_IDS.cloudflare } };
const loginLimit = (ratelimit: Record<string, unknown> = {}): TerraformRule => ({
  ref: 'rate-login',
  action: 'block',
  expression: 'http.request.uri.path eq "/login"',
  ratelimit: { characteristics: ['cf.colo.id', 'ip.src'], period: 10, requests_per_period: 2, mitigation_timeout: 30, ...ratelimit },
});

describe('compileZone (Cloudflare simulator)', () => {
  it('blocks with a custom rule, giving its phase and the custom response status', () => {
    const edge = edgeOf({
      http_request_firewall_custom: [
        { ref: 'no-admin', action: 'block', expression: 'starts_with(http.request.uri.path, "/admin")', action_parameters: { response: { status_code: 404 } } },
      ],
    });
    expect(edge.evaluate(request({ path: '/admin/x' }))).toEqual({
      action: 'block',
      rule: 'no-admin',
      phase: 'http_request_firewall_custom',
      matched: ['no-admin'],
      responseCode: 404,
    });
    expect(edge.evaluate(request({ path: '/public' }))).toEqual({ action: 'allow', rule: null, matched: [] });
  });

  it('matches the normalized path, so /x/../admin is caught by a rule on /admin', () => {
    const edge = edgeOf({ http_request_firewall_custom: [{ ref: 'no-admin', action: 'block', expression: 'http.request.uri.path eq "/admin"' }] });
    expect(edge.evaluate(request({ path: '/x/%2e%2e/admin' })).action).toBe('block');
  });

  it('maps challenge actions to challenge and lets a log rule continue, recorded in matched', () => {
    const edge = edgeOf({
      http_request_firewall_custom: [
        { ref: 'log-all', action: 'log', expression: 'true' },
        { ref: 'challenge-kp', action: 'managed_challenge', expression: 'ip.src.country eq "KP"' },
      ],
    });
    expect(edge.evaluate(request({ country: 'KP' }))).toMatchObject({ action: 'challenge', rule: 'challenge-kp', matched: ['log-all', 'challenge-kp'] });
  });

  it('skip with ruleset current skips the rest of the phase, and with phases skips those phases', () => {
    const edge = edgeOf({
      http_request_firewall_custom: [
        {
          ref: 'allow-office',
          action: 'skip',
          expression: 'ip.src in {192.0.2.0/24}',
          action_parameters: { ruleset: 'current', phases: ['http_ratelimit', 'http_request_firewall_managed'] },
        },
        { ref: 'block-all', action: 'block', expression: 'true' },
      ],
      http_ratelimit: [loginLimit({ requests_per_period: 0 })],
      http_request_firewall_managed: [managed],
    });
    expect(edge.evaluate(request({ ip: '192.0.2.9', path: '/login' }))).toEqual({ action: 'allow', rule: null, matched: ['allow-office'] });
    expect(edge.evaluate(request({ ip: '203.0.113.1' }))).toMatchObject({ action: 'block', rule: 'block-all' });
  });

  it('skip with ruleset current alone still runs the later phases', () => {
    const edge = edgeOf({
      http_request_firewall_custom: [
        { ref: 'skip-rest', action: 'skip', expression: 'true', action_parameters: { ruleset: 'current' } },
        { ref: 'block-all', action: 'block', expression: 'true' },
      ],
      http_request_firewall_managed: [managed],
    });
    expect(edge.evaluate(request())).toMatchObject({ action: 'unknown', rule: 'cloudflare-managed', otherwise: { action: 'allow', rule: null } });
  });

  it('skip with phase current skips the rest of the phase', () => {
    const edge = edgeOf({
      http_request_firewall_custom: [
        { ref: 'skip-phase', action: 'skip', expression: 'true', action_parameters: { phase: 'current' } },
        { ref: 'block-all', action: 'block', expression: 'true' },
      ],
    });
    expect(edge.evaluate(request())).toEqual({ action: 'allow', rule: null, matched: ['skip-phase'] });
  });

  it('reads an escaped $${ in an expression as the literal ${ Terraform writes', () => {
    const edge = edgeOf({ http_request_firewall_custom: [{ ref: 'literal', action: 'block', expression: 'http.user_agent contains "$${x}"' }] });
    expect(edge.evaluate(request({ headers: { 'user-agent': ['a ${x} b'] } })).action).toBe('block');
    expect(edge.evaluate(request({ headers: { 'user-agent': ['a $x} b'] } })).action).toBe('allow');
  });

  it('runs custom rules before rate limiting: a custom block wins over a rate limit', () => {
    const edge = edgeOf({
      http_ratelimit: [loginLimit({ requests_per_period: 0 })],
      http_request_firewall_custom: [{ ref: 'bad-bots', action: 'block', expression: 'http.user_agent contains "sqlmap"' }],
    });
    expect(edge.evaluate(request({ path: '/login', headers: { 'user-agent': ['sqlmap/1.7'] } }))).toMatchObject({
      action: 'block',
      rule: 'bad-bots',
      phase: 'http_request_firewall_custom',
    });
  });

  it('counts a rate limit per key over its period and blocks for the mitigation timeout', () => {
    const edge = edgeOf({ http_ratelimit: [loginLimit()] });
    const at = (seconds: number, ip = '198.51.100.7') => edge.evaluate(request({ path: '/login', ip, time: seconds * 1000 })).action;
    // 2 per 10 s: the third within the window is over the rate (request-rate calculation, example A).
    expect([at(0), at(1), at(2)]).toEqual(['allow', 'allow', 'block']);
    // Another address has its own counter.
    expect(at(3, '203.0.113.5')).toBe('allow');
    // Mitigated for 30 s from the third request, whatever the rate…
    expect(at(31)).toBe('block');
    // …then free again (the windows at 30 s and after hold no earlier counts).
    expect(at(33)).toBe('allow');
    // A request outside the rule's expression is not counted nor blocked.
    expect(edge.evaluate(request({ path: '/other', time: 2_000 })).action).toBe('allow');
  });

  it('with mitigation timeout 0 acts only while the rate is over', () => {
    const edge = edgeOf({ http_ratelimit: [loginLimit({ mitigation_timeout: 0 })] });
    const at = (seconds: number) => edge.evaluate(request({ path: '/login', time: seconds * 1000 })).action;
    expect([at(0), at(0), at(0)]).toEqual(['allow', 'allow', 'block']);
    // Two windows on (20 s), the earlier counts no longer weigh.
    expect(at(20)).toBe('allow');
  });

  it('weighs the previous window by the part still within one period (sliding approximation)', () => {
    const edge = edgeOf({ http_ratelimit: [loginLimit({ mitigation_timeout: 0, requests_per_period: 3 })] });
    const at = (ms: number) => edge.evaluate(request({ path: '/login', time: ms })).action;
    // Three in window [0, 10 s).
    expect([at(9_000), at(9_100), at(9_200)]).toEqual(['allow', 'allow', 'allow']);
    // At 11 s: 3 × 0.9 + 1 = 3.7 > 3.
    expect(at(11_000)).toBe('block');
    // At 19 s: 3 × 0.1 + 2 = 2.3 ≤ 3.
    expect(at(19_000)).toBe('allow');
  });

  it('counts only what the counting expression matches', () => {
    const edge = edgeOf({
      http_ratelimit: [loginLimit({ mitigation_timeout: 0, requests_per_period: 1, counting_expression: 'http.request.method eq "POST"' })],
    });
    const send = (method: string) => edge.evaluate(request({ path: '/login', method, time: 0 })).action;
    expect([send('GET'), send('GET'), send('GET'), send('POST')]).toEqual(['allow', 'allow', 'allow', 'allow']);
    expect(send('GET')).toBe('allow');
    expect(send('POST')).toBe('block');
    // Over the rate, a matching request that the counting expression does not match is acted on too.
    expect(send('GET')).toBe('block');
  });

  it('keys a rate limit by a header characteristic', () => {
    const edge = edgeOf({ http_ratelimit: [loginLimit({ characteristics: ['cf.colo.id', 'http.request.headers["X-Api-Key"]'], requests_per_period: 1 })] });
    const send = (key: string) => edge.evaluate(request({ path: '/login', headers: { 'x-api-key': [key] }, time: 0 })).action;
    expect([send('a'), send('b'), send('a')]).toEqual(['allow', 'allow', 'block']);
  });

  it('reports a rate limit it cannot key (unsupported characteristic, no address) as unknown', () => {
    const ja3 = edgeOf({ http_ratelimit: [loginLimit({ characteristics: ['cf.colo.id', 'cf.bot_management.ja3_hash'] })] });
    expect(ja3.evaluate(request({ path: '/login' }))).toMatchObject({ action: 'unknown', rule: 'rate-login', reason: expect.stringMatching(/ja3_hash/) });
    const byIp = edgeOf({ http_ratelimit: [loginLimit()] });
    expect(byIp.evaluate(request({ path: '/login', ip: undefined }))).toMatchObject({ action: 'unknown', otherwise: { action: 'allow' } });
  });

  it('reports an execute of a managed ruleset as unknown, with what the rest would do', () => {
    const edge = edgeOf({
      http_request_firewall_managed: [managed],
      http_request_sbfm: [{ ref: 'bots', action: 'block', expression: 'http.user_agent eq "evil"' }],
    });
    expect(edge.evaluate(request())).toEqual({
      action: 'unknown',
      rule: 'cloudflare-managed',
      phase: 'http_request_firewall_managed',
      matched: ['cloudflare-managed'],
      reason: 'managed ruleset Cloudflare Managed Ruleset (cloudflare-managed) may act; its contents are private',
      otherwise: { action: 'allow', rule: null },
    });
    expect(edge.evaluate(request({ headers: { 'user-agent': ['evil'] } }))).toMatchObject({ action: 'unknown', otherwise: { action: 'block', rule: 'bots' } });
  });

  it('reports a rule it cannot evaluate as unknown with the reason, never a guess or a throw', () => {
    const edge = edgeOf({
      http_request_firewall_custom: [
        { ref: 'score', action: 'block', expression: 'cf.waf.score lt 20' },
        { ref: 'templated', action: 'block', expression: '${var.expression}' },
        { ref: 'broken', action: 'block', expression: 'http.host eq' },
        { ref: 'regex', action: 'block', expression: 'http.host matches "(?<=x)"' },
      ],
    });
    const verdict = edge.evaluate(request());
    expect(verdict).toMatchObject({ action: 'unknown', rule: 'score', reason: expect.stringMatching(/cf\.waf\.score/), otherwise: { action: 'allow' } });
    expect(verdict.matched).toEqual([]);
  });

  it('lets a log rule it cannot evaluate pass: logging cannot change the verdict', () => {
    const edge = edgeOf({ http_request_firewall_custom: [{ ref: 'log-score', action: 'log', expression: 'cf.waf.score lt 20' }] });
    expect(edge.evaluate(request())).toEqual({ action: 'allow', rule: null, matched: [] });
  });

  it('reports a phase whose rules are known only at apply time as unknown', () => {
    const edge = edgeOf({}, { http_request_firewall_custom: 'cloudflare_ruleset.custom' });
    expect(edge.evaluate(request())).toMatchObject({ action: 'unknown', rule: 'cloudflare_ruleset.custom', phase: 'http_request_firewall_custom' });
  });
});

describe('compileZone on the synthesized strict example', () => {
  const json = Testing.synthScope((scope) => {
    new CloudflareZoneHardening(scope, 'zone', {
      zoneId: 'zone-id',
      profile: Profile.fromFile(join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml')),
    });
  });
  const [zone] = terraformZones(JSON.parse(json));
  const fresh = () => compileZone(zone, { name: 'cloudflare', source: 'cdk.tf.json', plan: 'pro' });

  it('blocks an sqlmap user agent by bad-bots', () => {
    expect(fresh().evaluate(request({ headers: { 'user-agent': ['sqlmap/1.7.2#stable (https://sqlmap.org)'] } }))).toMatchObject({
      action: 'block',
      rule: 'bad-bots',
      phase: 'http_request_firewall_custom',
    });
  });

  it('blocks the 6th login from one address within 60 s by rate-auth (auth: 5 per 60 s)', () => {
    const edge = fresh();
    const verdicts = [0, 5, 10, 15, 20, 25].map((second) => edge.evaluate(request({ method: 'POST', path: '/api/auth/login', time: 1_000 * second })));
    expect(verdicts.slice(0, 5).map((v) => v.otherwise?.action ?? v.action)).toEqual(['allow', 'allow', 'allow', 'allow', 'allow']);
    expect(verdicts[5]).toMatchObject({ action: 'block', rule: 'rate-auth', phase: 'http_ratelimit', responseCode: 429 });
  });

  it('gives an ordinary GET unknown (the managed rulesets may act), otherwise allow', () => {
    expect(fresh().evaluate(request({ path: '/products', headers: { 'user-agent': ['Mozilla/5.0'] } }))).toMatchObject({
      action: 'unknown',
      rule: 'cloudflare-managed',
      phase: 'http_request_firewall_managed',
      otherwise: { action: 'allow', rule: null },
    });
  });

  it('finishes a 1 MB query and a deeply percent-encoded path', () => {
    const edge = fresh();
    const started = Date.now();
    expect(edge.evaluate(request({ query: `q=${'a'.repeat(1_000_000)}` })).action).toBe('unknown');
    expect(edge.evaluate(request({ path: `/${'%25'.repeat(300_000)}41` })).action).toBe('unknown');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('a request that does not say what a rule reads', () => {
  const geoBlock: TerraformRule = { ref: 'geo-allow', action: 'block', expression: 'not ip.src.country in {"US" "CA"}' };
  const addressBlock: TerraformRule = { ref: 'deny-list', action: 'block', expression: 'ip.src in {192.0.2.0/24}' };

  it('is unknown on a rule reading the country, not blocked as if it had none', () => {
    const edge = edgeOf({ http_request_firewall_custom: [geoBlock] });
    expect(edge.evaluate(request({ country: 'DE' }))).toMatchObject({ action: 'block', rule: 'geo-allow' });
    expect(edge.evaluate(request({ country: 'US' })).action).toBe('allow');
    expect(edge.evaluate(request())).toMatchObject({ action: 'unknown', rule: 'geo-allow', otherwise: { action: 'allow' } });
  });

  it('is unknown on a rule reading the client address', () => {
    const edge = edgeOf({ http_request_firewall_custom: [addressBlock] });
    expect(edge.evaluate(request({ ip: '192.0.2.9' })).action).toBe('block');
    expect(edge.evaluate(request({ ip: undefined })).action).toBe('unknown');
  });
});
