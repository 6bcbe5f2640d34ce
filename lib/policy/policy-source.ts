import type { Profile } from '../profile/profile';
import type { Policy } from './model';
import { defaultProfile, profilePolicy } from './profile-policy';

/** How a construct is told what to enforce: a profile. */
export interface PolicySourceProps {
  /**
   * The hardening profile to enforce.
   * @default - the baseline preset
   */
  readonly profile?: Profile;
}

/**
 * A profile, or a policy already built from one: for the TypeScript-only Cloudflare constructs
 * and checks, whose callers may hold a policy (the AWS constructs take a Profile only).
 */
export interface PolicyOrProfileProps extends PolicySourceProps {
  /**
   * A policy already built from a profile; wins over `profile`.
   * @default - built from `profile`
   */
  readonly policy?: Policy;
}

/** The profile a construct enforces: `profile`, else the baseline preset. */
export function profileFrom(props: PolicySourceProps): Profile {
  return props.profile ?? defaultProfile();
}

/** The policy a construct enforces: `policy`, else built from `profile` (once per Profile), else from the baseline preset. */
export function policyFrom(props: PolicyOrProfileProps): Policy {
  return props.policy ?? profilePolicy(profileFrom(props));
}

/**
 * The policy a Profile compiles to (built once per Profile), for TypeScript tooling and tests
 * that read what a construct enforces: `policyOf(acl.profile)`. TypeScript only.
 */
export function policyOf(profile: Profile): Policy {
  return profilePolicy(profile);
}
