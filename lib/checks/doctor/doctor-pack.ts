import type { ChecklistItemId } from '../../checklist/items';
import { defineCheck, type CheckDefinition } from '../check-definition';
import type { CheckPack } from '../check-pack';
import type { Severity } from '../severity';
import type { DoctorRule } from './doctor-rule';
import * as application from './rules/application';
import * as auth from './rules/auth';
import * as headers from './rules/headers';
import * as monitoring from './rules/monitoring';
import * as network from './rules/network';
import * as rateLimits from './rules/rate-limits';
import * as secrets from './rules/secrets';
import * as transport from './rules/transport';
import * as waf from './rules/waf';

/** The doctor's words for the shared severities in its report: an error is blocking (exit 1), a warning is listed (exit 0). */
export type DoctorSeverity = 'blocking' | 'warning';

/** @deprecated Use `CheckDefinition<DoctorRule>` (the one definition type of every pack: `item` is now `items`, severities are `error`/`warning`). */
export type DoctorCheck = CheckDefinition<DoctorRule>;

/** A doctor check enforces one checklist item. */
const define = (code: string, severity: Severity, item: ChecklistItemId, rule: DoctorRule, title: string, fix: string): CheckDefinition<DoctorRule> =>
  defineCheck('BWD', code, severity, [item], rule, title, fix);

/** The doctor's checks: IDs, severities and wording for the pure rules in ./rules. */
export const DOCTOR_CHECKS: readonly CheckDefinition<DoctorRule>[] = [
  define('AUTH-01', 'error', 'jwtSecretStrength', auth.jwtSecretTooShort, 'JWT signing secret shorter than 64 random bytes', 'Set auth.jwt.secretBytes (and generate.bytes of signing secrets) to 64 or more.'),
  define('AUTH-02', 'error', 'jwtAccessTtl', auth.accessTokenTooLong, 'Access tokens live longer than 15 minutes', 'Set auth.jwt.accessTokenTtl to 15m or less and rely on refresh tokens.'),
  define('AUTH-03', 'warning', 'jwtRefreshTokens', auth.refreshTokenTooLong, 'Refresh tokens live longer than 7 days', 'Set auth.jwt.refreshTokenTtl to 7d or less.'),
  define('AUTH-04', 'warning', 'jwtAsymmetric', auth.symmetricJwtAcrossServices, 'A shared HMAC secret signs tokens for several services', 'Use auth.jwt.algorithm RS256 (or ES256) so services verify without the signing key.'),
  define('AUTH-05', 'warning', 'bruteForceLockout', auth.noLockout, 'No account lockout after repeated failures', 'Set auth.lockout.enabled: true (5 failures an hour by default).'),
  define('AUTH-07', 'error', 'strongSecretKey', auth.secretKeyTooShort, 'An application SECRET_KEY is shorter than 32 characters', 'Generate at least 16 bytes hex-encoded (or 24 base64) for the SECRET_KEY.'),
  define('AUTH-08', 'warning', 'bruteForceLockout', auth.lenientLockout, 'Lockout allows more than 10 failures', 'Set auth.lockout.maxFailures to 10 or less (the guide uses 5).'),
  define('AUTH-06', 'warning', 'strictTokenValidation', auth.lenientTokenValidation, 'Token validation is not strict', 'Set application.strictTokenValidation: true.'),
  define('RATE-01', 'error', 'authRateLimit', rateLimits.loginPathWithoutRateLimit, 'A login path has no rate limit', 'Add a rateLimits entry with match.paths listing the login paths, e.g. 5 per 60 s per IP.'),
  define('RATE-02', 'warning', 'authRateLimit', rateLimits.looseLoginRateLimit, 'The login rate limit allows more than 10 attempts a minute', 'Lower the limit on the login paths to 10 a minute or less (the guide uses 5).'),
  define('RATE-03', 'warning', 'perIdentityRateLimits', rateLimits.noPerIdentityRateLimit, 'No per-user or per-workspace rate limit', 'Add a rateLimits entry keyed by an identity, e.g. key: { header: x-user-id }.'),
  define('RATE-04', 'warning', 'apiRateLimit', rateLimits.noGeneralRateLimit, 'No rate limit outside the login paths', 'Add a per-IP rateLimits entry for the whole API, e.g. 2000 per 300 s.'),
  define('RATE-05', 'warning', 'adminRateLimit', rateLimits.adminRateLimitDisabled, 'Admin rate limiting is disabled', 'Set application.adminRateLimit: true.'),
  define('RATE-06', 'warning', 'apiRateLimit', rateLimits.rateLimitLeftToAws, 'A rate limit is enforced on AWS only: the Cloudflare plan cannot carry it', 'Move the zone to a plan that can (cloudflare.plan), or mark the limit edges: [aws] to accept it.'),
  define('TLS-01', 'error', 'tlsVersions', transport.tlsBelow12, 'TLS below 1.2 is accepted', 'Set tls.minVersion to "1.2" or "1.3".'),
  define('TLS-02', 'warning', 'hsts', transport.shortHsts, 'HSTS max-age is under one year', 'Set tls.hsts.maxAgeSeconds to 31536000 or more.'),
  define('TLS-03', 'warning', 'hsts', transport.hstsWithoutSubdomains, 'HSTS does not cover subdomains', 'Set tls.hsts.includeSubdomains: true.'),
  define('TLS-04', 'error', 'tlsVersions', transport.cloudflareOriginPlaintext, 'Cloudflare reaches the origin without TLS', 'Set cloudflare.sslMode: strict and install an origin certificate.'),
  define('TLS-05', 'warning', 'tlsVersions', transport.cloudflareOriginUnverified, 'Cloudflare does not verify the origin certificate', 'Set cloudflare.sslMode: strict.'),
  define('HDR-01', 'warning', 'contentSecurityPolicy', headers.weakContentSecurityPolicy, 'The Content-Security-Policy is weak', "Set default-src, drop 'unsafe-inline'/'unsafe-eval' and wildcards from script-src (use nonces or hashes), and set object-src 'none'."),
  define('HDR-02', 'warning', 'securityHeaders', headers.framingAllowed, 'Pages may be framed by other sites', "Set headers.frameOptions: DENY or frame-ancestors 'none'."),
  define('HDR-03', 'warning', 'securityHeaders', headers.weakSecurityHeaders, 'A security header is weaker than the guide', 'Use Referrer-Policy strict-origin-when-cross-origin, X-XSS-Protection "1; mode=block" and a Permissions-Policy that disables unused features.'),
  define('CORS-01', 'error', 'corsCredentialsWildcard', headers.corsWildcardWithCredentials, 'CORS allows any origin with credentials', 'List the allowed origins in cors.allowedOrigins instead of "*".'),
  define('CORS-02', 'warning', 'corsWildcard', headers.corsWildcard, 'CORS allows any origin', 'List the allowed origins in cors.allowedOrigins instead of "*".'),
  define('CORS-03', 'warning', 'corsAllowlist', headers.corsPlainHttpOrigin, 'CORS allows a plain-HTTP origin', 'Use the https:// origin.'),
  define('WAF-01', 'warning', 'sqlInjection', waf.noSqlInjectionProtection, 'No SQL injection protection', 'Set waf.block.sqlInjection: true or add sqlDatabase to waf.managedRules.'),
  define('WAF-02', 'warning', 'crossSiteScripting', waf.noCrossSiteScriptingProtection, 'No cross-site scripting protection', 'Set waf.block.crossSiteScripting: true or add common to waf.managedRules.'),
  define('WAF-03', 'warning', 'pathTraversal', waf.noPathTraversalProtection, 'No path traversal protection', 'Set waf.block.pathTraversal: true or add common to waf.managedRules.'),
  define('WAF-04', 'warning', 'badBots', waf.noBadBotProtection, 'No bad-bot protection', 'List scanner user agents in waf.badBots.userAgents (e.g. sqlmap, nikto, nmap).'),
  define('WAF-05', 'warning', 'managedRuleSets', waf.missingEssentialManagedRules, 'Essential managed rule sets are missing', 'Add common and knownBadInputs to waf.managedRules.'),
  define('WAF-08', 'warning', 'badBots', waf.badBotsOnlyCounted, 'Bad bots are only counted', 'Set waf.badBots.action to block or challenge.'),
  define('WAF-09', 'warning', 'sqlInjection', waf.cloudflareOwaspOnlyLogs, 'The Cloudflare OWASP ruleset only logs', 'Set cloudflare.owasp.action to block or managed_challenge.'),
  define('WAF-06', 'warning', 'auditLogging', waf.wafLoggingDisabled, 'WAF logging is off', 'Set waf.logging.enabled: true.'),
  define('WAF-07', 'warning', 'auditLogging', waf.wafLogsKeepCredentials, 'WAF logs would record credentials', 'Add authorization and cookie to waf.logging.redactHeaders.'),
  define('SEC-01', 'error', 'secretRotationReminders', secrets.secretWithoutRotation, 'A secret never rotates', 'Set rotateAfterDays to 90 or less (or leave it out to use secrets.maxRotationDays).'),
  define('SEC-02', 'error', 'scheduledRotation', secrets.secretRotatesTooLate, 'A secret rotates later than the maximum', 'Lower rotateAfterDays to secrets.maxRotationDays (at most 90).'),
  define('SEC-03', 'error', 'scheduledRotation', secrets.rotationCeilingTooHigh, 'The rotation maximum is over 90 days', 'Set secrets.maxRotationDays to 90 or less.'),
  define('SEC-04', 'error', 'minimumScope', secrets.criticalSecretReadableByAll, 'A critical secret is readable by every service', 'Narrow secrets.services[].reads so only the owning service reads it.'),
  define('SEC-05', 'warning', 'minimumScope', secrets.serviceReadsEverything, 'A service reads every namespace', 'Replace "*" with the service\'s own namespace, e.g. payment/*.'),
  define('SEC-06', 'warning', 'ipAllowlists', secrets.secretsWithoutIpAllowlist, 'Production or critical secrets have no IP allowlist', 'Set secrets.access.allowedCidrs or vpcEndpointIds.'),
  define('SEC-07', 'warning', 'tokenTtl', secrets.longSessions, 'Credentials live longer than 1 hour', 'Set secrets.access.maxSessionDuration (and services[].tokenTtl) to 1h; refresh instead.'),
  define('SEC-08', 'error', 'tokenTtl', secrets.tokenOverADay, 'A service token lives longer than 24 hours', 'Set the service tokenTtl to 24h or less; use refresh for long-running workers.'),
  define('SEC-09', 'warning', 'criticalApprovals', secrets.secretsWithoutApproval, 'Sensitive or critical secrets need no approval', 'Set secrets.approvals.<tier>.requiredApprovals to 1 or more.'),
  define('SEC-10', 'warning', 'environmentNamespaces', secrets.sharedNamespace, 'Secrets are not namespaced by environment', 'Remove secrets.namespace (it defaults to the environment) or set it to the environment.'),
  define('SEC-11', 'warning', 'auditLogging', secrets.auditDisabled, 'Audit logging is disabled', 'Set application.audit.enabled: true.'),
  define('SEC-12', 'warning', 'auditReview', secrets.auditReviewTooRare, 'The audit log is reviewed less than weekly', 'Set application.audit.reviewIntervalDays to 7 or less, or wire a SIEM.'),
  define('SEC-13', 'error', 'noCiSecrets', secrets.managedSecretInCi, 'A managed secret is stored in plaintext in CI/CD', 'Remove it from the CI/CD variables; fetch it at run time with the one CI key.'),
  define('SEC-14', 'warning', 'noCiSecrets', secrets.severalCiSecrets, 'Several secrets are stored in CI/CD', 'Keep only the key that fetches the others at run time in application.ciSecrets.'),
  define('SEC-15', 'warning', 'criticalApprovals', secrets.approvalsWithoutApprovers, 'Approvals are required but nobody can approve', 'List approvers in secrets.approvals.approvers.'),
  define('MON-01', 'warning', 'securityAlerts', monitoring.noNotificationTarget, 'Alarms notify no one', 'Set monitoring.notify.email or monitoring.notify.snsTopicArn.'),
  define('MON-02', 'warning', 'certificateExpiry', monitoring.lateCertificateAlarms, 'Certificate expiry alarms fire late', 'Alarm at 30 days (warning) and 7 days (critical) or earlier.'),
  define('MON-04', 'warning', 'securityAlerts', monitoring.lateSecurityAlarms, 'Security alarms fire later than the guide', 'Alarm at 20 auth failures an hour and 100 blocked or rate-limited requests a minute, or lower.'),
  define('MON-03', 'warning', 'auditLogging', monitoring.shortLogRetention, 'Logs are kept less than 90 days', 'Keep logs 90 days or more.'),
  define('NET-01', 'error', 'firewall', network.sshOpenToInternet, 'SSH is open to the internet', 'List admin addresses in network.adminCidrs and remove 22 from network.ingressPorts.'),
  define('NET-02', 'warning', 'firewall', network.extraIngressPorts, 'Ingress beyond HTTPS is open', 'Serve only 443 (and 80 for the redirect); reach other ports privately.'),
  define('NET-03', 'warning', 'ssrfGuard', network.imdsv1Allowed, 'Instances allow IMDSv1 (metadata SSRF)', 'Set network.requireImdsv2: true.'),
  define('NET-04', 'warning', 'ssrfGuard', network.ssrfGuardOff, 'Outbound HTTP is not guarded against SSRF', 'Set application.ssrfGuard: true.'),
  define('APP-01', 'error', 'debugOff', application.debugOutsideDev, 'Debug mode is on outside dev', 'Set application.debug: false.'),
  define('APP-02', 'warning', 'cookieSecure', application.insecureCookies, 'Cookies are not marked Secure', 'Set application.cookieSecure: true.'),
  define('APP-03', 'error', 'studioAuth', application.studioExposedWithoutAuth, 'Studio is exposed without authentication', 'Set application.studio.requireAuth: true or exposed: false.'),
  define('APP-04', 'warning', 'studioExposed', application.studioExposed, 'Studio is exposed (with authentication)', 'Set application.studio.exposed: false unless it is needed.'),
  define('APP-05', 'error', 'mcpAuth', application.mcpWithoutAuth, 'MCP is enabled without authentication', 'Set application.mcp.requireAuth: true.'),
  define('APP-06', 'error', 'mcpScopedTokens', application.mcpWithoutScopedTokens, 'MCP is enabled without scoped tokens', 'Set application.mcp.requireScopedTokens: true.'),
  define('APP-07', 'error', 'mcpTokenTtl', application.mcpWithoutTokenTtl, 'MCP is enabled without a token TTL', 'Set application.mcp.tokenTtlSeconds (300 to 900 recommended).'),
  define('APP-08', 'warning', 'mcpTokenTtl', application.mcpLongTokenTtl, 'MCP tokens live longer than 3600 seconds', 'Set application.mcp.tokenTtlSeconds to 900 or less.'),
  define('APP-09', 'error', 'mcpAudience', application.mcpWithoutAudience, 'MCP is enabled without an audience requirement', 'Set application.mcp.requireAudience: true and application.mcp.audience to the service identifier.'),
  define('APP-10', 'error', 'mcpTenantBound', application.mcpWithoutTenantBinding, 'Multi-tenant MCP without tenant-bound tokens', 'Set application.mcp.requireTenantBoundTokens: true.'),
  define('APP-11', 'warning', 'multiTenantRls', application.multiTenantWithoutRls, 'Multi-tenant mode without row-level security', 'Set application.multiTenant.rowLevelSecurity: true once RLS is confirmed.'),
  define('APP-12', 'warning', 'rbacStrictMode', application.rbacNotStrict, 'RBAC strict mode is off', 'Set application.rbacStrictMode: true.'),
  define('AGT-01', 'warning', 'agentGrants', application.agentGrantsOff, 'Agent grants are off: any role may invoke any agent', 'Set application.agents.grants: true.'),
  define('AGT-02', 'warning', 'modelRestrictions', application.modelRestrictionsOff, 'Users may switch to any model', 'Set application.agents.modelRestrictions: true.'),
  define('AGT-03', 'warning', 'agentQuotas', application.agentQuotasOff, 'No cost quotas per user', 'Set application.agents.quotas: true.'),
  define('AGT-04', 'error', 'destructiveToolApprovals', application.destructiveToolsWithoutApproval, 'Destructive agent tools run without human approval', 'Set application.agents.approvalsForDestructiveTools: true.'),
  define('AGT-05', 'warning', 'destructiveToolApprovals', application.slowApprovalTimeout, 'Unreviewed approvals stay open longer than 15 minutes', 'Set application.agents.approvalTimeoutSeconds to 900 or less (the guide uses 300).'),
  define('AGT-06', 'warning', 'ethicalCheck', application.publicAgentsWithoutEthicalCheck, 'Public agents run without the ethical check', 'Set application.agents.ethicalCheckOnPublicAgents: true.'),
  define('AGT-07', 'warning', 'crossWorkspaceMemory', application.writableCrossWorkspaceMemory, 'Cross-workspace memory is writable', 'Set application.agents.crossWorkspaceMemory to off or read-only.'),
];

/** The doctor as a pack: findings are `BWD-<AREA>-<NN>`, located at a profile field. */
export const DOCTOR_PACK: CheckPack<DoctorRule> = { name: 'doctor', prefix: 'BWD', source: 'BulwarkDoctor', title: 'Profile (doctor)', definitions: DOCTOR_CHECKS };
