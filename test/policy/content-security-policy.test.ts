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

/** Each fetch directive's fallback list, as CSP3 (and the fenced-frame draft) define it. */
const FALLBACK_LISTS: ReadonlyArray<readonly string[]> = [
  ['script-src', 'default-src'],
  ['script-src-elem', 'script-src', 'default-src'],
  ['script-src-attr', 'script-src', 'default-src'],
  ['style-src', 'default-src'],
  ['style-src-elem', 'style-src', 'default-src'],
  ['style-src-attr', 'style-src', 'default-src'],
  ['child-src', 'default-src'],
  ['frame-src', 'child-src', 'default-src'],
  ['fenced-frame-src', 'frame-src', 'child-src', 'default-src'],
  ['worker-src', 'child-src', 'script-src', 'default-src'],
  ['connect-src', 'default-src'],
  ['font-src', 'default-src'],
  ['img-src', 'default-src'],
  ['manifest-src', 'default-src'],
  ['media-src', 'default-src'],
  ['object-src', 'default-src'],
  ['prefetch-src', 'default-src'],
];
const FETCH_DIRECTIVES = FALLBACK_LISTS.map((list) => list[0]);
const EVIL = 'https://evil.example';

/** A sent policy: default-src as given, every fetch directive but the absent ones set to 'self'. */
function sentWithout(absent: readonly string[], defaultSrc: string): string {
  const others = FETCH_DIRECTIVES.filter((directive) => !absent.includes(directive)).map((directive) => `${directive} 'self'`);
  return [`default-src ${defaultSrc}`, ...others].join('; ');
}

describe('contentSecurityPolicyNoLooser fallback lists', () => {
  it.each(FALLBACK_LISTS.map((list) => [list[0]]))('compares %s itself against the fallback of the profile', (directive) => {
    expect(contentSecurityPolicyNoLooser(`${sentWithout([directive], "'self'")}; ${directive} 'self' ${EVIL}`, "default-src 'self'")).toBe(false);
    expect(contentSecurityPolicyNoLooser(`${sentWithout([directive], "'self'")}; ${directive} 'self'`, "default-src 'self'")).toBe(true);
  });

  it.each(FALLBACK_LISTS.map((list) => [list[0], list.slice(1, -1)]))('lets a sent %s absent fall back to default-src (through %j)', (directive, between) => {
    expect(contentSecurityPolicyNoLooser(sentWithout([directive, ...between], `'self' ${EVIL}`), "default-src 'self'")).toBe(false);
    expect(contentSecurityPolicyNoLooser(sentWithout([directive, ...between], "'self'"), "default-src 'self'")).toBe(true);
  });

  const middle = FALLBACK_LISTS.flatMap((list) => list.slice(1, -1).map((fallback, i) => [list[0], fallback, list.slice(1, i + 1)] as const)).filter(
    // worker-src reaches script-src only past child-src, whose own list goes to default-src.
    ([directive, fallback]) => !(directive === 'worker-src' && fallback === 'script-src'),
  );
  it.each(middle)('lets a sent %s absent fall back to %s before default-src', (directive, fallback, skipped) => {
    const absent = [directive, ...skipped.filter((s) => s !== fallback)];
    expect(contentSecurityPolicyNoLooser(sentWithout(absent, `'self' ${EVIL}`), "default-src 'self'")).toBe(true);
  });

  const stops = FALLBACK_LISTS.flatMap((list) => list.slice(1, -1).map((fallback, i) => [list[0], fallback, list.slice(i + 2)] as const));
  it.each(stops)('stops a sent %s absent at %s, before the looser fallbacks after it (%j)', (directive, fallback, later) => {
    const sent = [`${fallback} 'self'`, ...later.map((next) => `${next} 'self' ${EVIL}`)].join('; ');
    expect(contentSecurityPolicyNoLooser(sent, `${fallback} 'self'`)).toBe(true);
    expect(contentSecurityPolicyNoLooser(`${directive} ${EVIL}; ${sent}`, `${fallback} 'self'`)).toBe(false);
  });

  it('lets worker-src fall back to script-src when child-src is absent', () => {
    const required = `default-src 'self' ${EVIL}; worker-src 'self'`;
    expect(contentSecurityPolicyNoLooser(`default-src 'self' ${EVIL}; script-src 'self'`, required)).toBe(true);
    expect(contentSecurityPolicyNoLooser(`default-src 'self' ${EVIL}; script-src 'self' ${EVIL}`, required)).toBe(false);
  });

  it.each(FETCH_DIRECTIVES.map((directive) => [directive]))("meets a profile's %s with a sent default-src alone", (directive) => {
    expect(contentSecurityPolicyNoLooser("default-src 'self'", `${directive} 'self'`)).toBe(true);
    expect(contentSecurityPolicyNoLooser(`default-src 'self' ${EVIL}`, `${directive} 'self'`)).toBe(false);
  });

  it('ignores sources of default-src that no fetch directive falls back to', () => {
    expect(contentSecurityPolicyNoLooser(sentWithout([], `'self' ${EVIL}`), "default-src 'self'")).toBe(true);
  });
});

describe('contentSecurityPolicyNoLooser parsing', () => {
  it('compares keywords in any case, nonces and hashes by their exact value', () => {
    expect(contentSecurityPolicyNoLooser("script-src 'SELF'", "script-src 'self'")).toBe(true);
    expect(contentSecurityPolicyNoLooser("script-src 'NONCE-AbC'", "script-src 'nonce-AbC'")).toBe(true);
    expect(contentSecurityPolicyNoLooser("script-src 'nonce-abc'", "script-src 'nonce-AbC'")).toBe(false);
    expect(contentSecurityPolicyNoLooser("script-src 'SHA256-AbC='", "script-src 'sha256-AbC='")).toBe(true);
    expect(contentSecurityPolicyNoLooser("script-src 'sha256-abc='", "script-src 'sha256-AbC='")).toBe(false);
  });

  it('takes a source for a keyword by its opening quote alone', () => {
    // Unterminated, but opened by a quote: a keyword, in any case.
    expect(contentSecurityPolicyNoLooser("script-src 'UNSAFE-INLINE", "script-src 'unsafe-inline")).toBe(true);
    // A quote at the end only does not make a host a keyword: its case still counts.
    expect(contentSecurityPolicyNoLooser("img-src https://CDN.example/'", "img-src https://cdn.example/'")).toBe(false);
  });

  it('compares hosts as written', () => {
    expect(contentSecurityPolicyNoLooser('img-src https://cdn.example', 'img-src https://CDN.example')).toBe(false);
    expect(contentSecurityPolicyNoLooser('img-src https://CDN.example', 'img-src https://CDN.example')).toBe(true);
  });

  it('reads runs of whitespace and empty directives as separators', () => {
    expect(contentSecurityPolicyNoLooser("script-src  'self'\t ;; ", "script-src 'self'")).toBe(true);
    expect(contentSecurityPolicyNoLooser("script-src 'self'", "script-src 'self';")).toBe(true);
    expect(contentSecurityPolicyNoLooser("script-src 'self'", "; script-src 'self'")).toBe(true);
  });

  it('requires directives without fallback, and valueless ones, the profile sets', () => {
    expect(contentSecurityPolicyNoLooser("default-src 'self'", "default-src 'self'; base-uri 'self'")).toBe(false);
    expect(contentSecurityPolicyNoLooser("default-src 'self'; base-uri 'none'", "default-src 'self'; base-uri 'self'")).toBe(true);
    expect(contentSecurityPolicyNoLooser("default-src 'self'", "default-src 'self'; upgrade-insecure-requests")).toBe(false);
  });
});
