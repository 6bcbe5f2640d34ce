import { App, Stack } from 'aws-cdk-lib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecurityHeaders } from '../../lib/aws/headers/security-headers';
import { buildPolicy } from '../../lib/policy/normalize';
import { policyOf } from '../../lib/policy/policy-source';
import { ProfileValidationError } from '../../lib/profile/errors';
import { extendPreset, loadProfile, MAX_PROFILE_FILE_BYTES, parseProfile } from '../../lib/profile/load';
import { Preset } from '../../lib/profile/preset';
import { Profile } from '../../lib/profile/profile';
import { profileData, toProfile } from '../../lib/profile/profile-data';
import { PRESET_NAMES, type HardeningProfile } from '../../lib/profile/schema';

const examples = join(__dirname, '..', '..', 'examples', 'profiles');
const dir = mkdtempSync(join(tmpdir(), 'bulwark-profile-'));
const SECRET = 'hunter2-do-not-print';

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Profile data as toJson gives it: resolved, without the `extends` its preset was applied from. */
function resolved(data: HardeningProfile): Omit<HardeningProfile, 'extends'> {
  const { extends: _appliedPreset, ...rest } = data;
  return rest;
}

/** The error a call throws, as the user sees it: its class and message. */
function refusal(call: () => unknown): { type: string; message: string } {
  try {
    call();
  } catch (error) {
    return { type: (error as Error).constructor.name, message: (error as Error).message };
  }
  throw new Error('expected the call to throw');
}

describe('Preset', () => {
  it('has the preset names a profile file gives as extends, and no others', () => {
    expect(Preset.BASELINE).toBe('baseline');
    expect(Preset.STRICT).toBe('strict');
    expect(Object.values(Preset)).toEqual([...PRESET_NAMES]);
  });
});

describe('Profile.fromFile', () => {
  it.each(['baseline.yaml', 'strict.yaml', 'aragora.yaml', 'open-astra.yaml'])('reads %s as loadProfile does', (name) => {
    const path = join(examples, name);
    const profile = Profile.fromFile(path);
    expect(profile.toJson()).toEqual(resolved(loadProfile(path)));
    expect(profile.name).toBe(loadProfile(path).name);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.yaml')],
    ['malformed YAML', () => file('malformed.yaml', 'name: demo\ntls: [\n')],
    ['a repeated key', () => file('repeated.yaml', 'name: demo\nname: other\n')],
    ['an invalid field holding a secret', () => file('secret.yaml', `name: demo\nauth:\n  password: ${SECRET}\n`)],
    ['a file over the size bound', () => file('large.yaml', `name: demo\n#${'x'.repeat(MAX_PROFILE_FILE_BYTES)}\n`)],
  ])('refuses %s with the error loadProfile throws', (_case, path) => {
    const target = path();
    const refused = refusal(() => Profile.fromFile(target));
    expect(refused).toEqual(refusal(() => loadProfile(target)));
    expect(refused.type).toBe(ProfileValidationError.name);
    expect(refused.message).not.toContain(SECRET);
  });
});

describe('Profile.fromObject', () => {
  it('validates data as parseProfile does, preset and defaults applied', () => {
    const data = { name: 'demo', extends: 'strict', monitoring: { notify: { email: ['security@example.com'] } } };
    expect(Profile.fromObject(data).toJson()).toEqual(resolved(parseProfile(data)));
    expect(Profile.fromObject({ name: 'plain' }).toJson()).toEqual(resolved(parseProfile({ name: 'plain' })));
  });

  it.each([
    ['an unknown key', { name: 'demo', tsl: {} }],
    ['a wrong type', { name: 'demo', tls: { minVersion: 12 } }],
    ['a credential-named value', { name: 'demo', environment: { password: SECRET } }],
    ['a secret in an unknown field', { name: 'demo', apiToken: SECRET }],
    ['prototype keys', JSON.parse('{"name":"demo","__proto__":{"polluted":true}}') as Record<string, unknown>],
  ])('refuses %s with the error parseProfile throws, never echoing a secret', (_case, data) => {
    const refused = refusal(() => Profile.fromObject(data));
    expect(refused).toEqual(refusal(() => parseProfile(data)));
    expect(refused.type).toBe(ProfileValidationError.name);
    expect(refused.message).not.toContain(SECRET);
  });
});

describe('Profile.fromPreset', () => {
  it.each([Preset.BASELINE, Preset.STRICT])('extends %s as extendPreset does', (preset) => {
    const overrides = { monitoring: { notify: { email: ['security@example.com'] } }, headers: { csp: null } };
    expect(Profile.fromPreset(preset, 'org', overrides).toJson()).toEqual(resolved(extendPreset(preset, { name: 'org', ...overrides } as never)));
    expect(Profile.fromPreset(preset, 'org').toJson()).toEqual(resolved(extendPreset(preset, { name: 'org' })));
  });

  it('takes the name from its parameter, over one in the overrides, and the preset over an extends in them', () => {
    const profile = Profile.fromPreset(Preset.STRICT, 'org', { name: 'other', extends: 'baseline' });
    expect(profile.name).toBe('org');
    expect(profile.toJson()).toEqual(resolved(extendPreset('strict', { name: 'org' })));
  });

  it('refuses bad overrides with the error extendPreset throws, never echoing a secret', () => {
    const overrides = { auth: { jwt: { secret: SECRET } } };
    const refused = refusal(() => Profile.fromPreset(Preset.STRICT, 'org', overrides));
    expect(refused).toEqual(refusal(() => extendPreset('strict', { name: 'org', ...overrides } as never)));
    expect(refused.type).toBe(ProfileValidationError.name);
    expect(refused.message).not.toContain(SECRET);
  });
});

describe('toJson', () => {
  it('gives plain data that reads back to the same profile', () => {
    const profile = Profile.fromFile(join(examples, 'strict.yaml'));
    const json = profile.toJson();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(Profile.fromObject(json).toJson()).toEqual(json);
    expect(toProfile(json as HardeningProfile).toJson()).toEqual(json);
  });

  it('reads back without applying the preset again: a field removed from the preset stays removed', () => {
    const profile = Profile.fromPreset(Preset.STRICT, 'org', { headers: { contentSecurityPolicy: null } });
    const json = profile.toJson();
    expect(json.extends).toBeUndefined();
    // The removal took: the strict preset's policy is not there (the defaults' is).
    expect(json.headers.contentSecurityPolicy).not.toEqual(Profile.fromPreset(Preset.STRICT, 'org').toJson().headers.contentSecurityPolicy);
    expect(Profile.fromObject(json).toJson()).toEqual(json);
  });

  it('gives a copy: changing it changes neither the profile nor its next copy', () => {
    const profile = Profile.fromPreset(Preset.BASELINE, 'demo');
    const json = profile.toJson() as HardeningProfile;
    json.tls.minVersion = '1.0';
    expect(profile.toJson()).toEqual(resolved(extendPreset('baseline', { name: 'demo' })));
    expect(profileData(profile).tls.minVersion).toBe('1.2');
  });
});

describe('a Profile cannot change', () => {
  it('keeps a copy of the data it was made from, frozen', () => {
    const data = loadProfile(join(examples, 'strict.yaml'));
    const profile = toProfile(data);
    data.tls.minVersion = '1.0';
    expect(profileData(profile).tls.minVersion).toBe('1.3');
    expect(Object.isFrozen(profileData(profile).tls)).toBe(true);
    expect(() => {
      (profileData(profile).tls as { minVersion: string }).minVersion = '1.0';
    }).toThrow(TypeError);
  });
});

describe('toProfile', () => {
  it('validates the data again: a HardeningProfile written or changed by hand may not pass the schema', () => {
    const data = loadProfile(join(examples, 'strict.yaml'));
    const weakened = { ...data, tls: { ...data.tls, minVersion: '0.9' } } as unknown as HardeningProfile;
    expect(refusal(() => toProfile(weakened)).type).toBe(ProfileValidationError.name);
  });

  it('does not apply the preset again: a field the profile removed from its preset stays removed', () => {
    const data = extendPreset('strict', { name: 'demo', headers: { csp: null } } as never);
    expect(toProfile(data).toJson()).toEqual(resolved(data));
    expect(profileData(toProfile(data)).extends).toBe('strict');
  });
});

describe('the policy of a Profile', () => {
  it('is built once, and shared by every construct given that Profile', () => {
    const stack = new Stack(new App(), 'Stack');
    const profile = Profile.fromFile(join(examples, 'strict.yaml'));
    const first = new SecurityHeaders(stack, 'First', { profile });
    const second = new SecurityHeaders(stack, 'Second', { profile });
    const other = new SecurityHeaders(stack, 'Other', { profile: Profile.fromFile(join(examples, 'strict.yaml')) });
    expect(policyOf(second.profile)).toBe(policyOf(first.profile));
    expect(policyOf(other.profile)).not.toBe(policyOf(first.profile));
    expect(policyOf(first.profile)).toEqual(buildPolicy(loadProfile(join(examples, 'strict.yaml'))));
  });

  it('is that of the Profile a construct exposes', () => {
    const stack = new Stack(new App(), 'Stack');
    const profile = Profile.fromPreset(Preset.STRICT, 'org');
    expect(new SecurityHeaders(stack, 'Headers', { profile }).profile).toBe(profile);
  });

  it('is the baseline preset, named bulwark, for a construct given none', () => {
    const stack = new Stack(new App(), 'Stack');
    const first = new SecurityHeaders(stack, 'First');
    expect(policyOf(new SecurityHeaders(stack, 'Second').profile)).toBe(policyOf(first.profile));
    expect(policyOf(first.profile)).toEqual(buildPolicy(extendPreset('baseline', { name: 'bulwark' })));
  });
});
