import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKLIST, DOCTOR_CHECKS, doctorCheckFindings, doctorFindings, mergeProfileInput, parseProfile, runDoctor } from '../../../lib/tooling';
import { readProfileFile } from '../../../lib/profile/load';

/** The strict example: the doctor finds nothing in it, so each case below changes one thing. */
const clean = readProfileFile(join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml')).data as Record<string, unknown>;

interface Case {
  readonly id: string;
  /** A JSON Merge Patch over the clean profile that breaks the rule. */
  readonly breaks: Record<string, unknown>;
  readonly path: string;
  /** A patch that sits exactly on the rule's threshold and must not trigger it. */
  readonly boundary?: Record<string, unknown>;
}

const app = (application: Record<string, unknown>) => ({ application });
const mcp = (settings: Record<string, unknown>) => app({ mcp: { enabled: true, tokenTtlSeconds: 900, audience: 'api', ...settings } });

const cases: Case[] = [
  {
    id: 'BWD-AUTH-01',
    breaks: { auth: { jwt: { algorithm: 'HS512', secretBytes: 32 } } },
    path: 'auth.jwt.secretBytes',
    boundary: { auth: { jwt: { algorithm: 'HS512', secretBytes: 64 } } },
  },
  {
    id: 'BWD-AUTH-07',
    breaks: { secrets: { items: [{ name: 'SECRET_KEY', service: 'gateway', generate: { bytes: 16, encoding: 'base64' } }] } },
    path: 'secrets.items[0].generate.bytes',
    boundary: { secrets: { items: [{ name: 'SECRET_KEY', service: 'gateway', generate: { bytes: 16, encoding: 'hex' } }] } },
  },
  {
    id: 'BWD-AUTH-08',
    breaks: { auth: { lockout: { maxFailures: 11 } } },
    path: 'auth.lockout.maxFailures',
    boundary: { auth: { lockout: { maxFailures: 10 } } },
  },
  {
    id: 'BWD-AUTH-01',
    breaks: { secrets: { items: [{ name: 'JWT_SECRET', service: 'gateway', generate: { bytes: 32 } }] } },
    path: 'secrets.items[0].generate.bytes',
  },
  {
    id: 'BWD-AUTH-02',
    breaks: { auth: { jwt: { accessTokenTtl: '16m' } } },
    path: 'auth.jwt.accessTokenTtl',
    boundary: { auth: { jwt: { accessTokenTtl: '900s' } } },
  },
  {
    id: 'BWD-AUTH-03',
    breaks: { auth: { jwt: { refreshTokenTtl: '30d' } } },
    path: 'auth.jwt.refreshTokenTtl',
    boundary: { auth: { jwt: { refreshTokenTtl: '7d' } } },
  },
  { id: 'BWD-AUTH-04', breaks: { auth: { jwt: { algorithm: 'HS256' } } }, path: 'auth.jwt.algorithm' },
  { id: 'BWD-AUTH-05', breaks: { auth: { lockout: { enabled: false } } }, path: 'auth.lockout.enabled' },
  { id: 'BWD-AUTH-06', breaks: app({ strictTokenValidation: false }), path: 'application.strictTokenValidation' },
  { id: 'BWD-RATE-01', breaks: { rateLimits: [{ name: 'per-user', key: { header: 'x-user-id' }, limit: 5, windowSeconds: 60 }] }, path: 'auth.loginPaths[0]' },
  {
    id: 'BWD-RATE-01',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 5, windowSeconds: 60, edges: ['cloudflare'] },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
        { name: 'per-ip', limit: 1000, windowSeconds: 300, edges: ['cloudflare'] },
      ],
    },
    path: 'auth.loginPaths[0]',
  },
  {
    id: 'BWD-RATE-01',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 5, windowSeconds: 60, action: 'count' },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
      ],
    },
    path: 'auth.loginPaths[1]',
  },
  {
    id: 'BWD-RATE-01',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, key: ['ip', { header: 'x-device' }], limit: 5, windowSeconds: 60 },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
      ],
    },
    path: 'auth.loginPaths[0]',
  },
  {
    id: 'BWD-RATE-02',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 600, windowSeconds: 3600 },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
      ],
    },
    path: 'auth.loginPaths[0]',
  },
  {
    id: 'BWD-RATE-02',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 5, windowSeconds: 60, edges: ['aws'] },
        { name: 'auth-cf', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 1000, windowSeconds: 60, edges: ['cloudflare'] },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
      ],
    },
    path: 'auth.loginPaths[0]',
  },
  {
    id: 'BWD-RATE-02',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 100, windowSeconds: 60 },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
        { name: 'per-ip', limit: 1000, windowSeconds: 300 },
      ],
    },
    path: 'auth.loginPaths[0]',
    boundary: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 10, windowSeconds: 120 },
        { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 },
        { name: 'per-ip', limit: 1000, windowSeconds: 300 },
      ],
    },
  },
  {
    id: 'BWD-RATE-03',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 5, windowSeconds: 60 },
        { name: 'per-ip', limit: 1000, windowSeconds: 300 },
      ],
    },
    path: 'rateLimits',
  },
  {
    id: 'BWD-RATE-04',
    breaks: {
      rateLimits: [
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, key: ['ip', { header: 'x-user-id' }], limit: 5, windowSeconds: 60 },
      ],
    },
    path: 'rateLimits',
  },
  { id: 'BWD-RATE-05', breaks: app({ adminRateLimit: false }), path: 'application.adminRateLimit' },
  { id: 'BWD-RATE-06', breaks: { cloudflare: { plan: 'free' } }, path: 'rateLimits[1]', boundary: { cloudflare: { plan: 'pro' } } },
  { id: 'BWD-TLS-01', breaks: { tls: { minVersion: '1.1' } }, path: 'tls.minVersion', boundary: { tls: { minVersion: '1.2' } } },
  {
    id: 'BWD-TLS-02',
    breaks: { tls: { hsts: { maxAgeSeconds: 31_535_999 } } },
    path: 'tls.hsts.maxAgeSeconds',
    boundary: { tls: { hsts: { maxAgeSeconds: 31_536_000 } } },
  },
  { id: 'BWD-TLS-03', breaks: { tls: { hsts: { includeSubdomains: false } } }, path: 'tls.hsts.includeSubdomains' },
  { id: 'BWD-TLS-04', breaks: { cloudflare: { sslMode: 'flexible' } }, path: 'cloudflare.sslMode' },
  { id: 'BWD-TLS-05', breaks: { cloudflare: { sslMode: 'full' } }, path: 'cloudflare.sslMode' },
  {
    id: 'BWD-TLS-06',
    breaks: { tls: { minVersion: '1.2' } },
    path: 'tls.ciphers',
    boundary: { tls: { minVersion: '1.2' }, cloudflare: { advancedCertificateManager: true } },
  },
  {
    id: 'BWD-HDR-01',
    breaks: { headers: { contentSecurityPolicy: { 'script-src': ["'self'", "'unsafe-inline'"] } } },
    path: 'headers.contentSecurityPolicy["script-src"]',
  },
  { id: 'BWD-HDR-01', breaks: { headers: { contentSecurityPolicy: { 'object-src': ["'self'"] } } }, path: 'headers.contentSecurityPolicy' },
  {
    id: 'BWD-HDR-02',
    breaks: { headers: { frameOptions: 'SAMEORIGIN', contentSecurityPolicy: { 'frame-ancestors': ["'self'"] } } },
    path: 'headers.frameOptions',
    boundary: { headers: { frameOptions: 'SAMEORIGIN' } },
  },
  { id: 'BWD-HDR-03', breaks: { headers: { referrerPolicy: 'unsafe-url' } }, path: 'headers.referrerPolicy' },
  { id: 'BWD-HDR-03', breaks: { headers: { xssProtection: '0' } }, path: 'headers.xssProtection' },
  { id: 'BWD-HDR-03', breaks: { headers: { permissionsPolicy: {} } }, path: 'headers.permissionsPolicy' },
  { id: 'BWD-CORS-01', breaks: { cors: { allowedOrigins: ['*'], allowCredentials: true } }, path: 'cors.allowedOrigins' },
  { id: 'BWD-CORS-02', breaks: { cors: { allowedOrigins: ['*'], allowCredentials: false } }, path: 'cors.allowedOrigins' },
  { id: 'BWD-CORS-03', breaks: { cors: { allowedOrigins: ['http://app.example.com'] } }, path: 'cors.allowedOrigins[0]' },
  {
    id: 'BWD-WAF-01',
    breaks: { waf: { managedRules: ['common', 'knownBadInputs'], block: { sqlInjection: false } } },
    path: 'waf.block.sqlInjection',
    boundary: { waf: { block: { sqlInjection: false } } },
  },
  {
    id: 'BWD-WAF-02',
    breaks: { waf: { managedRules: ['knownBadInputs', 'sqlDatabase'], block: { crossSiteScripting: false } } },
    path: 'waf.block.crossSiteScripting',
  },
  { id: 'BWD-WAF-03', breaks: { waf: { managedRules: ['knownBadInputs', 'sqlDatabase'], block: { pathTraversal: false } } }, path: 'waf.block.pathTraversal' },
  { id: 'BWD-WAF-04', breaks: { waf: { managedRules: ['common', 'knownBadInputs'], badBots: { userAgents: [] } } }, path: 'waf.badBots.userAgents' },
  { id: 'BWD-WAF-05', breaks: { waf: { managedRules: ['common', 'sqlDatabase'] } }, path: 'waf.managedRules' },
  { id: 'BWD-WAF-08', breaks: { waf: { badBots: { action: 'count' } } }, path: 'waf.badBots.action', boundary: { waf: { badBots: { action: 'challenge' } } } },
  {
    id: 'BWD-WAF-09',
    breaks: { cloudflare: { owasp: { action: 'log' } } },
    path: 'cloudflare.owasp.action',
    boundary: { edges: ['aws'], cloudflare: { owasp: { action: 'log' } } },
  },
  { id: 'BWD-WAF-06', breaks: { waf: { logging: { enabled: false } } }, path: 'waf.logging.enabled' },
  { id: 'BWD-WAF-07', breaks: { waf: { logging: { redactHeaders: ['authorization'] } } }, path: 'waf.logging.redactHeaders' },
  { id: 'BWD-SEC-01', breaks: { secrets: { items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: 0 }] } }, path: 'secrets.items[0].rotateAfterDays' },
  {
    id: 'BWD-SEC-02',
    breaks: { secrets: { items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: 31 }] } },
    path: 'secrets.items[0].rotateAfterDays',
    boundary: { secrets: { items: [{ name: 'API_KEY', service: 'gateway', rotateAfterDays: 30 }] } },
  },
  {
    id: 'BWD-SEC-03',
    breaks: { secrets: { maxRotationDays: 91, items: [] } },
    path: 'secrets.maxRotationDays',
    boundary: { secrets: { maxRotationDays: 90, items: [] } },
  },
  {
    id: 'BWD-SEC-04',
    breaks: {
      secrets: {
        services: [
          { name: 'gateway', reads: ['gateway/*', 'payment/*'] },
          { name: 'payment', reads: ['payment/*', 'gateway/*'] },
        ],
      },
    },
    path: 'secrets.items[0].tier',
    boundary: { secrets: { services: [{ name: 'gateway', reads: ['*'] }] } },
  },
  {
    id: 'BWD-SEC-04',
    breaks: {
      secrets: {
        services: [
          { name: 'gateway', reads: ['gateway/*'] },
          { name: 'payment', reads: ['payment/*'] },
          { name: 'ops', reads: ['*'] },
        ],
      },
    },
    path: 'secrets.items[1].tier',
  },
  {
    id: 'BWD-SEC-05',
    breaks: { secrets: { items: [{ name: 'API_KEY', service: 'gateway' }], services: [{ name: 'ops', reads: ['*'] }] } },
    path: 'secrets.services[0].reads',
  },
  {
    id: 'BWD-SEC-06',
    breaks: { secrets: { access: { allowedCidrs: [] } } },
    path: 'secrets.access.allowedCidrs',
    boundary: { environment: 'staging', secrets: { access: { allowedCidrs: [] }, items: [{ name: 'API_KEY', service: 'gateway', tier: 'sensitive' }] } },
  },
  {
    id: 'BWD-SEC-07',
    breaks: { secrets: { access: { maxSessionDuration: '2h' } } },
    path: 'secrets.access.maxSessionDuration',
    boundary: { secrets: { access: { maxSessionDuration: '60m' } } },
  },
  {
    id: 'BWD-SEC-08',
    breaks: {
      secrets: {
        services: [
          { name: 'gateway', reads: ['gateway/*'] },
          { name: 'payment', reads: ['payment/*'], tokenTtl: '25h' },
        ],
      },
    },
    path: 'secrets.services[1].tokenTtl',
    boundary: {
      secrets: {
        services: [
          { name: 'gateway', reads: ['gateway/*'] },
          { name: 'payment', reads: ['payment/*'], tokenTtl: '1h' },
        ],
      },
    },
  },
  { id: 'BWD-SEC-09', breaks: { secrets: { approvals: { critical: { requiredApprovals: 0 } } } }, path: 'secrets.approvals.critical' },
  { id: 'BWD-SEC-10', breaks: { secrets: { namespace: 'shared' } }, path: 'secrets.namespace', boundary: { secrets: { namespace: 'production' } } },
  { id: 'BWD-SEC-11', breaks: app({ audit: { enabled: false } }), path: 'application.audit.enabled' },
  {
    id: 'BWD-SEC-12',
    breaks: app({ audit: { reviewIntervalDays: 30 } }),
    path: 'application.audit.reviewIntervalDays',
    boundary: app({ audit: { reviewIntervalDays: 7 } }),
  },
  { id: 'BWD-SEC-13', breaks: app({ ciSecrets: ['STRIPE_SECRET_KEY'] }), path: 'application.ciSecrets[0]', boundary: app({ ciSecrets: ['VAULT_AGENT_KEY'] }) },
  {
    id: 'BWD-SEC-14',
    breaks: app({ ciSecrets: ['VAULT_AGENT_KEY', 'GEMINI_API_KEY'] }),
    path: 'application.ciSecrets',
    boundary: app({ ciSecrets: ['VAULT_AGENT_KEY'] }),
  },
  { id: 'BWD-SEC-15', breaks: { secrets: { approvals: { approvers: [] } } }, path: 'secrets.approvals.approvers' },
  {
    id: 'BWD-MON-01',
    breaks: { monitoring: { notify: { email: [] } } },
    path: 'monitoring.notify',
    boundary: { monitoring: { notify: { email: [], snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' } } },
  },
  {
    id: 'BWD-MON-02',
    breaks: { monitoring: { alarms: { certificateExpiryDays: { warning: 14, critical: 3 } } } },
    path: 'monitoring.alarms.certificateExpiryDays.warning',
  },
  {
    id: 'BWD-MON-04',
    breaks: { monitoring: { alarms: { authFailuresPerHour: 1000 } } },
    path: 'monitoring.alarms.authFailuresPerHour',
    boundary: { monitoring: { alarms: { authFailuresPerHour: 20, wafBlockedPerMinute: 100, rateLimitedPerMinute: 100 } } },
  },
  {
    id: 'BWD-MON-03',
    breaks: { monitoring: { logRetentionDays: 30 } },
    path: 'monitoring.logRetentionDays',
    boundary: { monitoring: { logRetentionDays: 90 } },
  },
  {
    id: 'BWD-MON-05',
    breaks: { monitoring: { auditSecretReads: ['sensitive'] } },
    path: 'monitoring.auditSecretReads',
    boundary: { monitoring: { auditSecretReads: ['critical'] } },
  },
  {
    id: 'BWD-MON-06',
    breaks: { monitoring: { alarms: { wafBlockedPerMinute: 100, attacksPerMinute: { pathTraversal: 100 } } } },
    path: 'monitoring.alarms.attacksPerMinute.pathTraversal',
    boundary: { monitoring: { alarms: { wafBlockedPerMinute: 100, attacksPerMinute: { pathTraversal: 99 } } } },
  },
  {
    id: 'BWD-NET-01',
    breaks: { network: { adminCidrs: ['0.0.0.0/0'] } },
    path: 'network.adminCidrs[0]',
    boundary: { network: { adminCidrs: ['203.0.113.10/32'] } },
  },
  { id: 'BWD-NET-01', breaks: { network: { ingressPorts: [443, 22] } }, path: 'network.ingressPorts[1]' },
  { id: 'BWD-NET-02', breaks: { network: { ingressPorts: [443, 8080] } }, path: 'network.ingressPorts[1]', boundary: { network: { ingressPorts: [80, 443] } } },
  {
    id: 'BWD-NET-06',
    breaks: { edges: ['aws', 'cloudflare'], network: { origin: { behind: 'internet' } } },
    path: 'network.origin.behind',
    boundary: { edges: ['aws', 'cloudflare'], network: { origin: { behind: 'cloudflare' } } },
  },
  { id: 'BWD-NET-03', breaks: { network: { requireImdsv2: false } }, path: 'network.requireImdsv2' },
  { id: 'BWD-NET-04', breaks: app({ ssrfGuard: false }), path: 'application.ssrfGuard' },
  {
    id: 'BWD-NET-05',
    breaks: { network: { egress: { https: ['0.0.0.0/1', '128.0.0.0/1'] } } },
    path: 'network.egress.https',
    boundary: { network: { egress: { https: ['0.0.0.0/1', 'pl-63a5400a'] } } },
  },
  { id: 'BWD-APP-01', breaks: app({ debug: true }), path: 'application.debug', boundary: { environment: 'dev', application: { debug: true } } },
  { id: 'BWD-APP-02', breaks: app({ cookieSecure: false }), path: 'application.cookieSecure' },
  {
    id: 'BWD-APP-03',
    breaks: app({ studio: { exposed: true, requireAuth: false } }),
    path: 'application.studio.requireAuth',
    boundary: { environment: 'staging', application: { studio: { exposed: true, requireAuth: false } } },
  },
  { id: 'BWD-APP-04', breaks: app({ studio: { exposed: true, requireAuth: true } }), path: 'application.studio.exposed' },
  { id: 'BWD-APP-05', breaks: mcp({ requireAuth: false }), path: 'application.mcp.requireAuth', boundary: mcp({}) },
  { id: 'BWD-APP-06', breaks: mcp({ requireScopedTokens: false }), path: 'application.mcp.requireScopedTokens' },
  { id: 'BWD-APP-07', breaks: mcp({ tokenTtlSeconds: null }), path: 'application.mcp.tokenTtlSeconds' },
  { id: 'BWD-APP-08', breaks: mcp({ tokenTtlSeconds: 3_601 }), path: 'application.mcp.tokenTtlSeconds', boundary: mcp({ tokenTtlSeconds: 3_600 }) },
  { id: 'BWD-APP-09', breaks: mcp({ audience: null }), path: 'application.mcp.audience' },
  { id: 'BWD-APP-09', breaks: mcp({ requireAudience: false }), path: 'application.mcp.requireAudience' },
  {
    id: 'BWD-APP-10',
    breaks: { application: { multiTenant: { enabled: true }, mcp: { enabled: true, tokenTtlSeconds: 900, audience: 'api', requireTenantBoundTokens: false } } },
    path: 'application.mcp.requireTenantBoundTokens',
    boundary: mcp({ requireTenantBoundTokens: false }),
  },
  { id: 'BWD-APP-11', breaks: app({ multiTenant: { enabled: true, rowLevelSecurity: false } }), path: 'application.multiTenant.rowLevelSecurity' },
  { id: 'BWD-APP-12', breaks: app({ rbacStrictMode: false }), path: 'application.rbacStrictMode' },
  { id: 'BWD-AGT-01', breaks: app({ agents: { grants: false } }), path: 'application.agents.grants' },
  { id: 'BWD-AGT-02', breaks: app({ agents: { modelRestrictions: false } }), path: 'application.agents.modelRestrictions' },
  { id: 'BWD-AGT-03', breaks: app({ agents: { quotas: false } }), path: 'application.agents.quotas' },
  { id: 'BWD-AGT-04', breaks: app({ agents: { approvalsForDestructiveTools: false } }), path: 'application.agents.approvalsForDestructiveTools' },
  {
    id: 'BWD-AGT-05',
    breaks: app({ agents: { approvalTimeoutSeconds: 901 } }),
    path: 'application.agents.approvalTimeoutSeconds',
    boundary: app({ agents: { approvalTimeoutSeconds: 900 } }),
  },
  { id: 'BWD-AGT-06', breaks: app({ agents: { ethicalCheckOnPublicAgents: false } }), path: 'application.agents.ethicalCheckOnPublicAgents' },
  {
    id: 'BWD-AGT-07',
    breaks: app({ agents: { crossWorkspaceMemory: 'read-write' } }),
    path: 'application.agents.crossWorkspaceMemory',
    boundary: app({ agents: { crossWorkspaceMemory: 'read-only' } }),
  },
  {
    id: 'BWD-WAF-10',
    breaks: { edges: ['aws'], waf: { managedRules: [], block: { sqlInjection: false, crossSiteScripting: false, pathTraversal: false } }, rateLimits: [] },
    path: 'waf',
  },
  {
    id: 'BWD-WAF-11',
    breaks: { cloudflare: { plan: 'free' } },
    path: 'cloudflare.plan',
    boundary: { cloudflare: { plan: 'enterprise' } },
  },
  {
    id: 'BWD-EDGE-01',
    breaks: { rateLimits: [{ name: 'login', match: { paths: ['/api/auth/login'], methods: ['POST'] }, limit: 5, windowSeconds: 60, edges: ['cloudflare'] }] },
    path: 'rateLimits[0]',
  },
];

const findingsFor = (patch: Record<string, unknown>) => runDoctor(parseProfile(mergeProfileInput(clean, patch))).findings;

describe('the doctor pack', () => {
  it('finds nothing in the clean profile', () => {
    expect(runDoctor(parseProfile(clean)).findings).toEqual([]);
  });

  it.each(cases.map((c) => [c.id, c.path, c] as const))('%s fires at %s on a non-compliant profile', (id, path, { breaks }) => {
    const findings = findingsFor(breaks);
    const finding = findings.find((candidate) => candidate.id === id && candidate.path === path);
    expect(finding, JSON.stringify(findings.map((f) => [f.id, f.path]))).toBeDefined();
  });

  it.each(cases.filter((c) => c.boundary).map((c) => [c.id, c] as const))('%s stays quiet on its threshold', (id, { boundary }) => {
    expect(findingsFor(boundary ?? {}).map((finding) => finding.id)).not.toContain(id);
  });

  it.each(cases.map((c) => [c.id, c.path, c] as const))("%s at %s says the check's title, then what the profile holds", (id, path, { breaks }) => {
    const check = DOCTOR_CHECKS.find((candidate) => candidate.id === id);
    const finding = findingsFor(breaks).find((candidate) => candidate.id === id && candidate.path === path);
    expect(check?.title).toMatch(/^[A-Z].{10,}[^.]$/);
    expect(finding?.message.startsWith(`${check?.title}: `)).toBe(true);
    expect(finding?.message.length).toBeGreaterThan(`${check?.title}: `.length);
    expect(finding?.fix).toBe(check?.fix);
  });

  it('has a non-compliant case for every check', () => {
    const covered = new Set(cases.map((c) => c.id));
    expect(DOCTOR_CHECKS.filter((check) => !covered.has(check.id)).map((check) => check.id)).toEqual([]);
  });

  it('gives every check a unique, well-formed ID and a known checklist item', () => {
    const ids = DOCTOR_CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const check of DOCTOR_CHECKS) {
      expect(check.id).toMatch(/^BWD-[A-Z]+-\d{2}$/);
      expect(check.items).toHaveLength(1);
      expect(Object.keys(CHECKLIST)).toContain(check.items[0]);
      expect(check.fix.length).toBeGreaterThan(10);
    }
  });

  it('pins the blocking checks the checklists require', () => {
    expect(DOCTOR_CHECKS.filter((check) => check.severity === 'error').map((check) => check.id)).toEqual([
      'BWD-AUTH-01',
      'BWD-AUTH-02',
      'BWD-AUTH-07',
      'BWD-RATE-01',
      'BWD-TLS-01',
      'BWD-TLS-04',
      'BWD-CORS-01',
      'BWD-WAF-10',
      'BWD-EDGE-01',
      'BWD-SEC-01',
      'BWD-SEC-02',
      'BWD-SEC-03',
      'BWD-SEC-04',
      'BWD-SEC-08',
      'BWD-SEC-13',
      'BWD-NET-01',
      'BWD-APP-01',
      'BWD-APP-03',
      'BWD-APP-05',
      'BWD-APP-06',
      'BWD-APP-07',
      'BWD-APP-09',
      'BWD-APP-10',
      'BWD-AGT-04',
    ]);
  });

  it('makes every other check a warning', () => {
    expect(DOCTOR_CHECKS.filter((check) => check.severity !== 'error' && check.severity !== 'warning').map((check) => check.id)).toEqual([]);
  });
});

describe('runDoctor', () => {
  it('lists blocking findings before warnings and counts them', () => {
    const report = runDoctor(parseProfile(mergeProfileInput(clean, { auth: { jwt: { algorithm: 'HS256', secretBytes: 32, refreshTokenTtl: '30d' } } })));
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['BWD-AUTH-01', 'blocking'],
      ['BWD-AUTH-03', 'warning'],
      ['BWD-AUTH-04', 'warning'],
    ]);
    expect(report).toMatchObject({ profile: 'example-strict', blocking: 1, warnings: 2, passed: false });
  });

  it('does not judge secretBytes under an asymmetric algorithm', () => {
    expect(runDoctor(parseProfile(mergeProfileInput(clean, { auth: { jwt: { algorithm: 'RS256', secretBytes: 32 } } }))).findings).toEqual([]);
  });

  it('names the checklist item and the fix', () => {
    const [finding] = runDoctor(parseProfile(mergeProfileInput(clean, { auth: { jwt: { algorithm: 'HS256', secretBytes: 32 } } }))).findings;
    expect(finding).toMatchObject({
      checklistItem: 'jwtSecretStrength',
      checklist: 'Security Hardening Checklist (Open Astra): 1. JWT configuration: JWT_SECRET of at least 64 random bytes',
      message: 'JWT signing secret shorter than 64 random bytes: 32 bytes (HS256)',
    });
    expect(finding.fix).toContain('auth.jwt.secretBytes');
  });

  it('passes with warnings only', () => {
    const report = runDoctor(parseProfile(mergeProfileInput(clean, { monitoring: { notify: { email: [] } } })));
    expect(report).toMatchObject({ blocking: 0, warnings: 1, passed: true });
  });
});

describe('doctorFindings', () => {
  const weak = parseProfile(mergeProfileInput(clean, { auth: { jwt: { algorithm: 'HS256', secretBytes: 32, refreshTokenTtl: '30d' } } }));

  it('gives the check findings of the report, blocking ones as errors, at the profile field', () => {
    const findings = doctorFindings(weak, 'weak.yaml');
    expect(findings.map((f) => [f.id, f.level])).toEqual([
      ['BWD-AUTH-01', 'error'],
      ['BWD-AUTH-03', 'warning'],
      ['BWD-AUTH-04', 'warning'],
    ]);
    expect(findings[0]).toEqual({
      id: 'BWD-AUTH-01',
      ruleId: 'BWD-AUTH-01',
      source: 'BulwarkDoctor',
      level: 'error',
      message: 'JWT signing secret shorter than 64 random bytes: 32 bytes (HS256)',
      fix: DOCTOR_CHECKS[0].fix,
      checklist: ['Security Hardening Checklist (Open Astra): 1. JWT configuration: JWT_SECRET of at least 64 random bytes'],
      location: { kind: 'profile', file: 'weak.yaml', path: 'auth.jwt.secretBytes' },
    });
  });

  it('equals the deprecated conversion of the report', () => {
    expect(doctorFindings(weak, 'weak.yaml')).toEqual(doctorCheckFindings(runDoctor(weak), 'weak.yaml'));
  });
});
