import { violationIf, type DoctorRule } from '../doctor-rule';

export const MAX_MCP_TOKEN_SECONDS = 3_600;

export const debugOutsideDev: DoctorRule = ({ profile }) =>
  violationIf(profile.application.debug && profile.environment !== 'dev', 'application.debug', `true in ${profile.environment}`);

export const insecureCookies: DoctorRule = ({ profile }) => violationIf(!profile.application.cookieSecure, 'application.cookieSecure', 'false');

/** Seed 004 judges Studio exposure in production only. */
export const studioExposedWithoutAuth: DoctorRule = ({ profile }) =>
  violationIf(
    profile.environment === 'production' && profile.application.studio.exposed && !profile.application.studio.requireAuth,
    'application.studio.requireAuth',
    'exposed in production without authentication',
  );

export const studioExposed: DoctorRule = ({ profile }) =>
  violationIf(
    profile.environment === 'production' && profile.application.studio.exposed && profile.application.studio.requireAuth,
    'application.studio.exposed',
    'exposed in production with authentication',
  );

const whenMcp =
  (rule: DoctorRule): DoctorRule =>
  (context) =>
    context.profile.application.mcp.enabled ? rule(context) : [];

export const mcpWithoutAuth = whenMcp(({ profile }) => violationIf(!profile.application.mcp.requireAuth, 'application.mcp.requireAuth', 'false'));

export const mcpWithoutScopedTokens = whenMcp(({ profile }) =>
  violationIf(!profile.application.mcp.requireScopedTokens, 'application.mcp.requireScopedTokens', 'false'),
);

export const mcpWithoutTokenTtl = whenMcp(({ profile }) =>
  violationIf(profile.application.mcp.tokenTtlSeconds === undefined, 'application.mcp.tokenTtlSeconds', 'not set'),
);

export const mcpLongTokenTtl = whenMcp(({ profile }) => {
  const ttl = profile.application.mcp.tokenTtlSeconds;
  return violationIf(ttl !== undefined && ttl > MAX_MCP_TOKEN_SECONDS, 'application.mcp.tokenTtlSeconds', `${ttl} s`);
});

export const mcpWithoutAudience = whenMcp(({ profile }) => {
  const { requireAudience, audience } = profile.application.mcp;
  return violationIf(
    !requireAudience || audience === undefined,
    requireAudience ? 'application.mcp.audience' : 'application.mcp.requireAudience',
    requireAudience ? 'no audience set' : 'false',
  );
});

export const mcpWithoutTenantBinding = whenMcp(({ profile }) =>
  violationIf(
    profile.application.multiTenant.enabled && !profile.application.mcp.requireTenantBoundTokens,
    'application.mcp.requireTenantBoundTokens',
    'false in multi-tenant mode',
  ),
);

export const multiTenantWithoutRls: DoctorRule = ({ profile }) =>
  violationIf(
    profile.application.multiTenant.enabled && !profile.application.multiTenant.rowLevelSecurity,
    'application.multiTenant.rowLevelSecurity',
    'false',
  );

export const rbacNotStrict: DoctorRule = ({ profile }) => violationIf(!profile.application.rbacStrictMode, 'application.rbacStrictMode', 'false');

const agentSetting =
  (key: 'grants' | 'modelRestrictions' | 'quotas' | 'approvalsForDestructiveTools' | 'ethicalCheckOnPublicAgents'): DoctorRule =>
  ({ profile }) =>
    violationIf(!profile.application.agents[key], `application.agents.${key}`, 'false');

export const agentGrantsOff = agentSetting('grants');
export const modelRestrictionsOff = agentSetting('modelRestrictions');
export const agentQuotasOff = agentSetting('quotas');
export const destructiveToolsWithoutApproval = agentSetting('approvalsForDestructiveTools');
export const publicAgentsWithoutEthicalCheck = agentSetting('ethicalCheckOnPublicAgents');

/** The checklist's example auto-denies after 5 minutes; longer leaves requests open. */
export const MAX_APPROVAL_TIMEOUT_SECONDS = 900;

export const slowApprovalTimeout: DoctorRule = ({ profile }) => {
  const { approvalsForDestructiveTools, approvalTimeoutSeconds } = profile.application.agents;
  return violationIf(
    approvalsForDestructiveTools && approvalTimeoutSeconds > MAX_APPROVAL_TIMEOUT_SECONDS,
    'application.agents.approvalTimeoutSeconds',
    `${approvalTimeoutSeconds} s`,
  );
};

export const writableCrossWorkspaceMemory: DoctorRule = ({ profile }) =>
  violationIf(profile.application.agents.crossWorkspaceMemory === 'read-write', 'application.agents.crossWorkspaceMemory', 'read-write');
