import { describe, expect, it } from 'vitest';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { headerValueProblems, responseHeaderRules } from '../../lib/cloudflare/response-header-rules';
import { buildPolicy } from '../../lib/policy/normalize';
import { extendPreset } from '../../lib/profile/load';

describe('compileZone response headers', () => {
  it('refuses a header value Cloudflare would refuse at apply: over 4 KB, or not ASCII', () => {
    const hosts = Array.from({ length: 200 }, (_, i) => `https://cdn${i}.assets.example.com`);
    const long = buildPolicy(
      extendPreset('strict', { name: 'demo', edges: ['cloudflare'], headers: { contentSecurityPolicy: { 'default-src': ["'self'"], 'img-src': hosts } } }),
    );
    expect(compileZone(long, 'pro').problems).toContainEqual(
      expect.objectContaining({
        field: 'headers',
        message: expect.stringMatching(/Content-Security-Policy header is \d+ bytes; Cloudflare sets at most 4096/),
      }),
    );
    // The profile refuses a non-ASCII CSP host; a policy built otherwise still meets the compiler's own guard.
    const strict = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
    const unicode = {
      ...strict,
      headers: { ...strict.headers, values: { ...strict.headers.values, 'Content-Security-Policy': "default-src 'self' https://bücher.example" } },
    };
    expect(compileZone(unicode, 'pro').problems).toContainEqual(
      expect.objectContaining({ field: 'headers', message: expect.stringMatching(/visible ASCII only/) }),
    );
    expect(compileZone(buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] })), 'pro').problems).toEqual([]);
  });
});

describe('responseHeaderRules', () => {
  it('sets the profile headers but HSTS and nosniff, which the security_header zone setting sends', () => {
    const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
    const [rule] = responseHeaderRules(policy);
    const headers = (rule.actionParameters as { headers: Record<string, { operation: string; value: string }> }).headers;
    expect(policy.headers.values).toHaveProperty('Strict-Transport-Security');
    expect(Object.keys(headers)).not.toContain('Strict-Transport-Security');
    expect(Object.keys(headers)).not.toContain('X-Content-Type-Options');
    expect(headers['Content-Security-Policy']).toEqual({ operation: 'set', value: policy.headers.values['Content-Security-Policy'] });
  });
});

describe('headerValueProblems', () => {
  it('refuses a control character, which would split the header', () => {
    expect(headerValueProblems({ 'X-Test': 'a\r\nSet-Cookie: x' })).toEqual([
      {
        field: 'headers',
        message:
          'the X-Test header holds the control character U+000D; a header value cannot hold control characters (CR or LF would split it into another header): remove it from the profile value',
      },
    ]);
  });

  it('accepts visible ASCII within 4 KB', () => {
    expect(headerValueProblems({ 'X-Frame-Options': 'DENY', 'X-Long': 'a'.repeat(4_096) })).toEqual([]);
  });
});
