import { onPlan } from '../checks/cloudflare/cloudflare-checks';
import type { Plan } from '../cloudflare/plans';
import type { Policy } from '../policy/model';
import { buildPolicy } from '../policy/normalize';
import { extendPreset } from '../profile/load';
import type { HardeningProfile } from '../profile/schema';

/** The policy the Cloudflare checks judge by: the profile's (else the baseline preset's), on the plan given. */
export function checkPolicy(profile: HardeningProfile | undefined, plan: Plan | undefined): Policy {
  return onPlan(buildPolicy(profile ?? extendPreset('baseline', { name: 'bulwark' })), plan);
}
