import { describe, expect, it } from 'vitest';
import { splitUrl, withoutDefaultPort } from '../../../lib/simulate/requests/split-url';

describe('splitUrl', () => {
  it('splits without decoding, re-encoding or normalising', () => {
    expect(splitUrl('HTTPS://user:pw@Example.COM:8443/a/../%2e%2E/b c?x=%zz&y#frag?no')).toEqual({
      scheme: 'https',
      authority: 'example.com:8443',
      path: '/a/../%2e%2E/b c',
      query: 'x=%zz&y',
    });
  });

  it('reads an empty path as "/", an origin-form target, and refuses anything else', () => {
    expect(splitUrl('http://a.example?q')).toEqual({ scheme: 'http', authority: 'a.example', path: '/', query: 'q' });
    expect(splitUrl('/p?q=1')).toEqual({ scheme: '', authority: '', path: '/p', query: 'q=1' });
    expect(splitUrl('a.example/p')).toBeUndefined();
    expect(splitUrl('1http://a/')).toBeUndefined();
  });
});

describe('withoutDefaultPort', () => {
  it('drops only the default port of the scheme', () => {
    expect(withoutDefaultPort('a.example:443', 'https')).toBe('a.example');
    expect(withoutDefaultPort('a.example:80', 'http')).toBe('a.example');
    expect(withoutDefaultPort('a.example:443', 'http')).toBe('a.example:443');
  });
});
