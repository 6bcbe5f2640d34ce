import type { EdgeCapabilities } from '../policy/edges/edge-capabilities';
import type { PolicyRule } from '../policy/model';
import { addOnOption } from './add-on-option';
import { ADD_ONS, type AddOn } from './add-ons';
import type { ZoneProblem, ZoneRule } from './compile-zone';
import type { Plan } from './plans';
import { rateLimitRule } from './rate-limit-rule';
import { unfitRateLimit } from './unfit-rate-limit';
import { zoneLimits } from './zone-limits';

/** The zone's rate-limit rules, and the rate limits it leaves to another edge that enforces them too. */
export interface RateLimitRules {
  readonly rules: ZoneRule[];
  readonly awsOnly: ZoneProblem[];
}

/**
 * The rate-limit rules the plan and add-ons can carry, within their quota. What the plan cannot
 * carry is left to the AWS edge when that edge enforces it too (`awsOnly`), else a problem.
 */
export function rateLimitRules(
  rules: readonly PolicyRule[],
  plan: Plan,
  addOns: readonly AddOn[],
  otherEdges: readonly EdgeCapabilities[],
  notes: ZoneProblem[],
  problems: ZoneProblem[],
): RateLimitRules {
  const limits = zoneLimits(plan, addOns);
  const awsOnly: ZoneProblem[] = [];
  const unfit = unfitRateLimit(otherEdges, awsOnly, problems);
  const carried: { rule: PolicyRule; compiled: ZoneRule }[] = [];
  for (const rule of rules.filter((r) => r.kind === 'rate-limit')) {
    const compiled = rateLimitRule(rule, plan, addOns, notes, unfit);
    if (compiled) carried.push({ rule, compiled });
  }
  // Within the quota, rules only Cloudflare enforces come first: the others have AWS behind them.
  const kept = new Set(
    [...carried.filter(({ rule }) => !rule.edges.includes('aws')), ...carried.filter(({ rule }) => rule.edges.includes('aws'))].slice(0, limits.rateLimitRules),
  );
  const taken = carried
    .filter((entry) => kept.has(entry))
    .map((entry) => entry.rule.id)
    .join(', ');
  const withoutArl = plan === 'enterprise' && !addOns.includes('advancedRateLimiting');
  for (const entry of carried.filter((e) => !kept.has(e))) {
    unfit(
      entry.rule,
      `the ${plan} plan allows ${limits.rateLimitRules} rate-limit rule${limits.rateLimitRules === 1 ? '' : 's'}${withoutArl ? ` without the ${ADD_ONS.advancedRateLimiting.label} add-on` : ''}, taken by ${taken}`,
      withoutArl ? addOnOption('advancedRateLimiting') : 'a higher plan',
    );
  }
  return { rules: carried.filter((entry) => kept.has(entry)).map((entry) => entry.compiled), awsOnly };
}
