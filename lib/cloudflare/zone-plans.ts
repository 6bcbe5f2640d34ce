import type { IConstruct } from 'constructs';
import type { Plan } from './plans';

/** Marks a construct that hardens one zone on a known plan, so checks can lint that zone for its plan. */
const ZONE_PLAN = Symbol.for('bulwark.cloudflare.zonePlan');

/** What a zone-hardening construct records: its plan, and the Terraform addresses of its rulesets. */
export interface ZonePlan {
  readonly plan: Plan;
  /** The zone's name, when known: account rulesets select zones by it. */
  readonly zoneName?: string;
  readonly rulesetAddresses: () => readonly string[];
}

/** Records a construct's plan and rulesets. */
export function markZonePlan(construct: IConstruct, zonePlan: ZonePlan): void {
  Object.defineProperty(construct, ZONE_PLAN, { value: zonePlan });
}

/**
 * The plan of each ruleset hardened under a scope, by its Terraform address (the zone ID may be
 * a token, a Terraform variable say, which the synthesized JSON writes differently).
 */
export function zonePlansIn(scope: IConstruct): Map<string, Plan> {
  const plans = new Map<string, Plan>();
  for (const node of scope.node.findAll()) {
    const marked = (node as unknown as Record<symbol, ZonePlan | undefined>)[ZONE_PLAN];
    if (marked) for (const address of marked.rulesetAddresses()) plans.set(address, marked.plan);
  }
  return plans;
}

/** The name of each zone hardened under a scope whose name is known, by the Terraform address of each of its rulesets. */
export function zoneNamesIn(scope: IConstruct): Map<string, string> {
  const names = new Map<string, string>();
  for (const node of scope.node.findAll()) {
    const marked = (node as unknown as Record<symbol, ZonePlan | undefined>)[ZONE_PLAN];
    if (marked?.zoneName !== undefined) for (const address of marked.rulesetAddresses()) names.set(address, marked.zoneName);
  }
  return names;
}
