import { createRequire } from 'node:module';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SecurityHeaders } from '../../lib/aws/headers/security-headers';
import { profilePolicy } from '../../lib/policy/profile-policy';
import { ProfileValidationError } from '../../lib/profile/errors';
import { extendPreset } from '../../lib/profile/load';
import { Preset } from '../../lib/profile/preset';
import { Profile } from '../../lib/profile/profile';
import { profileData, toProfile } from '../../lib/profile/profile-data';

/** The compiled copy of the Profile module in dist/ (npm test builds before it runs the tests): a second installed copy of bulwark. */
const otherCopy = () =>
  createRequire(__filename)(join(__dirname, '..', '..', 'dist', 'lib', 'profile', 'profile.js')) as typeof import('../../lib/profile/profile');

/** A CSP no looser than anything: what a construct must keep sending whatever another did. */
const cspOf = (stack: Stack) =>
  Template.fromStack(stack).findResources('AWS::CloudFront::ResponseHeadersPolicy', {}) as Record<
    string,
    { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: string } } } } }
  >;

describe('a Profile cannot be forged or weakened', () => {
  it("shares one frozen policy between constructs, so one construct's code cannot weaken another's", () => {
    const profile = Profile.fromPreset(Preset.STRICT, 'org');
    const policy = profilePolicy(profile);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.tls)).toBe(true);
    expect(() => {
      (policy.tls as { minVersion: string }).minVersion = '1.0';
    }).toThrow(TypeError);
    const stack = new Stack(new App(), 'Other');
    new SecurityHeaders(stack, 'Headers', { profile });
    const [csp] = Object.values(cspOf(stack));
    expect(csp.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).not.toContain('*');
  });

  it('refuses profile data or a look-alike object where a Profile belongs, naming the fix', () => {
    const data = extendPreset('strict', { name: 'org' });
    const lookAlike = { name: 'org', toJson: () => data, _data: data };
    for (const forged of [data, lookAlike, Object.create(Profile.prototype) as Profile]) {
      expect(() => new SecurityHeaders(new Stack(new App(), 'S'), 'Headers', { profile: forged as unknown as Profile })).toThrow(
        /profile is not a Profile: make one with Profile\.fromFile\(path\).*toProfile\(data\)/,
      );
      expect(() => profileData(forged as unknown as Profile)).toThrow(TypeError);
    }
  });

  it('keeps a Profile whole: its name cannot be replaced, and what it enforces is held apart from the object', () => {
    const profile = Profile.fromPreset(Preset.BASELINE, 'org');
    expect(() => {
      (profile as unknown as { name: string }).name = 'other';
    }).toThrow(TypeError);
    expect(profile.name).toBe('org');
    (profile as unknown as Record<string, unknown>).tls = { minVersion: '1.0' };
    expect(profileData(profile).tls).toEqual(Profile.fromPreset(Preset.BASELINE, 'org').toJson().tls);
  });

  it('lets the jsii runtime tag a Profile, as it tags every object it hands to Python, Java, .NET or Go', () => {
    // @jsii/kernel marks each object it returns with a hidden, non-configurable property; a frozen object refuses it.
    const jsiiObjectId = Symbol.for('$__jsii__objid__$');
    const stack = new Stack(new App(), 'S');
    const given = [
      Profile.fromPreset(Preset.STRICT, 'org'),
      Profile.fromFile(join(__dirname, '..', '..', 'examples', 'profiles', 'baseline.yaml')),
      Profile.fromObject({ name: 'org', extends: 'baseline' }),
      new SecurityHeaders(stack, 'Default').profile,
    ];
    given.forEach((profile, index) => {
      expect(Object.isExtensible(profile)).toBe(true);
      Object.defineProperty(profile, jsiiObjectId, { value: `bulwark.Profile@${10000 + index}`, configurable: false, enumerable: false, writable: false });
      expect(new SecurityHeaders(stack, `Headers${index}`, { profile }).profile).toBe(profile);
    });
  });

  it("takes a Profile made by another copy of bulwark, validated again by this copy's schema", () => {
    const other = otherCopy();
    expect(other.Profile).not.toBe(Profile);
    const foreign = other.Profile.fromPreset(Preset.STRICT, 'org');
    expect(profileData(foreign)).toEqual(Profile.fromPreset(Preset.STRICT, 'org').toJson());
    expect(new SecurityHeaders(new Stack(new App(), 'S'), 'Headers', { profile: foreign }).profile).toBe(foreign);
  });

  it("refuses another copy's look-alike: its data is validated, never trusted", () => {
    const other = otherCopy();
    expect(() => profileData(Object.create(other.Profile.prototype) as Profile)).toThrow(/profile is not a Profile/);
    const branded = { [Symbol.for('bulwark.Profile')]: true, name: 'org', toJson: () => ({ name: 'org', tls: { minVersion: 'SSLv3' } }) };
    expect(() => profileData(branded as unknown as Profile)).toThrow(ProfileValidationError);
  });

  it('toProfile refuses an extends that names no preset, as the schema does', () => {
    const data = { ...extendPreset('baseline', { name: 'org' }), extends: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' } as never;
    expect(() => toProfile(data)).toThrow(ProfileValidationError);
    try {
      toProfile(data);
    } catch (error) {
      expect((error as Error).message).toContain('extends');
      expect((error as Error).message).not.toContain('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
    }
  });
});
