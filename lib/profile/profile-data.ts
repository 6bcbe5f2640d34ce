import { parseProfile } from './load';
import { type Profile, profileOfValidated, validatedProfileData } from './profile';
import { PRESET_NAMES, type HardeningProfile } from './schema';

/**
 * A Profile of profile data (from loadProfile, parseProfile, defineProfile or extendPreset),
 * for TypeScript code that builds profiles as data. The data is validated again: a
 * HardeningProfile is a type, and an object written or changed by hand can satisfy it without
 * passing the schema's checks. Its preset is already applied and is not applied again.
 *
 * @throws ProfileValidationError with every problem found
 */
export function toProfile(data: HardeningProfile): Profile {
  const { extends: preset, ...resolved } = data;
  const validated = parseProfile(resolved);
  // Kept as a record of where the profile started, as loadProfile keeps it.
  // An `extends` that names no preset is refused as the schema refuses it.
  if (preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(preset)) parseProfile(data);
  return profileOfValidated(preset === undefined ? validated : { ...validated, extends: preset });
}

/** A Profile's validated data (frozen), for the tooling that reads profiles as data: buildPolicy, runDoctor, reports. */
export function profileData(profile: Profile): HardeningProfile {
  return validatedProfileData(profile);
}
