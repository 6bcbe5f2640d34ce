import { describe, expect, it } from 'vitest';
import { parseProfile, ProfileValidationError, type ProfileIssue } from '../../lib/tooling';

interface Case {
  readonly title: string;
  readonly profile: Record<string, unknown>;
  readonly path: string;
  readonly message: RegExp;
  readonly fix?: RegExp;
}

const base = { name: 'demo' };

const cases: Case[] = [
  { title: 'missing name', profile: {}, path: 'name', message: /is required/, fix: /add "name"/ },
  { title: 'name with capitals', profile: { name: 'Demo' }, path: 'name', message: /lowercase letters/ },
  {
    title: 'misspelled top-level key',
    profile: { ...base, enviroment: 'production' },
    path: 'enviroment',
    message: /did you mean "environment"/,
    fix: /rename "enviroment" to "environment"/,
  },
  { title: 'unknown key with no close match', profile: { ...base, colour: 'blue' }, path: 'colour', message: /is not a known field$/, fix: /remove "colour"/ },
  { title: 'misspelled nested key', profile: { ...base, tls: { minVersoin: '1.2' } }, path: 'tls.minVersoin', message: /did you mean "minVersion"/ },
  { title: 'unknown environment, close to a value', profile: { ...base, environment: 'prod' }, path: 'environment', message: /did you mean "production"/ },
  { title: 'unknown edge', profile: { ...base, edges: ['azure'] }, path: 'edges[0]', message: /is not allowed/ },
  { title: 'empty edges', profile: { ...base, edges: [] }, path: 'edges', message: /at least 1 entry$/ },
  { title: 'TLS version as a number', profile: { ...base, tls: { minVersion: 1.2 } }, path: 'tls.minVersion', message: /write it quoted, "1.2"/ },
  {
    title: 'HSTS max-age as text',
    profile: { ...base, tls: { hsts: { maxAgeSeconds: 'one year' } } },
    path: 'tls.hsts.maxAgeSeconds',
    message: /expected number, received string "one year"/,
  },
  { title: 'negative HSTS max-age', profile: { ...base, tls: { hsts: { maxAgeSeconds: -1 } } }, path: 'tls.hsts.maxAgeSeconds', message: /at least 0/ },
  { title: 'HSTS preload as a string', profile: { ...base, tls: { hsts: { preload: 'yes' } } }, path: 'tls.hsts.preload', message: /expected boolean/ },
  { title: 'unknown frame option', profile: { ...base, headers: { frameOptions: 'ALLOW' } }, path: 'headers.frameOptions', message: /is not allowed/ },
  {
    title: 'CSP directive with capitals',
    profile: { ...base, headers: { contentSecurityPolicy: { 'Script-Src': ["'self'"] } } },
    path: 'headers.contentSecurityPolicy["Script-Src"]',
    message: /did you mean "script-src"/,
  },
  {
    title: 'misspelled CSP directive',
    profile: { ...base, headers: { contentSecurityPolicy: { 'scirpt-src': ['*'] } } },
    path: 'headers.contentSecurityPolicy["scirpt-src"]',
    message: /did you mean "script-src"/,
    fix: /rename "scirpt-src" to "script-src"/,
  },
  {
    title: 'CSP sources as a string',
    profile: { ...base, headers: { contentSecurityPolicy: { 'script-src': "'self'" } } },
    path: 'headers.contentSecurityPolicy["script-src"]',
    message: /expected array/,
  },
  {
    title: 'CORS origin with a path',
    profile: { ...base, cors: { allowedOrigins: ['https://app.example.com/login'] } },
    path: 'cors.allowedOrigins[0]',
    message: /is not an origin as browsers send it/,
    fix: /write it as https:\/\/app\.example\.com$/,
  },
  {
    title: 'CORS origin that is not a URL',
    profile: { ...base, cors: { allowedOrigins: ['app.example.com'] } },
    path: 'cors.allowedOrigins[0]',
    message: /is not an http\(s\) origin/,
  },
  {
    title: 'CORS origin with a default port',
    profile: { ...base, cors: { allowedOrigins: ['https://app.example.com:443'] } },
    path: 'cors.allowedOrigins[0]',
    message: /as browsers send it/,
    fix: /write it as https:\/\/app\.example\.com$/,
  },
  {
    title: 'duplicate rate limit names next to another problem',
    profile: {
      ...base,
      tls: { minVersion: 7 },
      rateLimits: [
        { name: 'x', limit: 10, windowSeconds: 60 },
        { name: 'x', limit: 10, windowSeconds: 60 },
      ],
    },
    path: 'rateLimits[1].name',
    message: /duplicates entry 0/,
  },
  {
    title: 'infinite number',
    profile: { ...base, rateLimits: [{ name: 'x', limit: Infinity, windowSeconds: 60 }] },
    path: 'rateLimits[0].limit',
    message: /received the number Infinity/,
  },
  { title: 'a Set where a mapping belongs', profile: { ...base, tls: new Set(['a']) }, path: 'tls', message: /is a Set, not plain data/ },
  { title: 'a bigint', profile: { ...base, name: 1n }, path: 'name', message: /is a bigint, not plain data/ },
  { title: 'unknown managed rule set', profile: { ...base, waf: { managedRules: ['comon'] } }, path: 'waf.managedRules[0]', message: /did you mean "common"/ },
  { title: 'bad CIDR in the blocklist', profile: { ...base, waf: { ipBlocklist: ['10.0.0/8'] } }, path: 'waf.ipBlocklist[0]', message: /is not a CIDR block/ },
  {
    title: 'CIDR with host bits',
    profile: { ...base, waf: { ipAllowlist: ['10.0.1.5/24'] } },
    path: 'waf.ipAllowlist[0]',
    message: /the network is 10\.0\.1\.0\/24/,
  },
  {
    title: 'IPv6 prefix out of range',
    profile: { ...base, network: { adminCidrs: ['2001:db8::/129'] } },
    path: 'network.adminCidrs[0]',
    message: /is not a CIDR block/,
  },
  {
    title: 'an egress destination that is neither a CIDR block nor a prefix list',
    profile: { ...base, network: { egress: { https: ['pl-XYZ'] } } },
    path: 'network.egress.https[0]',
    message: /is not a prefix-list ID/,
  },
  {
    title: 'a dependency address with host bits',
    profile: { ...base, network: { egress: { dependencies: [{ name: 'postgres', port: 5432, to: ['10.0.30.5/24'] }] } } },
    path: 'network.egress.dependencies[0].to[0]',
    message: /the network is 10\.0\.30\.0\/24/,
  },
  {
    title: 'two dependencies of one name',
    profile: {
      ...base,
      network: {
        egress: {
          dependencies: [
            { name: 'db', port: 5432, to: ['10.0.30.0/24'] },
            { name: 'db', port: 3306, to: ['10.0.31.0/24'] },
          ],
        },
      },
    },
    path: 'network.egress.dependencies[1].name',
    message: /duplicates entry 0/,
  },
  {
    title: 'the whole internet in an IP list',
    profile: { ...base, waf: { ipBlocklist: ['0.0.0.0/0'] } },
    path: 'waf.ipBlocklist[0]',
    message: /is the whole internet/,
  },
  {
    title: 'a repeated rate key',
    profile: { ...base, rateLimits: [{ name: 'api', limit: 10, windowSeconds: 60, key: ['ip', 'ip'] }] },
    path: 'rateLimits[0].key[1]',
    message: /duplicates entry 0/,
  },
  {
    title: 'an overlong bad-bot user agent',
    profile: { ...base, waf: { badBots: { userAgents: ['x'.repeat(65)] } } },
    path: 'waf.badBots.userAgents[0]',
    message: /at most 64 characters/,
  },
  { title: 'lowercase country code', profile: { ...base, waf: { geoBlock: ['ru'] } }, path: 'waf.geoBlock[0]', message: /country code/ },
  { title: 'log retention zero', profile: { ...base, waf: { logging: { retentionDays: 0 } } }, path: 'waf.logging.retentionDays', message: /at least 1/ },
  {
    title: 'rate limit without a limit',
    profile: { ...base, rateLimits: [{ name: 'api', windowSeconds: 60 }] },
    path: 'rateLimits[0].limit',
    message: /is required/,
  },
  {
    title: 'rate limit with a fractional limit',
    profile: { ...base, rateLimits: [{ name: 'api', limit: 1.5, windowSeconds: 60 }] },
    path: 'rateLimits[0].limit',
    message: /expected int/,
  },
  {
    title: 'rate limit with an unknown key form',
    profile: { ...base, rateLimits: [{ name: 'api', limit: 10, windowSeconds: 60, key: { jwtClaim: 'sub' } }] },
    path: 'rateLimits[0].key',
    message: /does not match any allowed form/,
  },
  {
    title: 'rate limit with more than 5 keys',
    profile: {
      ...base,
      rateLimits: [
        { name: 'api', limit: 10, windowSeconds: 60, key: ['ip', { header: 'a' }, { header: 'b' }, { cookie: 'c' }, { queryArg: 'd' }, { header: 'e' }] },
      ],
    },
    path: 'rateLimits[0].key',
    message: /must be at most 5 entries/,
  },
  {
    title: 'rate limit key list with a bad entry',
    profile: { ...base, rateLimits: [{ name: 'api', limit: 10, windowSeconds: 60, key: ['ip', { header: 'bad header' }] }] },
    path: 'rateLimits[0].key[1].header',
    message: /HTTP header name/,
  },
  {
    title: 'rate limit with an unknown action',
    profile: { ...base, rateLimits: [{ name: 'api', limit: 10, windowSeconds: 60, action: 'deny' }] },
    path: 'rateLimits[0].action',
    message: /is not allowed/,
  },
  {
    title: 'rate limit path without a slash',
    profile: { ...base, rateLimits: [{ name: 'api', limit: 10, windowSeconds: 60, match: { pathPrefix: 'api/' } }] },
    path: 'rateLimits[0].match.pathPrefix',
    message: /is not a URL path/,
  },
  {
    title: 'duplicate rate limit names',
    profile: {
      ...base,
      rateLimits: [
        { name: 'api', limit: 10, windowSeconds: 60 },
        { name: 'api', limit: 20, windowSeconds: 60 },
      ],
    },
    path: 'rateLimits[1].name',
    message: /duplicates entry 0/,
  },
  {
    title: 'rate limit on an edge the profile lacks',
    profile: { ...base, edges: ['aws'], rateLimits: [{ name: 'api', limit: 10, windowSeconds: 60, edges: ['cloudflare'] }] },
    path: 'rateLimits[0].edges',
    message: /not among the profile's edges/,
  },
  {
    title: 'duration without a unit',
    profile: { ...base, auth: { jwt: { accessTokenTtl: '15' } } },
    path: 'auth.jwt.accessTokenTtl',
    message: /is not a duration/,
    fix: /15m or 7d/,
  },
  { title: 'duration out of range', profile: { ...base, auth: { jwt: { accessTokenTtl: '30s' } } }, path: 'auth.jwt.accessTokenTtl', message: /outside 60s/ },
  {
    title: 'JWT secret bytes as text',
    profile: { ...base, auth: { jwt: { secretBytes: 'sixty-four' } } },
    path: 'auth.jwt.secretBytes',
    message: /expected number/,
  },
  { title: 'unknown JWT algorithm', profile: { ...base, auth: { jwt: { algorithm: 'none' } } }, path: 'auth.jwt.algorithm', message: /is not allowed/ },
  {
    title: 'secret name in lowercase',
    profile: { ...base, secrets: { items: [{ name: 'stripe_key', service: 'payment' }] } },
    path: 'secrets.items[0].name',
    message: /environment variable name/,
  },
  {
    title: 'unknown secret tier',
    profile: { ...base, secrets: { items: [{ name: 'STRIPE_KEY', service: 'payment', tier: 'secret' }] } },
    path: 'secrets.items[0].tier',
    message: /is not allowed/,
  },
  {
    title: 'generated secret too small',
    profile: { ...base, secrets: { items: [{ name: 'JWT_SECRET', service: 'gateway', generate: { bytes: 8 } }] } },
    path: 'secrets.items[0].generate.bytes',
    message: /at least 16/,
  },
  {
    title: 'duplicate secret',
    profile: {
      ...base,
      secrets: {
        items: [
          { name: 'A', service: 'x' },
          { name: 'A', service: 'x' },
        ],
      },
    },
    path: 'secrets.items[1].name',
    message: /duplicates entry 0/,
  },
  {
    title: 'service read scope malformed',
    profile: { ...base, secrets: { services: [{ name: 'payment', reads: ['secrets:read:*'] }] } },
    path: 'secrets.services[0].reads[0]',
    message: /is not a read scope/,
  },
  {
    title: 'session duration over 12 hours',
    profile: { ...base, secrets: { access: { maxSessionDuration: '24h' } } },
    path: 'secrets.access.maxSessionDuration',
    message: /outside 3600s/,
  },
  {
    title: 'bad VPC endpoint ID',
    profile: { ...base, secrets: { access: { vpcEndpointIds: ['endpoint-1'] } } },
    path: 'secrets.access.vpcEndpointIds[0]',
    message: /VPC endpoint ID/,
  },
  {
    title: 'bad approver email',
    profile: { ...base, secrets: { approvals: { approvers: ['security at example.com'] } } },
    path: 'secrets.approvals.approvers[0]',
    message: /email/,
  },
  {
    title: 'bad notification email',
    profile: { ...base, monitoring: { notify: { email: ['not-an-email'] } } },
    path: 'monitoring.notify.email[0]',
    message: /email/,
  },
  {
    title: 'bad SNS topic ARN',
    profile: { ...base, monitoring: { notify: { snsTopicArn: 'arn:aws:sqs:us-east-1:123456789012:q' } } },
    path: 'monitoring.notify.snsTopicArn',
    message: /SNS topic ARN/,
  },
  {
    title: 'critical expiry alarm after warning',
    profile: { ...base, monitoring: { alarms: { certificateExpiryDays: { warning: 7, critical: 30 } } } },
    path: 'monitoring.alarms.certificateExpiryDays.critical',
    message: /fewer days than the warning threshold/,
  },
  { title: 'port out of range', profile: { ...base, network: { ingressPorts: [70000] } }, path: 'network.ingressPorts[0]', message: /at most 65535/ },
  { title: 'unknown Cloudflare plan', profile: { ...base, cloudflare: { plan: 'premium' } }, path: 'cloudflare.plan', message: /is not allowed/ },
  // Advanced Rate Limiting and Bot Management are Enterprise add-ons: https://developers.cloudflare.com/waf/rate-limiting-rules/#availability, https://developers.cloudflare.com/bots/plans/bm-subscription/
  {
    title: 'Cloudflare add-ons below Enterprise',
    profile: { ...base, cloudflare: { plan: 'business', addOns: ['advancedRateLimiting'] } },
    path: 'cloudflare.addOns',
    message: /are Enterprise add-ons, and the plan is business/,
  },
  {
    title: 'unknown Cloudflare add-on',
    profile: { ...base, cloudflare: { plan: 'enterprise', addOns: ['apiShield'] } },
    path: 'cloudflare.addOns[0]',
    message: /is not allowed/,
  },
  {
    title: 'duplicate Cloudflare add-on',
    profile: { ...base, cloudflare: { plan: 'enterprise', addOns: ['botManagement', 'botManagement'] } },
    path: 'cloudflare.addOns[1]',
    message: /duplicates entry 0/,
  },
  {
    title: 'OWASP paranoia level 5',
    profile: { ...base, cloudflare: { owasp: { paranoiaLevel: 5 } } },
    path: 'cloudflare.owasp.paranoiaLevel',
    message: /at most 4/,
  },
  { title: 'unknown preset', profile: { ...base, extends: 'paranoid' }, path: 'extends', message: /is not allowed/ },
  { title: 'section as a list', profile: { ...base, tls: ['1.2'] }, path: 'tls', message: /expected object, received a list/ },
];

function issuesOf(profile: unknown): readonly ProfileIssue[] {
  try {
    parseProfile(profile);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileValidationError);
    return (error as ProfileValidationError).issues;
  }
  throw new Error('expected the profile to be rejected');
}

describe('invalid profiles', () => {
  it.each(cases)('$title is reported at $path', ({ profile, path, message, fix }) => {
    const issues = issuesOf(profile);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, `issues: ${JSON.stringify(issues)}`).toBeDefined();
    expect(issue?.message).toMatch(message);
    expect(issue?.allowed.length).toBeGreaterThan(0);
    expect(issue?.fix.length).toBeGreaterThan(0);
    if (fix) expect(issue?.fix).toMatch(fix);
  });

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it('reports every problem at once, not only the first', () => {
    const issues = issuesOf({ name: 'demo', environment: 'prod', tls: { minVersion: 1 }, auth: { jwt: { secretBytes: 'x' } }, extra: true });
    expect(issues.map((issue) => issue.path).sort()).toEqual(['auth.jwt.secretBytes', 'environment', 'extra', 'tls.minVersion']);
  });

  it('carries the value received', () => {
    const [issue] = issuesOf({ name: 'demo', auth: { jwt: { secretBytes: 'ten' } } });
    expect(issue.received).toBe('"ten"');
  });

  it('never echoes a secret value pasted into the profile: only its length is shown', () => {
    const pasted = 'sk_live_51Habcdefghijklmnop';
    const issues = issuesOf({
      name: 'demo',
      auth: { password: 'hunter2-hunter2' },
      secrets: {
        items: [
          { name: 'STRIPE_SECRET_KEY', service: 'pay', value: pasted },
          { name: 'JWT_SECRET', service: 'pay', generate: 'hunter2-super-secret' },
        ],
        services: [],
      },
      rateLimits: [{ name: 'x', limit: 5, windowSeconds: 60, key: { header: pasted } }],
    });
    const shown = JSON.stringify(issues);
    for (const value of [pasted, 'hunter2']) expect(shown).not.toContain(value);
    expect(issues.find((issue) => issue.path === 'secrets.items[0].value')?.received).toBe(
      `a string of ${pasted.length} characters (not shown: it may be a secret)`,
    );
    expect(issues.find((issue) => issue.path === 'secrets.items[1].generate')?.message).toMatch(
      /expected object, received a string of 20 characters \(not shown/,
    );
  });

  it('hides what sits under a credential-like key at any depth, under an unknown key, and in a bundle entry holding a value', () => {
    const issues = issuesOf({
      name: 'demo',
      monitoring: { password: { value2: 'Pr0dPassw0rd' } },
      credentials: { user: 'admin', pass: 'Pr0dPassw0rd' },
      secrts: { items: [{ name: 'A', valeu: 'hunter2hunter2' }] },
      cloudflare: { 'api-key': 'c2547eb745079dac9320b638f5e225cf483cc' },
      secrets: { items: [{ name: 'DATABASE', service: 'app', bundle: ['DATABASE_URL=postgres://app:Sup3rS3cret@db.internal/app'] }], services: [] },
    });
    const shown = JSON.stringify(issues);
    for (const value of ['Pr0dPassw0rd', 'hunter2hunter2', 'c2547eb745079dac', 'Sup3rS3cret']) expect(shown).not.toContain(value);
    expect(JSON.stringify(issuesOf({ name: 'demo', auth: { pin: { password: '73914622' } } }))).not.toContain('73914622');
  });

  it('still shows quoted booleans, and the plain fields of a secret item', () => {
    expect(issuesOf({ name: 'demo', cors: { allowCredentials: 'true' } })[0].received).toBe('"true"');
    expect(issuesOf({ name: 'demo', secrets: { items: [{ name: 'A', service: 'app', rotateAfterDays: 'thirty' }], services: [] } })[0].received).toBe(
      '"thirty"',
    );
  });

  it('still shows the names and descriptions of secrets', () => {
    const [issue] = issuesOf({ name: 'demo', secrets: { items: [{ name: 'stripe_key', service: 'pay' }], services: [] } });
    expect(issue).toMatchObject({ path: 'secrets.items[0].name', received: '"stripe_key"' });
  });

  it('tells an unquoted version apart from a wrong one: YAML reads 1.2 as a number and 1.0 as 1', () => {
    for (const [written, meant] of [
      [1.2, '1.2'],
      [1, '1.0'],
    ] as const) {
      const [issue] = issuesOf({ name: 'demo', tls: { minVersion: written } });
      expect(issue).toMatchObject({ path: 'tls.minVersion', message: `is a number; the allowed values are strings: write it quoted, "${meant}"` });
    }
  });

  it("says a number out of range once, by the field's own range", () => {
    const issues = issuesOf({ name: 'demo', rateLimits: [{ name: 'x', limit: 1e20, windowSeconds: 60 }] });
    expect(issues.map((issue) => issue.message)).toEqual(['must be at most 2000000000']);
  });

  it('puts every problem in the error message', () => {
    expect(() => parseProfile({ name: 'demo', environment: 'prod', colour: 1 })).toThrow(/2 problems:[\s\S]*environment[\s\S]*colour/);
  });
});
