import { managedProtectionsCovering } from '../policy/edges/edge-capabilities';
import type { Condition, Policy, PolicyRule } from '../policy/model';
import { attackChunks, attackScope } from './attack-detection';
import { printExpression } from './expression/print';
import { CLOUDFLARE_CAPABILITIES } from './cloudflare-capabilities';
import type { ZoneProblem, ZoneRule } from './compile-zone';
import { conditionExpression } from './condition-expression';
import { PLANS, type Plan, type PlanLimits } from './plans';

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
  // Attack rules by their index in `custom`: each becomes one or more rules once the spare quota is known.
  const attacks = new Map<number, AttackCondition>();
  for (const rule of rules) {
    if (rule.kind === 'rate-limit' || rule.kind === 'managed') continue;
    if (managedAvailable && coveredByOwasp(rule) && !policy.waf.customRulesWhenManaged) {
      notes.push({
        field: rule.source,
        message: `${rule.id}: covered by the OWASP Core Ruleset on ${plan}; no custom rule (set waf.customRulesWhenManaged to keep both)`,
      });
      continue;
    }
    if (rule.match.type === 'attack') {
      attacks.set(custom.length, rule.match);
      custom.push({ ref: rule.id, description: rule.description, action: customAction(rule), expression: 'false', source: rule.source });
      continue;
    }
    custom.push({
      ref: rule.id,
      description: rule.description,
      action: customAction(rule),
      expression: conditionExpression(rule.match, plan),
      source: rule.source,
      ...(rule.intent === 'allow' ? { actionParameters: { ruleset: 'current', phases: ['http_ratelimit', 'http_request_firewall_managed'] } } : {}),
    });
  }
  const expanded = expandAttackRules(custom, attacks, plan, limits.customRules, notes);
  for (const rule of expanded) {
    if (!limits.customRuleActions.includes(rule.action)) {
      problems.push({
        field: rule.source,
        message: `${rule.ref}: the ${rule.action} action needs Enterprise, not the ${plan} plan; options: block or challenge, or a higher plan`,
      });
    }
  }
  return expanded;
}

type AttackCondition = Extract<Condition, { type: 'attack' }>;

/**
 * Each attack rule as its detections on the plan: one rule per expression of at most 4,096
 * characters, as many as the quota has room for beyond one rule per class (classes in policy
 * order); a class that gets fewer rules than it has chunks keeps its most telling terms, and a note
 * says how many it left out.
 */
function expandAttackRules(
  custom: readonly SourcedZoneRule[],
  attacks: ReadonlyMap<number, AttackCondition>,
  plan: Plan,
  quota: number,
  notes: ZoneProblem[],
): SourcedZoneRule[] {
  let spare = Math.max(0, quota - custom.length);
  return custom.flatMap((rule, index) => {
    const condition = attacks.get(index);
    if (!condition) return [rule];
    const chunks = attackChunks(condition.attack, condition.fields, plan);
    if (chunks.length === 0) return [];
    const extra = Math.min(chunks.length - 1, spare);
    spare -= extra;
    const kept = chunks.slice(0, 1 + extra);
    if (kept.length < chunks.length) {
      const left = chunks.slice(kept.length).reduce((sum, chunk) => sum + chunk.terms, 0);
      notes.push({
        field: rule.source,
        message: `${rule.ref}: ${left} of ${chunks.reduce((sum, chunk) => sum + chunk.terms, 0)} detections left out to fit the ${plan} plan's ${quota} custom rules (Business and up use regular expressions and keep them all)`,
      });
    }
    const description = attackDescription(condition, plan);
    return kept.map((chunk, part) => ({
      ...rule,
      ref: part === 0 ? rule.ref : `${rule.ref}-${part + 1}`,
      description: kept.length > 1 ? `${description} (part ${part + 1} of ${kept.length})` : description,
      expression: printExpression(chunk.expression),
    }));
  });
}

const ATTACK_NAMES: Readonly<Record<AttackCondition['attack'], string>> = {
  sqlInjection: 'SQL injection',
  crossSiteScripting: 'cross-site scripting',
  pathTraversal: 'path traversal',
};

/** What the rule inspects on this plan and what it cannot see there, in words. */
function attackDescription(condition: AttackCondition, plan: Plan): string {
  const scope = attackScope(condition.fields, plan);
  const how = PLANS[plan].regex ? 'regular expressions' : 'terms';
  const seen = `Block ${ATTACK_NAMES[condition.attack]} in the ${listed(scope.inspects)}, decoded repeatedly and folded (${how})`;
  return scope.unseen.length > 0 ? `${seen}; cannot see ${listed(scope.unseen)} on ${plan}` : seen;
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
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
