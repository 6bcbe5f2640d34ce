import { ADD_ONS, effectiveAddOns, type AddOn } from './add-ons';
import { PLANS, type PlanLimits, type Plan } from './plans';

/** What a zone allows: its plan's limits, raised by the add-ons that take effect on that plan. */
export function zoneLimits(plan: Plan, addOns: readonly AddOn[] = []): PlanLimits {
  return effectiveAddOns(plan, addOns).reduce<PlanLimits>((limits, addOn) => {
    const facts = ADD_ONS[addOn];
    return {
      ...limits,
      rateLimitRules: Math.max(limits.rateLimitRules, facts.rateLimitRules ?? 0),
      rateLimitCharacteristics: [...new Set([...limits.rateLimitCharacteristics, ...(facts.rateLimitCharacteristics ?? [])])],
    };
  }, PLANS[plan]);
}
