import { loadProfile, parseProfile } from './load';
import type { Preset } from './preset';
import type { HardeningProfile } from './schema';

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
   * @param overrides fields that change the preset's, as in a profile file
   * @throws ProfileValidationError with every problem found
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for a JSON object (a dict in Python, a Map in Java)
  public static fromPreset(preset: Preset, name: string, overrides: { [key: string]: any } = {}): Profile {
    return new Profile(parseProfile({ ...overrides, name, extends: preset }));
  }

  /**
   * Wraps a profile validated by this library (use toProfile).
   * @internal
   */
  public static _fromValidated(data: HardeningProfile): Profile {
    return new Profile(data);
  }

  /** The profile's name. */
  public readonly name: string;

  /**
   * The validated profile: a frozen copy, so that the data cannot change under a policy built from it.
   * @internal
   */
  public readonly _data: HardeningProfile;

  private constructor(data: HardeningProfile) {
    this._data = deepFreeze(structuredClone(data));
    this.name = this._data.name;
  }

  /** The validated profile, preset and defaults applied, as plain data (a copy). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsii's type for a JSON object (a dict in Python, a Map in Java)
  public toJson(): { [key: string]: any } {
    return structuredClone(this._data);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
