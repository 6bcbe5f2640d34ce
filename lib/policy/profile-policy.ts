import { deepFreeze } from '../core/deep-freeze';
import { Preset } from '../profile/preset';
import { Profile } from '../profile/profile';
import { profileData } from '../profile/profile-data';
import type { Policy } from './model';
import { buildPolicy } from './normalize';

/** Each Profile's policy, built the first time a construct asks: a Profile cannot change. */
const policies = new WeakMap<Profile, Policy>();

/** The policy a Profile compiles to, built once per Profile. */
export function profilePolicy(profile: Profile): Policy {
  let policy = policies.get(profile);
  if (policy === undefined) {
    // Frozen: constructs given one Profile share its policy, so none may change it for the others.
    policy = deepFreeze(buildPolicy(profileData(profile)));
    policies.set(profile, policy);
  }
  return policy;
}

let baseline: Profile | undefined;

/** The profile of a construct given none: the baseline preset, named `bulwark`, made once. */
export function defaultProfile(): Profile {
  return (baseline ??= Profile.fromPreset(Preset.BASELINE, 'bulwark'));
}
