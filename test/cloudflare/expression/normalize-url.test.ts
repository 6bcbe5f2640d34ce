import { describe, expect, it } from 'vitest';
import { normalizeUrlPath } from '../../../lib/cloudflare/expression/normalize-url';

describe('normalizeUrlPath', () => {
  // https://developers.cloudflare.com/rules/normalization/examples/ (incoming URL → URL at Cloudflare's network)
  it('decodes an encoded unreserved character: /%68ello is /hello', () => {
    expect(normalizeUrlPath('/%68ello')).toBe('/hello');
  });

  it('Cloudflare type: /%68ello//pa\\th is /hello/pa/th', () => {
    expect(normalizeUrlPath('/%68ello//pa\\th', 'cloudflare')).toBe('/hello/pa/th');
  });

  it('RFC 3986 type: /%68ello//pa\\th is /hello//pa%5Cth', () => {
    expect(normalizeUrlPath('/%68ello//pa\\th', 'rfc3986')).toBe('/hello//pa%5Cth');
  });

  it('normalization off keeps the path as sent', () => {
    expect(normalizeUrlPath('/%68ello//pa\\th', 'none')).toBe('/%68ello//pa\\th');
  });

  // https://developers.cloudflare.com/rules/normalization/how-it-works/#rfc-3986-normalization
  it('upper-cases escapes of reserved characters without decoding them', () => {
    expect(normalizeUrlPath('/a%2fb%3f')).toBe('/a%2Fb%3F');
  });

  it('removes dot segments, encoded ones included (RFC 3986 §5.2.4)', () => {
    expect(normalizeUrlPath('/a/../etc/passwd')).toBe('/etc/passwd');
    expect(normalizeUrlPath('/a/b/./../../../c')).toBe('/c');
    expect(normalizeUrlPath('/a/%2e%2E/admin')).toBe('/admin');
    expect(normalizeUrlPath('/a/b/..')).toBe('/a/');
  });

  it('percent-encodes bytes that are neither unreserved nor reserved', () => {
    expect(normalizeUrlPath('/caf\u00e9 x')).toBe('/caf%C3%A9%20x');
  });

  it('normalizes a 1 MB path in linear time', () => {
    const path = '/a/..'.repeat(200_000);
    const started = Date.now();
    expect(normalizeUrlPath(path)).toBe('/');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
