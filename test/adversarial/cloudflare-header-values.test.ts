import { describe, expect, it } from 'vitest';
import { compileZone } from '../../lib/cloudflare/compile-zone';
import { buildPolicy, extendPreset } from '../../lib/tooling';

/** A policy whose rendered CSP holds a source as given: the profile refuses these characters first, so the compiler's own guard is tested on a policy built otherwise. */
function withCsp(source: string) {
  const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'] }));
  return { ...policy, headers: { ...policy.headers, values: { ...policy.headers.values, 'Content-Security-Policy': `default-src 'self' ${source}` } } };
}

describe('compileZone refuses control characters in response header values', () => {
  it.each([
    ['CR LF (a second header)', 'https://a.example\r\nSet-Cookie: session=stolen', 'U+000D'],
    ['LF alone', 'https://a.example\nX-Evil: 1', 'U+000A'],
    ['NUL', 'https://a.example\u0000', 'U+0000'],
    ['tab', 'https://a.example\thttps://b.example', 'U+0009'],
    ['DEL', 'https://a.example\u007f', 'U+007F'],
  ])('%s, naming the header and the character', (_name, source, code) => {
    const problems = compileZone(withCsp(source), 'pro').problems;
    expect(problems).toContainEqual({
      field: 'headers',
      message: expect.stringContaining(`the Content-Security-Policy header holds the control character ${code}`),
    });
    // Said once, as a control character, not also as "not visible ASCII".
    expect(problems.filter((problem) => problem.message.includes('visible ASCII'))).toEqual([]);
  });

  it('accepts the characters a header value may hold, $ { } % and quotes included', () => {
    expect(compileZone(withCsp('https://a.example/${x}%{y}\'"`|~^'), 'pro').problems).toEqual([]);
  });
});
