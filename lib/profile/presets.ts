import type { HardeningProfileInput, PresetName } from './schema';

/** A preset: a profile without a name, to extend. */
export type ProfilePreset = Omit<HardeningProfileInput, 'name' | 'extends' | '$schema'>;

/**
 * `baseline`: the schema defaults, written out so that a reader sees them in one place.
 * Secure for a typical API: TLS 1.2+, one-year HSTS, the common managed groups, SQLi/XSS/
 * traversal/bad-bot blocks, a per-IP flood limit and a login brute-force limit, 64-byte
 * RS256 JWT material with 15-minute access tokens, rotation every 90 days at most.
 */
const baseline: ProfilePreset = {
  environment: 'production',
  edges: ['aws'],
  tls: { minVersion: '1.2', hsts: { maxAgeSeconds: 31_536_000, includeSubdomains: true, preload: false } },
  waf: {
    managedRules: ['common', 'knownBadInputs', 'sqlDatabase', 'ipReputation'],
    block: { sqlInjection: true, crossSiteScripting: true, pathTraversal: true },
  },
  rateLimits: [
    { name: 'per-ip', key: 'ip', limit: 2_000, windowSeconds: 300, action: 'block' },
    { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, key: 'ip', limit: 10, windowSeconds: 60, action: 'block' },
  ],
  auth: {
    jwt: { algorithm: 'RS256', secretBytes: 64, accessTokenTtl: '15m', refreshTokenTtl: '7d' },
    lockout: { enabled: true, maxFailures: 5, windowSeconds: 3_600 },
  },
  secrets: { maxRotationDays: 90 },
};

/**
 * `strict`: baseline tightened for internet-facing production: TLS 1.3 only, two-year HSTS
 * with preload, a locked-down CSP, anonymous-IP blocking and high SQLi sensitivity, 5 logins
 * a minute per IP, account lockout, 30-day rotation, approvals for sensitive and critical
 * secrets, a year of logs. Fits the WAF base price (1,500 WCU).
 */
const strict: ProfilePreset = {
  environment: 'production',
  tls: { minVersion: '1.3', hsts: { maxAgeSeconds: 63_072_000, includeSubdomains: true, preload: true } },
  headers: {
    contentSecurityPolicy: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
      'upgrade-insecure-requests': [],
    },
    frameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
  },
  waf: {
    managedRules: ['common', 'knownBadInputs', 'sqlDatabase', 'ipReputation', 'anonymousIp'],
    block: { sqlInjection: true, crossSiteScripting: true, pathTraversal: true },
    sqlInjectionSensitivity: 'high',
    badBots: { action: 'block' },
    logging: { enabled: true, retentionDays: 365, redactHeaders: ['authorization', 'cookie'] },
  },
  rateLimits: [
    { name: 'per-ip', key: 'ip', limit: 1_000, windowSeconds: 300, action: 'block' },
    { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, key: 'ip', limit: 5, windowSeconds: 60, action: 'block' },
  ],
  auth: {
    jwt: { algorithm: 'RS256', secretBytes: 64, accessTokenTtl: '15m', refreshTokenTtl: '7d' },
    lockout: { enabled: true, maxFailures: 5, windowSeconds: 3_600 },
  },
  secrets: {
    maxRotationDays: 30,
    access: { maxSessionDuration: '1h' },
    approvals: { sensitive: { requiredApprovals: 1, timeoutHours: 24 }, critical: { requiredApprovals: 2, timeoutHours: 24 } },
  },
  monitoring: { logRetentionDays: 365 },
  network: { ingressPorts: [80, 443], adminCidrs: [], requireImdsv2: true },
  cloudflare: { sslMode: 'strict', owasp: { paranoiaLevel: 2, scoreThreshold: 'medium', action: 'block' } },
  application: { audit: { enabled: true, retentionDays: 365, reviewIntervalDays: 7 } },
};

export const PRESETS: Readonly<Record<PresetName, ProfilePreset>> = { baseline, strict };
