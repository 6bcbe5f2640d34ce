import { describe, expect, it } from 'vitest';
import {
  badBotsOnlyCounted,
  cloudflareOwaspOnlyLogs,
  cloudflareRulesCannotSeeBodies,
  missingEssentialManagedRules,
  noBadBotProtection,
  noCrossSiteScriptingProtection,
  noPathTraversalProtection,
  noSqlInjectionProtection,
  wafLoggingDisabled,
  wafLogsKeepCredentials,
} from '../../../../lib/checks/doctor/rules/waf';
import { violations } from './doctor-context';

const waf = (settings: Record<string, unknown>) => ({ waf: settings });
const unblocked = { sqlInjection: false, crossSiteScripting: false, pathTraversal: false };

describe('attack classes without protection', () => {
  it.each([
    [noSqlInjectionProtection, 'waf.block.sqlInjection', 'SQL injection', 'sqlDatabase'],
    [noCrossSiteScriptingProtection, 'waf.block.crossSiteScripting', 'cross-site scripting', 'common'],
    [noPathTraversalProtection, 'waf.block.pathTraversal', 'path traversal', 'linux'],
  ] as const)('%#: reports %s with no custom block and no covering managed rule set', (rule, path, what, covering) => {
    expect(violations(rule, waf({ managedRules: ['knownBadInputs'], block: unblocked }))).toEqual([
      { path, observed: `no ${what} rule and no managed rule set covering it` },
    ]);
    expect(violations(rule, waf({ managedRules: [covering], block: unblocked }))).toEqual([]);
    expect(violations(rule, waf({ managedRules: [], block: { sqlInjection: true, crossSiteScripting: true, pathTraversal: true } }))).toEqual([]);
  });

  it('reports no bad-bot user agents and no bot control, and passes either', () => {
    expect(violations(noBadBotProtection, waf({ managedRules: ['common', 'knownBadInputs'], badBots: { userAgents: [] } }))).toEqual([
      { path: 'waf.badBots.userAgents', observed: 'no bad-bot rule and no managed rule set covering it' },
    ]);
    expect(violations(noBadBotProtection, waf({ managedRules: ['common', 'knownBadInputs', 'botControl'], badBots: { userAgents: [] } }))).toEqual([]);
    expect(violations(noBadBotProtection)).toEqual([]);
  });
});

describe('missingEssentialManagedRules', () => {
  it('names each missing essential rule set', () => {
    expect(violations(missingEssentialManagedRules, waf({ managedRules: ['common'] }))).toEqual([
      { path: 'waf.managedRules', observed: 'missing knownBadInputs' },
    ]);
    expect(violations(missingEssentialManagedRules, waf({ managedRules: ['knownBadInputs'] }))).toEqual([
      { path: 'waf.managedRules', observed: 'missing common' },
    ]);
    expect(violations(missingEssentialManagedRules, waf({ managedRules: [] }))).toEqual([
      { path: 'waf.managedRules', observed: 'missing common, knownBadInputs' },
    ]);
    expect(violations(missingEssentialManagedRules, waf({ managedRules: ['knownBadInputs', 'common'] }))).toEqual([]);
  });
});

describe('badBotsOnlyCounted', () => {
  it('reports bad bots counted, not blocked, and passes count with no bad-bot list', () => {
    expect(violations(badBotsOnlyCounted, waf({ badBots: { action: 'count' } }))).toEqual([{ path: 'waf.badBots.action', observed: 'count' }]);
    expect(violations(badBotsOnlyCounted, waf({ badBots: { action: 'count', userAgents: [] } }))).toEqual([]);
    expect(violations(badBotsOnlyCounted, waf({ badBots: { action: 'block' } }))).toEqual([]);
  });
});

describe('cloudflareOwaspOnlyLogs', () => {
  it('reports an OWASP ruleset that only logs on the Cloudflare edge', () => {
    expect(violations(cloudflareOwaspOnlyLogs, { cloudflare: { owasp: { action: 'log' } } })).toEqual([{ path: 'cloudflare.owasp.action', observed: 'log' }]);
  });

  it('passes a blocking OWASP ruleset, and a logging one without the Cloudflare edge', () => {
    expect(violations(cloudflareOwaspOnlyLogs)).toEqual([]);
    expect(violations(cloudflareOwaspOnlyLogs, { edges: ['aws'], cloudflare: { owasp: { action: 'log' } } })).toEqual([]);
  });
});

describe('WAF logging', () => {
  it('reports logging off and passes it on', () => {
    expect(violations(wafLoggingDisabled, waf({ logging: { enabled: false } }))).toEqual([{ path: 'waf.logging.enabled', observed: 'false' }]);
    expect(violations(wafLoggingDisabled)).toEqual([]);
  });

  it('names each credential header the logs keep', () => {
    expect(violations(wafLogsKeepCredentials, waf({ logging: { redactHeaders: [] } }))).toEqual([
      { path: 'waf.logging.redactHeaders', observed: 'authorization, cookie not redacted' },
    ]);
    expect(violations(wafLogsKeepCredentials, waf({ logging: { redactHeaders: ['Authorization'] } }))).toEqual([
      { path: 'waf.logging.redactHeaders', observed: 'cookie not redacted' },
    ]);
    expect(violations(wafLogsKeepCredentials, waf({ logging: { redactHeaders: ['cookie', 'x-api-key'] } }))).toEqual([
      { path: 'waf.logging.redactHeaders', observed: 'authorization not redacted' },
    ]);
    expect(violations(wafLogsKeepCredentials)).toEqual([]);
  });

  it('does not judge the redaction of logs that are off', () => {
    expect(violations(wafLogsKeepCredentials, waf({ logging: { enabled: false, redactHeaders: [] } }))).toEqual([]);
  });
});

describe('cloudflareRulesCannotSeeBodies', () => {
  /* The free plan runs no managed ruleset covering SQLi or XSS, so the zone deploys the custom rules; above it they come only with customRulesWhenManaged. */
  const free = (block: Record<string, boolean> = {}) => ({ waf: { block: { ...unblocked, ...block } }, cloudflare: { plan: 'free' } });
  const both = { sqlInjection: true, crossSiteScripting: true };

  it('reports the custom SQL injection and XSS rules on a plan below Enterprise, naming the plan', () => {
    expect(violations(cloudflareRulesCannotSeeBodies, free(both))).toEqual([
      { path: 'cloudflare.plan', observed: 'free: the sql-injection and cross-site-scripting custom rules cannot see request bodies' },
    ]);
    expect(violations(cloudflareRulesCannotSeeBodies, { waf: { customRulesWhenManaged: true }, cloudflare: { plan: 'business' } })).toEqual([
      { path: 'cloudflare.plan', observed: 'business: the sql-injection and cross-site-scripting custom rules cannot see request bodies' },
    ]);
  });

  it('names only the body classes the zone deploys', () => {
    expect(violations(cloudflareRulesCannotSeeBodies, free({ sqlInjection: true }))).toEqual([
      { path: 'cloudflare.plan', observed: 'free: the sql-injection custom rules cannot see request bodies' },
    ]);
    expect(violations(cloudflareRulesCannotSeeBodies, free({ crossSiteScripting: true }))).toEqual([
      { path: 'cloudflare.plan', observed: 'free: the cross-site-scripting custom rules cannot see request bodies' },
    ]);
    expect(violations(cloudflareRulesCannotSeeBodies, free({ pathTraversal: true }))).toEqual([]);
  });

  it('passes custom rules the managed rulesets of the plan replace', () => {
    expect(violations(cloudflareRulesCannotSeeBodies)).toEqual([]);
  });

  it('passes Enterprise, and a profile without the Cloudflare edge', () => {
    expect(violations(cloudflareRulesCannotSeeBodies, { waf: { customRulesWhenManaged: true }, cloudflare: { plan: 'enterprise' } })).toEqual([]);
    expect(violations(cloudflareRulesCannotSeeBodies, { ...free(both), edges: ['aws'] })).toEqual([]);
  });
});
