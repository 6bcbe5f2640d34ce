import { managedProtectionsCovering } from '../policy/edges/edge-capabilities';
import type { Policy, PolicyRule } from '../policy/model';
import { CLOUDFLARE_CAPABILITIES } from './cloudflare-capabilities';
import type { ZoneProblem, ZoneRule } from './compile-zone';
import { conditionExpression } from './condition-expression';
import type { Plan, PlanLimits } from './plans';

/** A custom rule with the profile field it comes from, until the quota is fitted. */
export type SourcedZoneRule = ZoneRule & { source: string };

/**
 * The custom rules of the zone, one per class, in the policy's order: what the OWASP Core Ruleset
 * covers is left to it (a note), and an action the plan lacks is a problem.
 */
export function customRules(
  policy: Policy,
  rules: readonly PolicyRule[],
  plan: Plan,
  limits: PlanLimits,
  notes: ZoneProblem[],
  problems: ZoneProblem[],
): SourcedZoneRule[] {
  const managedAvailable = limits.managedRulesets.includes('owasp');
  const custom: SourcedZoneRule[] = [];
  for (const rule of rules) {
    if (rule.kind === 'rate-limit' || rule.kind === 'managed') continue;
    if (managedAvailable && coveredByOwasp(rule) && !policy.waf.customRulesWhenManaged) {
      notes.push({
        field: rule.source,
        message: `${rule.id}: covered by the OWASP Core Ruleset on ${plan}; no custom rule (set waf.customRulesWhenManaged to keep both)`,
      });
      continue;
    }
    custom.push({
      ref: rule.id,
      description: rule.description,
      action: customAction(rule),
      expression: conditionExpression(rule.match),
      source: rule.source,
      ...(rule.intent === 'allow' ? { actionParameters: { ruleset: 'current', phases: ['http_ratelimit', 'http_request_firewall_managed'] } } : {}),
    });
  }
  for (const rule of custom) {
    if (!limits.customRuleActions.includes(rule.action)) {
      problems.push({
        field: rule.source,
        message: `${rule.ref}: the ${rule.action} action needs Enterprise, not the ${plan} plan; options: block or challenge, or a higher plan`,
      });
    }
  }
  return custom;
}

/** Whether the OWASP Core Ruleset covers every item the rule implements (what it covers is capability data). */
function coveredByOwasp(rule: PolicyRule): boolean {
  return rule.implements.length > 0 && rule.implements.every((item) => managedProtectionsCovering(CLOUDFLARE_CAPABILITIES, ['owasp'], item).length > 0);
}

/** The Cloudflare action of a custom rule, from the rule's intent. */
function customAction(rule: PolicyRule): string {
  switch (rule.intent) {
    case 'allow':
      return 'skip';
    case 'challenge':
      return 'managed_challenge';
    case 'count':
      return 'log';
    default:
      return 'block';
  }
}
