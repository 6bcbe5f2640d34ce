import { evaluateExpression } from '../../../cloudflare/expression/evaluate';
import { MANAGED_RULESET_IDS, OWASP_SCORE_RULE_ID } from '../../../cloudflare/plans';
import { unescapeTemplateSequences } from '../../../cloudflare/terraform-template';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { isTerraformFalse, isTerraformToken, type TerraformRule, type TerraformZone } from '../terraform-zones';
import { evaluateCondition } from '../../../policy/evaluate';
import type { Policy } from '../../../policy/model';

type Execution = 'armed' | 'disarmed' | 'unresolved';

/**
 * Whether an enabled rule executes one of the managed rulesets with overrides that leave it
 * blocking: armed, disarmed (disabled, or set to log), or unresolved when the overrides are
 * known only at apply time. The OWASP score rule's own override takes precedence over the
 * ruleset's, as Cloudflare applies them.
 */
function executes(zone: TerraformZone, ids: readonly string[]): Execution {
  const states = (zone.rulesets.http_request_firewall_managed ?? [])
    .filter((rule) => rule.action === 'execute' && ids.includes(String(rule.action_parameters?.id)))
    .map((rule) => overridesState(rule.action_parameters?.overrides));
  return states.includes('armed') ? 'armed' : states.includes('unresolved') ? 'unresolved' : 'disarmed';
}

function overridesState(overrides: unknown): Execution {
  if (overrides === undefined || overrides === null) return 'armed';
  if (typeof overrides !== 'object' || Array.isArray(overrides) || isTerraformToken(overrides)) return 'unresolved';
  const { rules } = overrides as { rules?: unknown };
  if (rules !== undefined && !Array.isArray(rules)) return 'unresolved';
  const scoreRule = (rules as unknown[] | undefined)?.find((rule) => (rule as { id?: unknown } | null)?.id === OWASP_SCORE_RULE_ID);
  const own = scoreRule === undefined ? undefined : levelState(scoreRule);
  return own ?? levelState(overrides) ?? 'armed';
}

/** What one level of overrides says (enabled, action), or undefined when it says nothing. */
function levelState(level: unknown): Execution | undefined {
  const { enabled, action } = (level ?? {}) as { enabled?: unknown; action?: unknown };
  if (isTerraformToken(enabled) || isTerraformToken(action)) return 'unresolved';
  if (isTerraformFalse(enabled) || action === 'log') return 'disarmed';
  return enabled !== undefined || action !== undefined ? 'armed' : undefined;
}

/** The finding when nothing proves a protection: unresolved when a phase that could hold it is known only at apply time. */
function unproven(zone: TerraformZone, phases: readonly string[], fallbackAddress: string, observed: string): Violation[] {
  const unknownAt = phases.map((phase) => zone.unresolvedPhases[phase]).find((address) => address !== undefined);
  return unknownAt
    ? [{ path: unknownAt, observed: `${observed}: the rules of ${unknownAt} are known only at apply time`, unresolved: true }]
    : [{ path: fallbackAddress, observed }];
}

/** A custom rule that blocks or challenges requests carrying one of the probes. */
function customRuleCatches(zone: TerraformZone, probes: readonly { path: string; query?: string }[]): boolean {
  return (zone.rulesets.http_request_firewall_custom ?? []).some(
    (rule) => isEnforcing(rule) && probes.some((probe) => matches(rule, { method: 'GET', host: 'example.com', ...probe })),
  );
}

function isEnforcing(rule: TerraformRule): boolean {
  return ['block', 'challenge', 'managed_challenge', 'js_challenge'].includes(String(rule.action));
}

function matches(rule: TerraformRule, request: Parameters<typeof evaluateExpression>[1]): boolean {
  const expression = String(rule.expression ?? 'false');
  // What Terraform will make of a template sequence is not known here: not proof of protection.
  if (isTerraformToken(expression)) return false;
  try {
    return evaluateExpression(unescapeTemplateSequences(expression), request);
  } catch {
    return false; // a field the evaluator does not model: not proof of protection
  }
}

const protection =
  (name: string, managed: readonly string[], probes: readonly { path: string; query?: string }[]): CloudflareRule =>
  (zone) => {
    const execution = executes(zone, managed);
    if (execution === 'armed' || customRuleCatches(zone, probes)) return [];
    const address = zone.rulesetAddresses.http_request_firewall_custom ?? `zone ${zone.zoneId}`;
    if (execution === 'unresolved') {
      const managedAddress = zone.rulesetAddresses.http_request_firewall_managed ?? address;
      return [
        { path: managedAddress, observed: `no custom rule stops ${name}, and the managed ruleset's overrides are known only at apply time`, unresolved: true },
      ];
    }
    return unproven(zone, ['http_request_firewall_managed', 'http_request_firewall_custom'], address, `no managed ruleset and no custom rule stops ${name}`);
  };

export const sqlInjectionProtection = protection(
  'SQL injection',
  [MANAGED_RULESET_IDS.owasp],
  [{ path: '/items', query: 'id=1%20UNION%20SELECT%20password%20FROM%20users' }],
);
export const crossSiteScriptingProtection = protection(
  'cross-site scripting',
  [MANAGED_RULESET_IDS.owasp],
  [{ path: '/search', query: 'q=%3Cscript%3Ealert(1)%3C/script%3E' }],
);
export const pathTraversalProtection = protection(
  'path traversal',
  [MANAGED_RULESET_IDS.owasp, MANAGED_RULESET_IDS.cloudflare],
  [{ path: '/files/../../etc/passwd' }],
);

/** Every login path of the profile is counted by an enforcing rate limit keyed by IP. */
export const authRateLimit: CloudflareRule = (zone, policy) => {
  const unlimited = policy.auth.loginPaths.filter(
    (path) =>
      !(zone.rulesets.http_ratelimit ?? []).some(
        (rule) =>
          isEnforcing(rule) &&
          ((rule.ratelimit?.characteristics as string[] | undefined) ?? []).includes('ip.src') &&
          matches(rule, { method: 'POST', host: 'example.com', path }),
      ),
  );
  const address = zone.rulesetAddresses.http_ratelimit ?? `zone ${zone.zoneId}`;
  if (unlimited.length > 0 && zone.unresolvedPhases.http_ratelimit)
    return unproven(zone, ['http_ratelimit'], address, `${unlimited.join(', ')} ${unlimited.length === 1 ? 'has' : 'have'} no per-IP rate limit`);
  return unlimited.map((path) => ({ path: address, observed: `${path} has no per-IP rate limit${leftToAws(policy, path)}` }));
};

/** Why a login path may have no limit on Cloudflare: the profile's limit on it is (also) an AWS rule, which a plan too small for it leaves to AWS. */
function leftToAws(policy: Policy, path: string): string {
  const awsLimit = policy.rules.find(
    (rule) =>
      rule.kind === 'rate-limit' && rule.edges.includes('aws') && rule.match.type !== 'always' && evaluateCondition(rule.match, { method: 'POST', path }),
  );
  return awsLimit
    ? ` (the profile's ${awsLimit.id} covers it on AWS; when the zone's plan cannot carry it, Bulwark leaves it to AWS: move the zone to a plan that can carry it)`
    : '';
}
