import { deepFreeze } from '../core/deep-freeze';
import { loadProfile, parseProfile } from './load';
import type { Preset } from './preset';
import type { HardeningProfile } from './schema';

/**
 * Each Profile's validated data, held outside the object and private to this module: a property
 * could be replaced, or copied onto a look-alike object, which would then be taken for a
 * validated profile.
 */
const validatedData = new WeakMap<object, HardeningProfile>();

/**
 * Marks a Profile of any copy of this module. An app may load two copies of `bulwark` (its own,
 * and one `bulwark-cloudflare` resolves): a Profile of the other copy is read through its own
 * `toJson()` and validated again here, never trusted.
 */
const PROFILE_BRAND = Symbol.for('bulwark.Profile');

/** Makes a Profile of data this library validated (set by the class, which alone may call its constructor). */
let wrapValidated: (data: HardeningProfile) => Profile;

/**
 * A validated hardening profile, with its preset and defaults applied: what every construct
 * enforces. Read from a file, validated from plain data, or built from a preset; it cannot be
 * changed once made, so constructs given the same Profile share one policy built from it.
 */
export class Profile {
  /**
   * Reads, validates and resolves a profile file (`.yaml`, `.yml` or `.json`).
   *
   * @param path the profile file
   * @throws ProfileValidationError when the file is missing, too large, malformed or invalid
   */
  public static fromFile(path: string): Profile {
    return new Profile(loadProfile(path));
  }

  /**
   * Validates profile data (parsed YAML or JSON, keys as in a profile file) and applies its
   * preset (`extends`) and defaults.
   *
   * @param data the profile's fields
   * @throws ProfileValidationError with every problem found
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for a JSON object (a dict in Python, a Map in Java)
  public static fromObject(data: { [key: string]: any }): Profile {
    return new Profile(parseProfile(data));
  }

  /**
   * A preset with a name and overrides (JSON Merge Patch rules: objects merge, arrays and
   * scalars replace, `null` removes), validated as a whole.
   *
   * @param preset the preset to start from
   * @param name the profile's name; wins over a name in `overrides`
   * @param overrides fields that change the preset's, as in a profile file (an `extends` in them is ignored: `preset` is the preset)
   * @throws ProfileValidationError with every problem found
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for a JSON object (a dict in Python, a Map in Java)
  public static fromPreset(preset: Preset, name: string, overrides: { [key: string]: any } = {}): Profile {
    return new Profile(parseProfile({ ...overrides, name, extends: preset }));
  }

  static {
    wrapValidated = (data) => new Profile(data);
  }

  /** The profile's name. */
  public readonly name: string;

  private constructor(data: HardeningProfile) {
    // A frozen copy, so that the data cannot change under a policy built from it.
    const frozen = deepFreeze(structuredClone(data));
    validatedData.set(this, frozen);
    // Read-only, but the object itself is not frozen: the jsii runtime (Python, Java, .NET, Go)
    // tags each object it hands out with a property of its own, which a frozen object refuses.
    this.name = frozen.name;
    Object.defineProperty(this, 'name', { value: frozen.name, writable: false, configurable: false, enumerable: true });
  }

  /**
   * The validated profile, preset and defaults applied, as plain data (a copy). It has no
   * `extends`: the preset is applied already, so `Profile.fromObject(profile.toJson())` gives the
   * same profile (fields the profile removed from its preset stay removed).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for a JSON object (a dict in Python, a Map in Java)
  public toJson(): { [key: string]: any } {
    const { extends: _appliedPreset, ...resolved } = validatedProfileData(this);
    return structuredClone(resolved);
  }
}

Object.defineProperty(Profile.prototype, PROFILE_BRAND, { value: true });

/** A Profile of data this library has validated (toProfile, the zones' overrides); not exported from the package. */
export function profileOfValidated(data: HardeningProfile): Profile {
  return wrapValidated(data);
}

/**
 * A Profile's validated data. Anything else given where a Profile belongs (profile data from
 * loadProfile, an object shaped like a Profile) is refused with the fix, not read.
 */
export function validatedProfileData(profile: Profile): HardeningProfile {
  if (typeof profile !== 'object' || profile === null) throw notAProfile();
  const known = validatedData.get(profile);
  if (known !== undefined) return known;
  // A look-alike made from this copy's prototype is refused; only another copy's Profile is read.
  if (Object.getPrototypeOf(profile) === Profile.prototype || !(PROFILE_BRAND in profile) || typeof profile.toJson !== 'function') throw notAProfile();
  const data = deepFreeze(parseProfile(profile.toJson()));
  validatedData.set(profile, data);
  return data;
}

function notAProfile(): TypeError {
  return new TypeError(
    'profile is not a Profile: make one with Profile.fromFile(path), Profile.fromObject(data) or Profile.fromPreset(preset, name), or, in TypeScript, toProfile(data) for profile data from loadProfile or extendPreset',
  );
}
