import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Token } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPolicy, EXIT, loadProfile, parseProfile, ProfileValidationError, runDoctor, type ProfileIssue } from '../../lib/tooling';
import { looksLikeCredential, mayHoldSecret } from '../../lib/core/secret-patterns';
import { describeReceived } from '../../lib/profile/errors';
import { weakContentSecurityPolicy } from '../../lib/checks/doctor/rules/headers';
import { MAX_PROFILE_FILE_BYTES } from '../../lib/profile/load';
import { runCliCaptured } from '../support/run-cli';

/*
 * A profile is written by someone else and approved at a glance: nothing in it may change a
 * rule's meaning, be echoed if it may be a secret, or make Bulwark hang.
 */

const dir = mkdtempSync(join(tmpdir(), 'bulwark-adversarial-'));
function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function issuesOf(action: () => unknown): readonly ProfileIssue[] {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileValidationError);
    return (error as ProfileValidationError).issues;
  }
  throw new Error('expected the profile to be refused');
}

/** Realistic credential shapes (test values, not live keys). */
const CREDENTIALS = {
  awsAccessKey: 'AKIAIOSFODNN7EXAMPLE',
  awsSecretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  stripe: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  github: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  slack: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n-----END RSA PRIVATE KEY-----',
  url: 'postgres://admin:S3cretPassw0rd@db.internal:5432/app',
  randomKey: 'Zq4Xv9Lm2Tn8Rb5Wc7Yd1Kf3Hg6Jp0Ns',
};

function expectNoCredentialIn(text: string): void {
  for (const [kind, value] of Object.entries(CREDENTIALS)) {
    for (const line of value.split('\n')) {
      if (line.length >= 16 && !line.startsWith('-----')) expect(text, `${kind} echoed`).not.toContain(line);
    }
  }
}

describe('no token or reference injection into CloudFormation', () => {
  it('refuses a real CDK token, a list token and a dynamic reference anywhere in a profile', () => {
    const stack = new Stack(new App(), 'Tokens');
    const token = Token.asString(stack.account);
    const listToken = Token.asList(stack.availabilityZones)[0];
    const issues = issuesOf(() =>
      parseProfile({
        name: 'demo',
        waf: { badBots: { userAgents: [`x${token}`] } },
        auth: { loginPaths: [`/login/${listToken}`] },
        secrets: { items: [{ name: 'API_KEY', service: 'api', description: '{{resolve:secretsmanager:prod/db:SecretString:password}}' }] },
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual(['waf.badBots.userAgents[0]', 'auth.loginPaths[0]', 'secrets.items[0].description']);
    for (const issue of issues) expect(issue.message).toContain('CDK token or a CloudFormation dynamic reference');
  });

  it('refuses a token-shaped key', () => {
    const issues = issuesOf(() => parseProfile({ name: 'demo', headers: { permissionsPolicy: { '${Token[TOKEN.42]}': [] } } }));
    expect(issues[0].message).toContain('CDK token');
  });

  it('refuses any string that embeds reference syntax, wherever it sits in the text', () => {
    const reference = fc.constantFrom('${Token[TOKEN.1]}', '${Token[', '#{Token[AWS.AccountId.3]}', '{{resolve:ssm:/app/key}}');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), reference, fc.string({ maxLength: 20 }), (before, middle, after) => {
        const issues = issuesOf(() => parseProfile({ name: 'demo', waf: { badBots: { userAgents: [`${before}${middle}${after}`] } } }));
        expect(issues.some((issue) => issue.path === 'waf.badBots.userAgents[0]')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('no header smuggling', () => {
  it.each([
    ['a second directive after ";"', 'script-src', "'self'; script-src *"],
    ['a second source after a space', 'script-src', "'self' https://evil.example"],
    ['a comma, which starts a second policy', 'default-src', "'self',script-src"],
    ['a CR/LF', 'default-src', "'self'\r\nSet-Cookie: a=b"],
    ['a stray quote', 'img-src', "https://cdn.example.com'"],
    ['an unquoted keyword (a host named self)', 'default-src', 'self'],
    ['an unknown keyword', 'script-src', "'unsafe-everything'"],
    ['a value for upgrade-insecure-requests', 'upgrade-insecure-requests', 'yes'],
  ])('refuses a CSP source with %s', (_, directive, source) => {
    const issues = issuesOf(() => parseProfile({ name: 'demo', headers: { contentSecurityPolicy: { 'default-src': ["'self'"], [directive]: [source] } } }));
    expect(issues.some((issue) => issue.path.startsWith(`headers.contentSecurityPolicy["${directive}"]`))).toBe(true);
  });

  it("refuses 'none' beside other sources", () => {
    const issues = issuesOf(() => parseProfile({ name: 'demo', headers: { contentSecurityPolicy: { 'default-src': ["'none'", 'https:'] } } }));
    expect(issues[0].message).toContain("'none'");
  });

  it('accepts every source form CSP defines', () => {
    const profile = parseProfile({
      name: 'demo',
      headers: {
        contentSecurityPolicy: {
          'default-src': ["'self'"],
          'script-src': ["'self'", "'strict-dynamic'", "'nonce-rAnd0m+/=='", "'sha256-abcDEF123+/='", 'https://cdn.example.com:443/js/', '*.example.com'],
          'img-src': ['data:', 'https:', '*'],
          sandbox: ['allow-scripts'],
          'report-uri': ['/csp-reports'],
          'report-to': ['csp-endpoint'],
          'require-trusted-types-for': ["'script'"],
          'upgrade-insecure-requests': [],
        },
      },
    });
    expect(buildPolicy(profile).headers.values['Content-Security-Policy']).toContain("script-src 'self' 'strict-dynamic'");
  });

  it('renders every accepted CSP source list as exactly the directives and sources written', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    const host = fc
      .tuple(fc.constantFrom('', 'https://', '*.'), label, label, fc.constantFrom('', ':443', ':*', '/p/'))
      .map(([a, b, c, d]) => (a === '*.' ? `*.${b}.${c}` : `${a}${b}.${c}${d}`));
    const source = fc.oneof(fc.constantFrom("'self'", "'unsafe-inline'", 'https:', 'data:', '*'), host);
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 5 }), (sources) => {
        const profile = parseProfile({ name: 'demo', headers: { contentSecurityPolicy: { 'default-src': ["'self'"], 'script-src': sources } } });
        const header = buildPolicy(profile).headers.values['Content-Security-Policy'];
        const directives = header.split('; ').map((part) => part.split(' '));
        expect(directives.map(([name]) => name)).toEqual(['default-src', 'script-src']);
        expect(directives[1].slice(1)).toEqual(sources);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['a quoted keyword', "'self'"],
    ['an origin with a path', 'https://pay.example.com/x'],
    ['a second entry after a space', 'self https://evil.example'],
    ['a closing parenthesis', 'self) camera=(*'],
    ['a quote', '"https://a.example"'],
  ])('refuses a Permissions-Policy allowlist entry with %s', (_, entry) => {
    const issues = issuesOf(() => parseProfile({ name: 'demo', headers: { permissionsPolicy: { payment: [entry] } } }));
    expect(issues[0].path).toBe('headers.permissionsPolicy.payment[0]');
  });

  it('renders an accepted Permissions-Policy as the structured field it means', () => {
    const profile = parseProfile({ name: 'demo', headers: { permissionsPolicy: { payment: ['self', 'https://pay.example.com'], camera: [] } } });
    expect(buildPolicy(profile).headers.values['Permissions-Policy']).toBe('camera=(), payment=(self "https://pay.example.com")');
  });

  it.each(['\r', '\n', '\u0000', '\u007f', '\u0085', '\u202e', '\u2066'])('refuses the control or bidi character %j in any string field', (character) => {
    for (const input of [
      { name: 'demo', waf: { badBots: { userAgents: [`curl${character}x`] } } },
      { name: 'demo', rateLimits: [{ name: 'r', match: { paths: [`/a${character}b`] }, limit: 5, windowSeconds: 60 }] },
      { name: 'demo', application: { mcp: { audience: `api${character}` } } },
    ]) {
      const issues = issuesOf(() => parseProfile(input));
      expect(issues[0].message).toMatch(/control or invisible formatting character U\+/);
    }
  });

  it('lets a description hold line breaks and tabs', () => {
    const profile = parseProfile({ name: 'demo', secrets: { items: [{ name: 'API_KEY', service: 'api', description: 'Line one\n\tline two' }] } });
    expect(profile.secrets.items[0].description).toBe('Line one\n\tline two');
  });

  it('judges the CSP as sent: a directive smuggled into a rendered header is seen by the doctor', () => {
    const profile = parseProfile({ name: 'demo', extends: 'strict' });
    const policy = buildPolicy(profile);
    const smuggled = {
      ...policy,
      headers: {
        ...policy.headers,
        values: { ...policy.headers.values, 'Content-Security-Policy': "script-src 'self'; object-src 'none'; script-src 'self'" },
      },
    };
    expect(weakContentSecurityPolicy({ profile, policy })).toEqual([]);
    expect(weakContentSecurityPolicy({ profile, policy: smuggled })).toContainEqual({ path: 'headers.contentSecurityPolicy', observed: 'no default-src' });
  });
});

describe('no secret echoed', () => {
  it.each([
    ['a .env file', `STRIPE_KEY=${CREDENTIALS.stripe}\nAWS_SECRET_ACCESS_KEY=${CREDENTIALS.awsSecretKey}\n`],
    ['a PEM file', `${CREDENTIALS.pem}\n`],
    ['a JSON list', JSON.stringify([CREDENTIALS.github, CREDENTIALS.slack])],
    ['a bare scalar', `${CREDENTIALS.randomKey}\n`],
    ['a JWT', `${CREDENTIALS.jwt}\n`],
  ])('never prints %s that is not a mapping', (_, text) => {
    const issues = issuesOf(() => loadProfile(write('not-a-mapping.yaml', text)));
    expect(issues[0].message).toBe('is not a mapping of fields');
    expectNoCredentialIn(JSON.stringify(issues));
  });

  it.each([
    ['an unknown key', `name: demo\n${CREDENTIALS.stripe}: 1\n`],
    ['an unknown key holding an AWS secret key', `name: demo\n"${CREDENTIALS.awsSecretKey}": x\n`],
    ['a repeated key', `name: demo\n${CREDENTIALS.github}: 1\n${CREDENTIALS.github}: 2\n`],
    ['an alias name', `name: demo\nwaf: *${CREDENTIALS.slack}\n`],
    ['an anchor name', `name: demo\nwaf: &${CREDENTIALS.randomKey} { nope: 1 }\n`],
    ['a CSP directive', `name: demo\nheaders:\n  contentSecurityPolicy:\n    ${CREDENTIALS.stripe}: ["'self'"]\n`],
    ['a Permissions-Policy feature', `name: demo\nheaders:\n  permissionsPolicy:\n    "${CREDENTIALS.awsSecretKey}": []\n`],
    ['a value under an unknown key', `name: demo\nwaf:\n  apiKey: ${CREDENTIALS.randomKey}\n`],
    ['a URL with a password in a known field', `name: demo\nmonitoring:\n  notify:\n    email: ["${CREDENTIALS.url}"]\n`],
    ['a JWT in a user agent', `name: demo\nwaf:\n  badBots:\n    userAgents: ["${CREDENTIALS.jwt}"]\n`],
  ])('redacts %s', (_, text) => {
    const issues = issuesOf(() => loadProfile(write('redact.yaml', text)));
    expect(issues.length).toBeGreaterThan(0);
    expectNoCredentialIn(JSON.stringify(issues));
    expectNoCredentialIn(new ProfileValidationError(issues).message);
  });

  it('redacts in the CLI in table and JSON output, for doctor and check --profile', async () => {
    const file = write('cli-redact.yaml', `name: demo\n${CREDENTIALS.stripe}: 1\nwaf:\n  token: ${CREDENTIALS.github}\n`);
    for (const argv of [
      ['doctor', file],
      ['doctor', file, '--format', 'json'],
      ['check', '--profile', file, '--format', 'json'],
    ]) {
      const { code, stdout, stderr } = await runCliCaptured(...argv);
      expect(code).toBe(EXIT.badInput);
      expectNoCredentialIn(stdout + stderr);
    }
  });

  it('keeps a key that is a near-typo of a field visible, so the suggestion helps', () => {
    const issues = issuesOf(() => loadProfile(write('typo.yaml', 'name: demo\ntsl: {}\n')));
    expect(issues[0]).toMatchObject({ path: 'tsl', message: 'is not a known field; did you mean "tls"?', fix: 'rename "tsl" to "tls"' });
  });

  it('recognizes every credential shape it promises to hide', () => {
    for (const value of Object.values(CREDENTIALS)) expect(mayHoldSecret(`prefix ${value} suffix`)).toBe(true);
    for (const harmless of ['/api/auth/login', 'https://app.example.com', "'sha256-abc'", 'payment-service', 'Rotated by the platform team every 30 days']) {
      expect(mayHoldSecret(harmless)).toBe(false);
    }
  });
});

describe('bounded work on any input', () => {
  it('answers the credential patterns in linear time on long hostile strings', { timeout: 10_000 }, () => {
    // Each of these took seconds (or never finished) with backtracking patterns.
    const hostile = ['a'.repeat(100_000), `${'a'.repeat(100_000)}://`, `x://${':'.repeat(100_000)}`, 'eyJ'.repeat(50_000), `${'A1b2'.repeat(25_000)}`];
    for (const text of hostile) looksLikeCredential(text);
    expect(mayHoldSecret('a'.repeat(5_000_000))).toBe(false);
    expect(describeReceived(['waf', 'unknown'], 'b'.repeat(1_000_000), true)).toBe('a string of 1000000 characters (not shown: it may be a secret)');
  });

  it('refuses a profile file over the size limit', () => {
    const issues = issuesOf(() => loadProfile(write('big.yaml', `name: demo\n# ${'x'.repeat(MAX_PROFILE_FILE_BYTES)}\n`)));
    expect(issues[0].message).toMatch(/over the limit of 1048576/);
  });

  it('refuses devices, FIFOs and directories without reading them', { timeout: 10_000 }, () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', fifo, dir]) {
      const issues = issuesOf(() => loadProfile(path));
      expect(issues[0].message).toMatch(/not a regular file|a directory/);
    }
  });

  it('refuses invalid UTF-8 instead of replacing it', () => {
    const issues = issuesOf(() => loadProfile(write('latin1.yaml', Buffer.from([...Buffer.from('name: caf'), 0xe9, 0x0a]))));
    expect(issues[0].message).toBe('is not valid UTF-8 text');
  });

  it('refuses lone surrogates in an object profile', () => {
    const issues = issuesOf(() => parseProfile({ name: 'demo', waf: { badBots: { userAgents: ['ab\ud800'] } } }));
    expect(issues[0].message).toMatch(/lone surrogate/);
  });

  it.each([
    ['JSON', `{"name":"demo","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
    ['YAML flow', `name: demo\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
  ])('refuses %s nested 100,000 levels deep without a stack overflow', { timeout: 20_000 }, (_, text) => {
    const issues = issuesOf(() => loadProfile(write('deep.yaml', text)));
    expect(issues[0].message).toMatch(/nests deeper than|cannot be parsed|not valid YAML/);
  });

  it('refuses a deeply nested object profile', () => {
    let deep: unknown = 'x';
    for (let index = 0; index < 10_000; index += 1) deep = [deep];
    const issues = issuesOf(() => parseProfile({ name: 'demo', waf: deep }));
    expect(issues[0].message).toMatch(/nests deeper than 32 levels/);
  });
});

describe('allowlists cannot open everything', () => {
  it.each([
    ['IPv4 halves', ['0.0.0.0/1', '128.0.0.0/1']],
    ['IPv4 quarters, unordered and overlapping', ['192.0.0.0/2', '0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '10.0.0.0/8']],
    ['IPv6 halves', ['::/1', '8000::/1']],
  ])('refuses a WAF IP allowlist of %s', (_, cidrs) => {
    const issues = issuesOf(() => parseProfile({ name: 'demo', waf: { ipAllowlist: cidrs } }));
    expect(issues[0]).toMatchObject({ path: 'waf.ipAllowlist', message: expect.stringMatching(/together cover every IPv[46] address/) });
  });

  it('refuses any split of the IPv4 space into blocks, and accepts any list that leaves a gap', () => {
    // Splits the space recursively: every leaf list covers everything; dropping one leaf leaves a gap.
    const split = (network: number, prefix: number, depth: number): fc.Arbitrary<string[]> =>
      depth === 0 || prefix >= 24
        ? fc.constant([`${[24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join('.')}/${prefix}`])
        : fc
            .boolean()
            .chain((divide) =>
              divide
                ? fc
                    .tuple(split(network, prefix + 1, depth - 1), split((network | (2 ** (31 - prefix))) >>> 0, prefix + 1, depth - 1))
                    .map(([a, b]) => [...a, ...b])
                : fc.constant([`${[24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join('.')}/${prefix}`]),
            );
    fc.assert(
      fc.property(
        fc.tuple(split(0, 1, 4), split(2 ** 31, 1, 4)).map(([a, b]) => [...a, ...b]),
        fc.nat(),
        (cidrs, drop) => {
          expect(issuesOf(() => parseProfile({ name: 'demo', waf: { ipAllowlist: cidrs } }))[0].path).toBe('waf.ipAllowlist');
          const gap = cidrs.filter((_, index) => index !== drop % cidrs.length);
          expect(parseProfile({ name: 'demo', waf: { ipAllowlist: gap } }).waf.ipAllowlist).toEqual(gap);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a secrets access allowlist that covers everything', () => {
    const issues = issuesOf(() => parseProfile({ name: 'demo', secrets: { access: { allowedCidrs: ['0.0.0.0/1', '128.0.0.0/1'] } } }));
    expect(issues[0].path).toBe('secrets.access.allowedCidrs');
  });

  it('blocks SSH from admin blocks that together cover the internet', () => {
    const report = runDoctor(parseProfile({ name: 'demo', extends: 'strict', network: { adminCidrs: ['0.0.0.0/1', '128.0.0.0/1'] } }));
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'BWD-NET-01', path: 'network.adminCidrs' }));
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s at any depth, not drops it', (key) => {
    const input = JSON.parse(`{"name":"demo","waf":{"badBots":{"${key}":{"action":"count"}}}}`) as unknown;
    const issues = issuesOf(() => parseProfile(input));
    expect(issues[0]).toMatchObject({ path: `waf.badBots.${key}`, message: `holds the key "${key}", which JavaScript reserves for prototypes` });
  });
});

describe('cases an adversarial review found', () => {
  it('never repeats a secret-shaped scope in the environment hint', () => {
    const issues = issuesOf(() =>
      parseProfile({ name: 'x', environment: 'production', secrets: { services: [{ name: 'a', reads: [`staging/svc/${CREDENTIALS.awsAccessKey}`] }] } }),
    );
    expectNoCredentialIn(JSON.stringify(issues));
  });

  it('redacts keys and numbers inside an echoed value, and numbers under unknown or credential fields', () => {
    const text = `name: x\nzz:\n  ${CREDENTIALS.awsAccessKey}: "${CREDENTIALS.awsSecretKey}"\nwaf:\n  ipAllowlist:\n    - ${CREDENTIALS.stripe}: 1\napi_key: 987654321\nsecrets:\n  items:\n    - { name: A_KEY, service: a, password: 12345678 }\n`;
    const issues = issuesOf(() => loadProfile(write('nested-keys.yaml', text)));
    const shown = JSON.stringify(issues);
    expectNoCredentialIn(shown);
    expect(shown).not.toContain('987654321');
    expect(shown).not.toContain('12345678');
  });

  it.each([
    ['a %YAML directive', `%YAML ${CREDENTIALS.stripe}\n---\nname: x\n`],
    ['a tag', `name: x\na: !${CREDENTIALS.randomKey}! foo\n`],
    ['an escape', 'name: x\npassword: "\\UAKIAIOSF"\n'],
  ])('describes a YAML error in %s in fixed words', (_, text) => {
    const issues = issuesOf(() => loadProfile(write('yaml-error.yaml', text)));
    const shown = JSON.stringify(issues);
    expectNoCredentialIn(shown);
    expect(shown).not.toContain('AKIAIOSF');
  });

  it('redacts a secret-shaped key in the fix text of a missing value', () => {
    const issues = issuesOf(() => parseProfile({ name: 'x', headers: { permissionsPolicy: { 'sk-proj-abcdefghijklmnop': undefined } } }));
    expect(JSON.stringify(issues)).not.toContain('sk-proj-abcdefghijklmnop');
  });

  it('answers a file of 50,000 unknown keys, and 20,000 out-of-range numbers, with a bounded list', { timeout: 30_000 }, () => {
    const keys = issuesOf(() => loadProfile(write('many-keys.yaml', `name: x\n${Array.from({ length: 50_000 }, (_, index) => `k${index}: 0`).join('\n')}\n`)));
    expect(keys.length).toBeLessThanOrEqual(51);
    expect(keys[keys.length - 1].message).toMatch(/more problems, not listed/);
    const numbers = issuesOf(() => parseProfile({ name: 'x', network: { ingressPorts: Array<number>(20_000).fill(1e300) } }));
    expect(numbers.length).toBeLessThanOrEqual(51);
  });

  it('answers 200,000 syntax errors with a bounded list', { timeout: 30_000 }, () => {
    const issues = issuesOf(() => loadProfile(write('brackets.yaml', `name: x\n${']'.repeat(200_000)}\n`)));
    expect(issues.length).toBeLessThanOrEqual(51);
  });

  it('refuses aliases that expand a large list a hundred times', { timeout: 30_000 }, () => {
    const text = `name: x\nzz:\n  big: &a [${Array<string>(20_000).fill('x').join(',')}]\n  refs: [${Array<string>(99).fill('*a').join(', ')}]\n`;
    const issues = issuesOf(() => loadProfile(write('aliases.yaml', text)));
    expect(issues[0].message).toMatch(/holds more than 100000 values once YAML aliases are expanded/);
  });

  it('refuses an object whose shared parts expand exponentially', { timeout: 10_000 }, () => {
    let shared: unknown = 'x';
    for (let level = 0; level < 30; level += 1) shared = { a: shared, b: shared };
    expect(issuesOf(() => parseProfile({ name: 'x', zz: shared }))[0].message).toMatch(/holds more than 100000 values/);
  });

  it('renders src bare in Permissions-Policy, like self', () => {
    expect(buildPolicy(parseProfile({ name: 'x', headers: { permissionsPolicy: { camera: ['src'] } } })).headers.values['Permissions-Policy']).toBe(
      'camera=(src)',
    );
  });

  it.each([['HTTPS:'], ['DATA:'], ['https://*'], ['*:*'], ['blob:']])('warns on the wildcard script source %s', (source) => {
    const ids = runDoctor(
      parseProfile({
        name: 'x',
        extends: 'strict',
        headers: { contentSecurityPolicy: { 'default-src': ["'self'"], 'object-src': ["'none'"], 'script-src': [source] } },
      }),
    ).findings.map((finding) => finding.id);
    expect(ids).toContain('BWD-HDR-01');
  });

  it('warns on unsafe sources in script-src-elem even when script-src is strict', () => {
    const findings = runDoctor(
      parseProfile({
        name: 'x',
        extends: 'strict',
        headers: {
          contentSecurityPolicy: { 'default-src': ["'self'"], 'object-src': ["'none'"], 'script-src': ["'self'"], 'script-src-elem': ['*', "'unsafe-inline'"] },
        },
      }),
    ).findings;
    expect(findings).toContainEqual(expect.objectContaining({ id: 'BWD-HDR-01', path: 'headers.contentSecurityPolicy["script-src-elem"]' }));
  });

  it.each(['sqlm\tap', 'sql\u200bmap', 'sql\u00admap', 'sql\u2060map', `sql${String.fromCodePoint(0xe0041)}map`, 'sql\u3164map'])(
    'refuses tabs, zero-width and tag characters outside descriptions: %j',
    (agent) => {
      expect(issuesOf(() => parseProfile({ name: 'x', waf: { badBots: { userAgents: [agent] } } }))[0].message).toMatch(
        /control or invisible formatting character/,
      );
    },
  );

  it('refuses non-ASCII in a CSP source', () => {
    expect(issuesOf(() => parseProfile({ name: 'x', headers: { contentSecurityPolicy: { 'default-src': ['https://bücher.example'] } } }))[0].message).toMatch(
      /outside printable ASCII/,
    );
  });

  it.each([
    ['IPv4 half and its IPv4-mapped other half', ['0.0.0.0/1', '::ffff:128.0.0.0/97']],
    ['the whole IPv4-mapped range', ['::ffff:0:0/96']],
  ])('refuses an allowlist of %s', (_, cidrs) => {
    expect(issuesOf(() => parseProfile({ name: 'x', waf: { ipAllowlist: cidrs } }))[0].path).toBe('waf.ipAllowlist');
  });

  it('does not echo the class name of a foreign object', () => {
    class sk_live_abcdefghijklmnop {}
    const issues = issuesOf(() => parseProfile({ name: 'x', zz: new sk_live_abcdefghijklmnop() }));
    expect(JSON.stringify(issues)).not.toContain('sk_live_abcdefghijklmnop');
  });

  it.each(['${TfToken[TOKEN.0]}', '#{TfToken[TOKEN.1]}', '&{TfToken[TOKEN.2]}'])('refuses the cdktf token %s in a profile', (token) => {
    expect(
      issuesOf(() =>
        parseProfile({ name: 'x', headers: { contentSecurityPolicy: { 'default-src': ["'self'"], 'img-src': [`https://a.example/${token}`] } } }),
      )[0].message,
    ).toMatch(/CDK token/);
  });
});
