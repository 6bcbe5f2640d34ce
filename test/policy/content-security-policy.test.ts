import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyNoLooser } from '../../lib/policy/content-security-policy';

const PROFILE = "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'; upgrade-insecure-requests";

describe('contentSecurityPolicyNoLooser', () => {
  it('passes the same policy, reordered or in other case, and a stricter one', () => {
    expect(contentSecurityPolicyNoLooser(PROFILE, PROFILE)).toBe(true);
    expect(
      contentSecurityPolicyNoLooser("UPGRADE-INSECURE-REQUESTS; object-src 'NONE'; frame-ancestors 'none'; base-uri 'self'; default-src 'self'", PROFILE),
    ).toBe(true);
    expect(contentSecurityPolicyNoLooser(`${PROFILE.replace("base-uri 'self'", "base-uri 'none'")}; script-src 'self'`, PROFILE)).toBe(true);
  });

  it('fails a source the profile does not allow, directly or through default-src', () => {
    expect(contentSecurityPolicyNoLooser(PROFILE.replace("default-src 'self'", "default-src 'self' 'unsafe-inline'"), PROFILE)).toBe(false);
    // img-src falls back to default-src 'self' under the profile: data: images are looser.
    expect(contentSecurityPolicyNoLooser(`${PROFILE}; img-src 'self' data:`, PROFILE)).toBe(false);
    expect(contentSecurityPolicyNoLooser(`${PROFILE}; script-src 'self' https://cdn.example.com`, PROFILE)).toBe(false);
  });

  it('fails a policy that leaves out a directive the profile restricts, or a valueless one it sets', () => {
    expect(contentSecurityPolicyNoLooser("default-src 'self'; base-uri 'self'; object-src 'none'; upgrade-insecure-requests", PROFILE)).toBe(false);
    expect(contentSecurityPolicyNoLooser("default-src 'self'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'", PROFILE)).toBe(false);
    expect(contentSecurityPolicyNoLooser('', PROFILE)).toBe(false);
  });

  it('takes the first of a repeated directive, as browsers do', () => {
    expect(contentSecurityPolicyNoLooser(`default-src *; ${PROFILE}`, PROFILE)).toBe(false);
  });
});
