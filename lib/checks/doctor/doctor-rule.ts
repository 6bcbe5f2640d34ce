import type { Policy } from '../../policy/model';
import type { HardeningProfile } from '../../profile/schema';

/** What a doctor rule reads: the validated profile and the policy built from it. */
export interface DoctorContext {
  readonly profile: HardeningProfile;
  readonly policy: Policy;
}

/** One place where a rule's condition holds: the profile field and what was found there. */
export interface Violation {
  readonly path: string;
  readonly observed: string;
}

/**
 * A doctor rule: a pure function from the profile to the places it finds a weakness. Rules
 * carry no IDs, severities or wording; the doctor pack owns those.
 */
export type DoctorRule = (context: DoctorContext) => readonly Violation[];

/** One violation when the condition holds, none otherwise. */
export function violationIf(condition: boolean, path: string, observed: string): Violation[] {
  return condition ? [{ path, observed }] : [];
}
