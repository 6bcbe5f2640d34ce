import type { IConstruct } from 'constructs';
import type { Plan } from './plans';

/** Marks a construct that hardens one zone on a known plan, so checks can lint that zone for its plan. */
const ZONE_PLAN = Symbol.for('bulwark.cloudflare.zonePlan');

/** What a zone-hardening construct records of its zone. */
export interface ZonePlan {
  readonly zoneId: string;
  readonly plan: Plan;
}

/** Records a construct's zone and plan. */
export function markZonePlan(construct: IConstruct, zonePlan: ZonePlan): void {
  Object.defineProperty(construct, ZONE_PLAN, { value: zonePlan });
}

/** The plan of each zone hardened under a scope, by zone ID. */
export function zonePlansIn(scope: IConstruct): Map<string, Plan> {
  const plans = new Map<string, Plan>();
  for (const node of scope.node.findAll()) {
    const marked = (node as unknown as Record<symbol, ZonePlan | undefined>)[ZONE_PLAN];
    if (marked) plans.set(marked.zoneId, marked.plan);
  }
  return plans;
}
