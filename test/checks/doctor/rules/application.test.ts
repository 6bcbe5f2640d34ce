import { describe, expect, it } from 'vitest';
import {
  agentGrantsOff,
  agentQuotasOff,
  debugOutsideDev,
  destructiveToolsWithoutApproval,
  insecureCookies,
  mcpLongTokenTtl,
  mcpWithoutAudience,
  mcpWithoutAuth,
  mcpWithoutScopedTokens,
  mcpWithoutTenantBinding,
  mcpWithoutTokenTtl,
  modelRestrictionsOff,
  multiTenantWithoutRls,
  publicAgentsWithoutEthicalCheck,
  rbacNotStrict,
  slowApprovalTimeout,
  studioExposed,
  studioExposedWithoutAuth,
  writableCrossWorkspaceMemory,
} from '../../../../lib/checks/doctor/rules/application';
import { violations } from './doctor-context';

const app = (application: Record<string, unknown>) => ({ application });
const mcp = (settings: Record<string, unknown>) => app({ mcp: { enabled: true, tokenTtlSeconds: 900, audience: 'api', ...settings } });

describe('debugOutsideDev', () => {
  it('reports debug on in production, naming the environment', () => {
    expect(violations(debugOutsideDev, app({ debug: true }))).toEqual([{ path: 'application.debug', observed: 'true in production' }]);
    expect(violations(debugOutsideDev, { environment: 'staging', application: { debug: true }, secrets: { namespace: 'staging' } })).toEqual([
      { path: 'application.debug', observed: 'true in staging' },
    ]);
  });

  it('passes debug in dev and debug off anywhere', () => {
    expect(violations(debugOutsideDev, { environment: 'dev', application: { debug: true }, secrets: { namespace: 'dev' } })).toEqual([]);
    expect(violations(debugOutsideDev, app({ debug: false }))).toEqual([]);
  });
});

describe('insecureCookies', () => {
  it('reports cookies without Secure and passes Secure ones', () => {
    expect(violations(insecureCookies, app({ cookieSecure: false }))).toEqual([{ path: 'application.cookieSecure', observed: 'false' }]);
    expect(violations(insecureCookies, app({ cookieSecure: true }))).toEqual([]);
  });
});

describe('Studio exposure in production', () => {
  it('reports Studio exposed without authentication at requireAuth, and not as exposed with authentication', () => {
    const patch = app({ studio: { exposed: true, requireAuth: false } });
    expect(violations(studioExposedWithoutAuth, patch)).toEqual([
      { path: 'application.studio.requireAuth', observed: 'exposed in production without authentication' },
    ]);
    expect(violations(studioExposed, patch)).toEqual([]);
  });

  it('reports Studio exposed with authentication at exposed, and not as exposed without it', () => {
    const patch = app({ studio: { exposed: true, requireAuth: true } });
    expect(violations(studioExposed, patch)).toEqual([{ path: 'application.studio.exposed', observed: 'exposed in production with authentication' }]);
    expect(violations(studioExposedWithoutAuth, patch)).toEqual([]);
  });

  it('passes a Studio that is not exposed, with or without authentication', () => {
    for (const requireAuth of [true, false]) {
      const patch = app({ studio: { exposed: false, requireAuth } });
      expect(violations(studioExposed, patch)).toEqual([]);
      expect(violations(studioExposedWithoutAuth, patch)).toEqual([]);
    }
  });

  it('judges Studio in production only', () => {
    for (const requireAuth of [true, false]) {
      const patch = { environment: 'staging', secrets: { namespace: 'staging' }, ...app({ studio: { exposed: true, requireAuth } }) };
      expect(violations(studioExposed, patch)).toEqual([]);
      expect(violations(studioExposedWithoutAuth, patch)).toEqual([]);
    }
  });
});

describe('MCP rules', () => {
  it('judge nothing while MCP is off, however it is set', () => {
    const off = app({ mcp: { enabled: false, requireAuth: false, requireScopedTokens: false, tokenTtlSeconds: 86_400, requireAudience: false } });
    for (const rule of [mcpWithoutAuth, mcpWithoutScopedTokens, mcpWithoutTokenTtl, mcpLongTokenTtl, mcpWithoutAudience])
      expect(violations(rule, off)).toEqual([]);
    expect(violations(mcpWithoutTokenTtl, app({ mcp: { enabled: false } }))).toEqual([]);
    expect(
      violations(mcpWithoutTenantBinding, { application: { multiTenant: { enabled: true }, mcp: { enabled: false, requireTenantBoundTokens: false } } }),
    ).toEqual([]);
  });

  it('passes an enabled MCP that authenticates, scopes, expires and binds its tokens to an audience', () => {
    for (const rule of [mcpWithoutAuth, mcpWithoutScopedTokens, mcpWithoutTokenTtl, mcpLongTokenTtl, mcpWithoutAudience, mcpWithoutTenantBinding])
      expect(violations(rule, mcp({}))).toEqual([]);
  });

  it('reports an MCP without authentication or without scoped tokens', () => {
    expect(violations(mcpWithoutAuth, mcp({ requireAuth: false }))).toEqual([{ path: 'application.mcp.requireAuth', observed: 'false' }]);
    expect(violations(mcpWithoutScopedTokens, mcp({ requireScopedTokens: false }))).toEqual([
      { path: 'application.mcp.requireScopedTokens', observed: 'false' },
    ]);
  });

  it('reports tokens without a lifetime, and not as too long', () => {
    const patch = app({ mcp: { enabled: true, audience: 'api' } });
    expect(violations(mcpWithoutTokenTtl, patch)).toEqual([{ path: 'application.mcp.tokenTtlSeconds', observed: 'not set' }]);
    expect(violations(mcpLongTokenTtl, patch)).toEqual([]);
  });

  it('reports token lifetimes over an hour, not at it', () => {
    expect(violations(mcpLongTokenTtl, mcp({ tokenTtlSeconds: 3_600 }))).toEqual([]);
    expect(violations(mcpLongTokenTtl, mcp({ tokenTtlSeconds: 3_599 }))).toEqual([]);
    expect(violations(mcpLongTokenTtl, mcp({ tokenTtlSeconds: 3_601 }))).toEqual([{ path: 'application.mcp.tokenTtlSeconds', observed: '3601 s' }]);
  });

  it('reports an audience check turned off at requireAudience, and a missing audience at audience', () => {
    expect(violations(mcpWithoutAudience, mcp({ requireAudience: false }))).toEqual([{ path: 'application.mcp.requireAudience', observed: 'false' }]);
    expect(violations(mcpWithoutAudience, app({ mcp: { enabled: true, tokenTtlSeconds: 900 } }))).toEqual([
      { path: 'application.mcp.audience', observed: 'no audience set' },
    ]);
    expect(violations(mcpWithoutAudience, app({ mcp: { enabled: true, tokenTtlSeconds: 900, requireAudience: false } }))).toEqual([
      { path: 'application.mcp.requireAudience', observed: 'false' },
    ]);
  });

  it('reports tokens not bound to a tenant in multi-tenant mode only', () => {
    const unbound = {
      application: { multiTenant: { enabled: true }, mcp: { enabled: true, tokenTtlSeconds: 900, audience: 'api', requireTenantBoundTokens: false } },
    };
    expect(violations(mcpWithoutTenantBinding, unbound)).toEqual([
      { path: 'application.mcp.requireTenantBoundTokens', observed: 'false in multi-tenant mode' },
    ]);
    expect(violations(mcpWithoutTenantBinding, mcp({ requireTenantBoundTokens: false }))).toEqual([]);
  });
});

describe('multiTenantWithoutRls', () => {
  it('reports multi-tenancy without row-level security, and passes it with, or a single tenant without', () => {
    expect(violations(multiTenantWithoutRls, app({ multiTenant: { enabled: true, rowLevelSecurity: false } }))).toEqual([
      { path: 'application.multiTenant.rowLevelSecurity', observed: 'false' },
    ]);
    expect(violations(multiTenantWithoutRls, app({ multiTenant: { enabled: true, rowLevelSecurity: true } }))).toEqual([]);
    expect(violations(multiTenantWithoutRls, app({ multiTenant: { enabled: false, rowLevelSecurity: false } }))).toEqual([]);
  });
});

describe('rbacNotStrict', () => {
  it('reports RBAC strict mode off and passes it on', () => {
    expect(violations(rbacNotStrict, app({ rbacStrictMode: false }))).toEqual([{ path: 'application.rbacStrictMode', observed: 'false' }]);
    expect(violations(rbacNotStrict, app({ rbacStrictMode: true }))).toEqual([]);
  });
});

describe('agent settings', () => {
  it.each([
    ['grants', agentGrantsOff],
    ['modelRestrictions', modelRestrictionsOff],
    ['quotas', agentQuotasOff],
    ['approvalsForDestructiveTools', destructiveToolsWithoutApproval],
    ['ethicalCheckOnPublicAgents', publicAgentsWithoutEthicalCheck],
  ] as const)('reports agents.%s off at its own path, and passes it on', (key, rule) => {
    expect(violations(rule, app({ agents: { [key]: false } }))).toEqual([{ path: `application.agents.${key}`, observed: 'false' }]);
    expect(violations(rule, app({ agents: { [key]: true } }))).toEqual([]);
  });

  it('reports approvals left open over 15 minutes, not at 15 minutes', () => {
    expect(violations(slowApprovalTimeout, app({ agents: { approvalTimeoutSeconds: 900 } }))).toEqual([]);
    expect(violations(slowApprovalTimeout, app({ agents: { approvalTimeoutSeconds: 899 } }))).toEqual([]);
    expect(violations(slowApprovalTimeout, app({ agents: { approvalTimeoutSeconds: 901 } }))).toEqual([
      { path: 'application.agents.approvalTimeoutSeconds', observed: '901 s' },
    ]);
  });

  it('does not judge the approval timeout when destructive tools need no approval', () => {
    expect(violations(slowApprovalTimeout, app({ agents: { approvalsForDestructiveTools: false, approvalTimeoutSeconds: 3_600 } }))).toEqual([]);
  });

  it('reports read-write memory across workspaces, not read-only or off', () => {
    expect(violations(writableCrossWorkspaceMemory, app({ agents: { crossWorkspaceMemory: 'read-write' } }))).toEqual([
      { path: 'application.agents.crossWorkspaceMemory', observed: 'read-write' },
    ]);
    expect(violations(writableCrossWorkspaceMemory, app({ agents: { crossWorkspaceMemory: 'read-only' } }))).toEqual([]);
    expect(violations(writableCrossWorkspaceMemory, app({ agents: { crossWorkspaceMemory: 'off' } }))).toEqual([]);
  });
});
