import type { Policy } from '../../policy/model';
import type { HardeningProfile } from '../../profile/schema';
import type { Violation } from '../violation';

/** What a doctor rule reads: the validated profile and the policy built from it. */
export interface DoctorContext {
  readonly profile: HardeningProfile;
  readonly policy: Policy;
}

/**
 * A doctor rule: a pure function from the profile to the places it finds a weakness (each
 * violation's path is the profile field). Rules carry no IDs, severities or wording; the doctor
 * pack owns those.
 */
export type DoctorRule = (context: DoctorContext) => readonly Violation[];

/** One violation when the condition holds, none otherwise. */
export function violationIf(condition: boolean, path: string, observed: string): Violation[] {
  return condition ? [{ path, observed }] : [];
}
