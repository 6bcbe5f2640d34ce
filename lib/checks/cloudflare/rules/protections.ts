import { evaluateExpression } from '../../../cloudflare/expression/evaluate';
import { MANAGED_RULESET_IDS, OWASP_SCORE_RULE_ID } from '../../../cloudflare/plans';
import type { CloudflareRule, ZoneViolation } from '../cloudflare-rule';
import type { TerraformRule, TerraformZone } from '../terraform-zones';

/** An enabled rule executes one of the managed rulesets, and its overrides neither disable it nor turn it to logging only. */
function executes(zone: TerraformZone, ids: readonly string[]): boolean {
  return (zone.rulesets.http_request_firewall_managed ?? []).some((rule) => rule.action === 'execute' && ids.includes(String(rule.action_parameters?.id)) && !overridesDisarm(rule.action_parameters?.overrides));
}

/** Overrides that leave a managed ruleset blocking nothing: disabled, set to log, or the OWASP score rule disabled or set to log. */
function overridesDisarm(overrides: unknown): boolean {
  if (overrides === null || typeof overrides !== 'object') return false;
  const { enabled, action, rules } = overrides as { enabled?: unknown; action?: unknown; rules?: unknown };
  if (enabled === false || action === 'log') return true;
  return Array.isArray(rules) && rules.some((rule: { id?: unknown; enabled?: unknown; action?: unknown } | null) => rule?.id === OWASP_SCORE_RULE_ID && (rule.enabled === false || rule.action === 'log'));
}

/** The finding when nothing proves a protection: unresolved when a phase that could hold it is known only at apply time. */
function unproven(zone: TerraformZone, phases: readonly string[], fallbackAddress: string, observed: string): ZoneViolation[] {
  const unknownAt = phases.map((phase) => zone.unresolvedPhases[phase]).find((address) => address !== undefined);
  return unknownAt ? [{ address: unknownAt, observed: `${observed}: the rules of ${unknownAt} are known only at apply time`, unresolved: true }] : [{ address: fallbackAddress, observed }];
}

/** A custom rule that blocks or challenges requests carrying one of the probes. */
function customRuleCatches(zone: TerraformZone, probes: readonly { path: string; query?: string }[]): boolean {
  return (zone.rulesets.http_request_firewall_custom ?? []).some((rule) => isEnforcing(rule) && probes.some((probe) => matches(rule, { method: 'GET', host: 'example.com', ...probe })));
}

function isEnforcing(rule: TerraformRule): boolean {
  return ['block', 'challenge', 'managed_challenge', 'js_challenge'].includes(String(rule.action));
}

function matches(rule: TerraformRule, request: Parameters<typeof evaluateExpression>[1]): boolean {
  try {
    return evaluateExpression(rule.expression ?? 'false', request);
  } catch {
    return false; // a field the evaluator does not model: not proof of protection
  }
}

const protection = (name: string, managed: readonly string[], probes: readonly { path: string; query?: string }[]): CloudflareRule => (zone) =>
  executes(zone, managed) || customRuleCatches(zone, probes)
    ? []
    : unproven(zone, ['http_request_firewall_managed', 'http_request_firewall_custom'], zone.rulesetAddresses.http_request_firewall_custom ?? `zone ${zone.zoneId}`, `no managed ruleset and no custom rule stops ${name}`);

export const sqlInjectionProtection = protection('SQL injection', [MANAGED_RULESET_IDS.owasp], [{ path: '/items', query: 'id=1%20UNION%20SELECT%20password%20FROM%20users' }]);
export const crossSiteScriptingProtection = protection('cross-site scripting', [MANAGED_RULESET_IDS.owasp], [{ path: '/search', query: 'q=%3Cscript%3Ealert(1)%3C/script%3E' }]);
export const pathTraversalProtection = protection('path traversal', [MANAGED_RULESET_IDS.owasp, MANAGED_RULESET_IDS.cloudflare], [{ path: '/files/../../etc/passwd' }]);

/** Every login path of the profile is counted by an enforcing rate limit keyed by IP. */
export const authRateLimit: CloudflareRule = (zone, policy) => {
  const unlimited = policy.auth.loginPaths.filter((path) => !(zone.rulesets.http_ratelimit ?? []).some((rule) =>
    isEnforcing(rule) && ((rule.ratelimit?.characteristics as string[] | undefined) ?? []).includes('ip.src') && matches(rule, { method: 'POST', host: 'example.com', path })));
  const address = zone.rulesetAddresses.http_ratelimit ?? `zone ${zone.zoneId}`;
  if (unlimited.length > 0 && zone.unresolvedPhases.http_ratelimit) return unproven(zone, ['http_ratelimit'], address, `${unlimited.join(', ')} ${unlimited.length === 1 ? 'has' : 'have'} no per-IP rate limit`);
  return unlimited.map((path) => ({ address, observed: `${path} has no per-IP rate limit` }));
};
