import { extendPreset } from '../profile/load';
import type { HardeningProfile } from '../profile/schema';
import type { Policy } from './model';
import { buildPolicy } from './normalize';

/** How a construct is told what to enforce: a profile, or a policy already built from one. */
export interface PolicySourceProps {
  /**
   * The hardening profile to enforce.
   * @default - the baseline preset
   */
  readonly profile?: HardeningProfile;
  /**
   * A policy already built from a profile; wins over `profile`.
   * @default - built from `profile`
   */
  readonly policy?: Policy;
}

/** The policy a construct enforces: `policy`, else built from `profile`, else the baseline preset. */
export function policyFrom(props: PolicySourceProps): Policy {
  return props.policy ?? buildPolicy(props.profile ?? extendPreset('baseline', { name: 'bulwark' }));
}
