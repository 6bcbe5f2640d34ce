/**
 * The checklist items Bulwark encodes, each tied to the document a user brings. Rules, policy
 * rules and doctor findings cite these IDs, so a finding always names the item it comes from,
 * by the document's own title.
 */
export interface ChecklistDocument {
  /** The document's title, as it stands at its top. */
  readonly title: string;
  /** The product the document hardens, which tells documents of the same title apart. */
  readonly product: string;
}

export const CHECKLIST_DOCUMENTS = {
  astraHardening: { title: 'Security Hardening Checklist', product: 'Open Astra' },
  astraSecrets: { title: 'Secrets Management', product: 'Open Astra' },
  aragoraDeployment: { title: 'Security Deployment Guide', product: 'Aragora' },
  agentSecretStore: { title: 'Security Hardening Guide', product: 'Agent Secret Store' },
  aksaraProduction: { title: 'Production Hardening', product: 'Aksara' },
} as const satisfies Record<string, ChecklistDocument>;

/** A document as users see it named: "Security Deployment Guide (Aragora)". */
export function documentName(id: ChecklistDocumentId): string {
  const document = CHECKLIST_DOCUMENTS[id];
  return `${document.title} (${document.product})`;
}

export type ChecklistDocumentId = keyof typeof CHECKLIST_DOCUMENTS;

export interface ChecklistItem {
  readonly document: ChecklistDocumentId;
  /** The section or line of the document, as a reader would find it. */
  readonly item: string;
}

const item = (document: ChecklistDocumentId, text: string): ChecklistItem => ({ document, item: text });

export const CHECKLIST = {
  jwtSecretStrength: item('astraHardening', '1. JWT configuration: JWT_SECRET of at least 64 random bytes'),
  jwtAccessTtl: item('astraHardening', '1. JWT configuration: access tokens expire in 15 minutes or less'),
  jwtRefreshTokens: item('astraHardening', '1. JWT configuration: refresh tokens (7d) for re-issuance'),
  jwtAsymmetric: item('astraHardening', '1. JWT configuration: RS256 for multi-service deployments'),
  secretsInManager: item('astraHardening', '2. Secret rotation: secrets in a secrets manager, never in files'),
  secretRotationReminders: item('astraHardening', '2. Secret rotation: rotateAfterDays on every secret'),
  perIdentityRateLimits: item('astraHardening', '4. Rate limiting: per-user and per-workspace limits'),
  agentGrants: item('astraHardening', '3. Workspace isolation: agent grants restrict which roles invoke which agents'),
  modelRestrictions: item('astraHardening', '3. Workspace isolation: model restrictions'),
  crossWorkspaceMemory: item('astraHardening', '3. Workspace isolation: cross-workspace memory off, or read-only'),
  agentQuotas: item('astraHardening', '4. Rate limiting: agent quotas cap cost per user'),
  destructiveToolApprovals: item('astraHardening', '5. Approval workflows: human approval for destructive tools, short timeout'),
  ethicalCheck: item('astraHardening', '6. Ethical check on public agents'),
  ssrfGuard: item('astraHardening', '7. SSRF protection: private ranges and 169.254.169.254 blocked'),
  rowLevelSecurity: item('astraHardening', '8. Row-level security: queries scoped to the workspace'),
  bruteForceLockout: item('astraHardening', '9. Brute-force protection: lockout after repeated failures'),
  secretBundle: item('astraSecrets', 'AWS Secrets Manager: one JSON secret, a flat map of variable name to value'),
  secretReadAudit: item('astraSecrets', 'Audit trail: every secret read recorded'),
  securityHeaders: item('aragoraDeployment', 'Security Headers: required headers on all responses'),
  contentSecurityPolicy: item('aragoraDeployment', 'Security Headers: Content Security Policy'),
  hsts: item('aragoraDeployment', 'Security Headers: Strict-Transport-Security max-age=31536000; includeSubDomains; preload'),
  corsAllowlist: item('aragoraDeployment', 'CORS Headers: only allowlisted origins'),
  apiRateLimit: item('aragoraDeployment', 'WAF Configuration: API rate limit per IP'),
  authRateLimit: item('aragoraDeployment', 'WAF Configuration: auth endpoint protection (5 requests per minute per IP)'),
  sqlInjection: item('aragoraDeployment', 'WAF Configuration: SQL injection protection'),
  crossSiteScripting: item('aragoraDeployment', 'WAF Configuration: XSS protection'),
  pathTraversal: item('aragoraDeployment', 'WAF Configuration: path traversal protection'),
  badBots: item('aragoraDeployment', 'WAF Configuration: known bad bots'),
  managedRuleSets: item('aragoraDeployment', 'AWS WAF Rules: managed rule sets (common, known bad inputs, SQLi)'),
  tlsVersions: item('aragoraDeployment', 'TLS Configuration: TLS 1.2 and 1.3 only, strong ciphers'),
  certificateExpiry: item('aragoraDeployment', 'Monitoring and Alerting: certificate expiry at 30 days, critical at 7'),
  firewall: item('aragoraDeployment', 'Network Security: HTTPS only, SSH only from admin addresses'),
  networkIsolation: item(
    'aragoraDeployment',
    'Network Security: internal network isolation (the app reached only from the ingress, egress only to its dependencies)',
  ),
  securityAlerts: item('aragoraDeployment', 'Monitoring and Alerting: auth failures, rate limiting and WAF blocks alert someone'),
  auditLogging: item('aragoraDeployment', 'Audit Logging: enabled, kept 90 days'),
  strictTokenValidation: item('aragoraDeployment', 'Application Security: strict OIDC token validation'),
  rbacStrictMode: item('aragoraDeployment', 'Application Security: RBAC strict mode'),
  quarterlyRotation: item('aragoraDeployment', 'Periodic Review: rotate secrets quarterly'),
  minimumScope: item('agentSecretStore', '1. Use minimum-scope tokens'),
  tokenTtl: item('agentSecretStore', '2. Set appropriate token TTLs (1 hour; never over 24 hours)'),
  criticalApprovals: item('agentSecretStore', '3. Use approval workflows for critical secrets'),
  ipAllowlists: item('agentSecretStore', '4. Enable IP allowlists on tokens'),
  auditReview: item('agentSecretStore', '5. Review the audit log weekly'),
  scheduledRotation: item('agentSecretStore', '6. Rotate secrets on a schedule (max 90 days)'),
  onePerService: item('agentSecretStore', '7. Register one agent per service'),
  environmentNamespaces: item('agentSecretStore', '8. Use namespaces to separate environments'),
  noCiSecrets: item('agentSecretStore', '9. Never store plaintext secrets in CI/CD'),
  debugOff: item('aksaraProduction', 'Blocking: debug=True'),
  strongSecretKey: item('aksaraProduction', 'Blocking: missing or weak SECRET_KEY'),
  corsCredentialsWildcard: item('aksaraProduction', 'Blocking: CORS wildcard combined with credentials'),
  corsWildcard: item('aksaraProduction', 'Warning: CORS wildcard without credentials'),
  cookieSecure: item('aksaraProduction', 'Warning: cookie_secure=False'),
  studioAuth: item('aksaraProduction', 'Blocking: Studio exposed in production without authentication'),
  studioExposed: item('aksaraProduction', 'Warning: Studio exposed in production with authentication'),
  mcpAuth: item('aksaraProduction', 'Blocking: MCP enabled without an authentication mechanism'),
  mcpScopedTokens: item('aksaraProduction', 'Blocking: MCP enabled without scoped-token requirements'),
  mcpTokenTtl: item('aksaraProduction', 'Blocking: MCP enabled without token TTL; warning over 3600 seconds'),
  mcpAudience: item('aksaraProduction', 'Blocking: MCP enabled without audience requirements'),
  mcpTenantBound: item('aksaraProduction', 'Blocking: multi-tenant MCP without tenant-bound tokens'),
  adminRateLimit: item('aksaraProduction', 'Warning: admin rate limiting disabled'),
  multiTenantRls: item('aksaraProduction', 'Warning: multi-tenant mode without confirmed RLS'),
} as const satisfies Record<string, ChecklistItem>;

export type ChecklistItemId = keyof typeof CHECKLIST;

/** "Security Deployment Guide (Aragora): WAF Configuration: …" */
export function describeChecklistItem(id: ChecklistItemId): string {
  const entry = CHECKLIST[id];
  return `${documentName(entry.document)}: ${entry.item}`;
}
