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

  it('follows the CSP3 fallback lists on both sides, not only default-src', () => {
    const profile = "default-src 'self' 'unsafe-inline'; script-src 'self'";
    // script-src-attr falls back to script-src ('self'), not to default-src: inline handlers are looser.
    expect(contentSecurityPolicyNoLooser(`${profile}; script-src-attr 'unsafe-inline'`, profile)).toBe(false);
    expect(contentSecurityPolicyNoLooser(`${profile}; script-src-elem 'self' 'unsafe-inline'`, profile)).toBe(false);
    expect(contentSecurityPolicyNoLooser(`${profile}; script-src-attr 'none'`, profile)).toBe(true);
    // worker-src falls back to child-src, then script-src.
    expect(contentSecurityPolicyNoLooser(`${profile}; worker-src 'self' blob:`, profile)).toBe(false);
    expect(contentSecurityPolicyNoLooser(`${profile}; child-src 'self' https://frames.example.com`, profile)).toBe(false);
    // style-src-attr falls back to style-src, which the profile leaves to default-src.
    expect(contentSecurityPolicyNoLooser(`${profile}; style-src-attr 'unsafe-inline'`, profile)).toBe(true);
    expect(contentSecurityPolicyNoLooser(`${profile}; style-src-attr 'unsafe-eval'`, profile)).toBe(false);
  });

  it('reads the profile through its fallback lists too', () => {
    const profile = "default-src 'self'; child-src 'none'";
    // frame-src and worker-src fall back to child-src 'none' under the profile.
    expect(contentSecurityPolicyNoLooser("default-src 'self'; child-src 'none'", profile)).toBe(true);
    expect(contentSecurityPolicyNoLooser("default-src 'self'; child-src 'none'; frame-src 'self'", profile)).toBe(false);
    expect(contentSecurityPolicyNoLooser("default-src 'self'; frame-src 'none'; worker-src 'none'", profile)).toBe(false);
    expect(contentSecurityPolicyNoLooser("default-src 'self'; frame-src 'none'; worker-src 'none'; child-src 'none'", profile)).toBe(true);
  });

  it('folds the case of keywords only, not of hashes and nonces', () => {
    expect(contentSecurityPolicyNoLooser("script-src 'SELF' 'Unsafe-Inline'", "script-src 'self' 'unsafe-inline'")).toBe(true);
    expect(contentSecurityPolicyNoLooser("script-src 'sha256-ABC='", "script-src 'sha256-abc='")).toBe(false);
    expect(contentSecurityPolicyNoLooser("script-src 'nonce-AbC'", "script-src 'nonce-abc'")).toBe(false);
    expect(contentSecurityPolicyNoLooser("script-src 'SHA256-ABC='", "script-src 'sha256-ABC='")).toBe(true);
  });
});
