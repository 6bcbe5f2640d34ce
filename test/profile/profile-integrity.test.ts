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

  it('keeps a Profile whole: its fields cannot be replaced or added to', () => {
    const profile = Profile.fromPreset(Preset.BASELINE, 'org');
    expect(Object.isFrozen(profile)).toBe(true);
    expect(() => {
      (profile as unknown as { name: string }).name = 'other';
    }).toThrow(TypeError);
    expect(profile.name).toBe('org');
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
