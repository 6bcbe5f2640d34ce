import type { HardeningProfile } from '../../profile/schema';

/** Something the profile asks for that no edge enforces: said once, neither blocking nor a warning. */
export interface DoctorNote {
  /** The profile field. */
  readonly path: string;
  readonly message: string;
}

/**
 * The profile's advisory fields that are set. secrets.approvals is one: nothing Bulwark deploys
 * can hold a secret read until N people approve (Secrets Manager has no approval step, and an
 * IAM condition can only test what the caller's session already carries), so the workflow
 * lives in the secret store or an approval system the user runs.
 */
export function advisoryNotes(profile: HardeningProfile): DoctorNote[] {
  return profile.secrets.approvals === undefined
    ? []
    : [
        {
          path: 'secrets.approvals',
          message:
            'secrets.approvals is advisory: Bulwark does not enforce approvals (no AWS or Cloudflare control it deploys waits for approvers); enforce them in your secret store or approval system.',
        },
      ];
}
