import type { ChecklistItemId } from '../../../checklist/items';
import type { RuleKind } from '../../../policy/model';
import type { ManagedRuleSet } from '../../../profile/schema';
import { compileZone } from '../../../cloudflare/compile-zone';
import { planAtLeast } from '../../../cloudflare/plans';
import { violationIf, type DoctorRule } from '../doctor-rule';

/** Neither the custom rule of a class nor a managed rule set that covers it. */
const unprotected =
  (kind: RuleKind, item: ChecklistItemId, path: string, what: string): DoctorRule =>
  ({ policy }) =>
    violationIf(
      !policy.rules.some((rule) => rule.kind === kind || (rule.kind === 'managed' && rule.implements.includes(item))),
      path,
      `no ${what} rule and no managed rule set covering it`,
    );

export const noSqlInjectionProtection = unprotected('sql-injection', 'sqlInjection', 'waf.block.sqlInjection', 'SQL injection');
export const noCrossSiteScriptingProtection = unprotected('cross-site-scripting', 'crossSiteScripting', 'waf.block.crossSiteScripting', 'cross-site scripting');
export const noPathTraversalProtection = unprotected('path-traversal', 'pathTraversal', 'waf.block.pathTraversal', 'path traversal');
export const noBadBotProtection = unprotected('bad-bots', 'badBots', 'waf.badBots.userAgents', 'bad-bot');

const ESSENTIAL_MANAGED: readonly ManagedRuleSet[] = ['common', 'knownBadInputs'];

export const missingEssentialManagedRules: DoctorRule = ({ profile }) => {
  const missing = ESSENTIAL_MANAGED.filter((set) => !profile.waf.managedRules.includes(set));
  return violationIf(missing.length > 0, 'waf.managedRules', `missing ${missing.join(', ')}`);
};

export const badBotsOnlyCounted: DoctorRule = ({ profile }) =>
  violationIf(profile.waf.badBots.userAgents.length > 0 && profile.waf.badBots.action === 'count', 'waf.badBots.action', 'count');

export const cloudflareOwaspOnlyLogs: DoctorRule = ({ profile }) =>
  violationIf(profile.edges.includes('cloudflare') && profile.cloudflare.owasp.action === 'log', 'cloudflare.owasp.action', 'log');

export const wafLoggingDisabled: DoctorRule = ({ profile }) => violationIf(!profile.waf.logging.enabled, 'waf.logging.enabled', 'false');

const CREDENTIAL_HEADERS = ['authorization', 'cookie'];

export const wafLogsKeepCredentials: DoctorRule = ({ policy }) => {
  const kept = CREDENTIAL_HEADERS.filter((header) => !policy.wafLogging.redactHeaders.includes(header));
  return violationIf(policy.wafLogging.enabled && kept.length > 0, 'waf.logging.redactHeaders', `${kept.join(', ')} not redacted`);
};

/**
 * Cloudflare custom SQL injection and XSS rules on a plan below Enterprise: the request body
 * fields need Enterprise, so what a form or JSON body carries passes them unseen.
 */
export const cloudflareRulesCannotSeeBodies: DoctorRule = ({ profile, policy }) => {
  const plan = profile.cloudflare.plan;
  if (!profile.edges.includes('cloudflare') || planAtLeast(plan, 'enterprise')) return [];
  const refs = compileZone(policy).rulesets.http_request_firewall_custom.map((rule) => rule.ref);
  const blind = BODY_CLASSES.filter((ref) => refs.some((deployed) => deployed.split('+').some((part) => part === ref || part.startsWith(`${ref}-`))));
  return violationIf(blind.length > 0, 'cloudflare.plan', `${plan}: the ${blind.join(' and ')} custom rules cannot see request bodies`);
};

const BODY_CLASSES = ['sql-injection', 'cross-site-scripting'];
