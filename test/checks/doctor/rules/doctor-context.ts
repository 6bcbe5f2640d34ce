import { join } from 'node:path';
import type { DoctorContext, DoctorRule } from '../../../../lib/checks/doctor/doctor-rule';
import type { Violation } from '../../../../lib/checks/violation';
import { buildPolicy } from '../../../../lib/policy/normalize';
import { mergeProfileInput } from '../../../../lib/profile/merge';
import { parseProfile, readProfileFile } from '../../../../lib/profile/load';

/** The strict example (the strict preset on both edges): every doctor rule passes it, so each test patches one thing. */
const strict = readProfileFile(join(__dirname, '..', '..', '..', '..', 'examples', 'profiles', 'strict.yaml')).data as Record<string, unknown>;

/** The profile and policy a rule reads, from the strict example with a JSON Merge Patch (objects merge, arrays replace). */
export function doctorContext(patch: Record<string, unknown> = {}): DoctorContext {
  const profile = parseProfile(mergeProfileInput(strict, patch));
  return { profile, policy: buildPolicy(profile) };
}

/** What a rule finds in the patched strict example. */
export const violations = (rule: DoctorRule, patch: Record<string, unknown> = {}): readonly Violation[] => rule(doctorContext(patch));
