import type { Profile } from '../profile/profile';
import type { Policy } from './model';
import { defaultProfile, profilePolicy } from './profile-policy';

/** How a construct is told what to enforce: a profile, or a policy already built from one. */
export interface PolicySourceProps {
  /**
   * The hardening profile to enforce.
   * @default - the baseline preset
   */
  readonly profile?: Profile;
  /**
   * A policy already built from a profile; wins over `profile`.
   * @default - built from `profile`
   */
  readonly policy?: Policy;
}

/** The policy a construct enforces: `policy`, else built from `profile` (once per Profile), else the baseline preset. */
export function policyFrom(props: PolicySourceProps): Policy {
  return props.policy ?? profilePolicy(props.profile ?? defaultProfile());
}
