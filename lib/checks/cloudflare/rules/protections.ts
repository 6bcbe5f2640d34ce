import { evaluateExpression } from '../../../cloudflare/expression/evaluate';
import { MANAGED_RULESET_IDS } from '../../../cloudflare/plans';
import type { CloudflareRule } from '../cloudflare-rule';
import type { TerraformRule, TerraformZone } from '../terraform-zones';

function executes(zone: TerraformZone, ids: readonly string[]): boolean {
  return (zone.rulesets.http_request_firewall_managed ?? []).some((rule) => rule.action === 'execute' && ids.includes(String(rule.action_parameters?.id)));
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
  executes(zone, managed) || customRuleCatches(zone, probes) ? [] : [{ address: zone.rulesetAddresses.http_request_firewall_custom ?? `zone ${zone.zoneId}`, observed: `no managed ruleset and no custom rule stops ${name}` }];

export const sqlInjectionProtection = protection('SQL injection', [MANAGED_RULESET_IDS.owasp], [{ path: '/items', query: 'id=1%20UNION%20SELECT%20password%20FROM%20users' }]);
export const crossSiteScriptingProtection = protection('cross-site scripting', [MANAGED_RULESET_IDS.owasp], [{ path: '/search', query: 'q=%3Cscript%3Ealert(1)%3C/script%3E' }]);
export const pathTraversalProtection = protection('path traversal', [MANAGED_RULESET_IDS.owasp, MANAGED_RULESET_IDS.cloudflare], [{ path: '/files/../../etc/passwd' }]);

/** Every login path of the profile is counted by an enforcing rate limit keyed by IP. */
export const authRateLimit: CloudflareRule = (zone, policy) =>
  policy.auth.loginPaths.flatMap((path) => {
    const limited = (zone.rulesets.http_ratelimit ?? []).some((rule) =>
      isEnforcing(rule) && ((rule.ratelimit?.characteristics as string[] | undefined) ?? []).includes('ip.src') && matches(rule, { method: 'POST', host: 'example.com', path }));
    return limited ? [] : [{ address: zone.rulesetAddresses.http_ratelimit ?? `zone ${zone.zoneId}`, observed: `${path} has no per-IP rate limit` }];
  });
