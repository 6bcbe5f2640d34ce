import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOnce, decodeToFixpoint, urlDecode } from '../../../lib/cloudflare/expression/url-decode';

// Cases from the functions reference: https://developers.cloudflare.com/ruleset-engine/rules-language/functions/#url_decode
describe('urlDecode', () => {
  it('decodes %20 to a space (url_decode("John%20Doe") is "John Doe")', () => {
    expect(urlDecode('John%20Doe')).toBe('John Doe');
  });

  it('decodes + to a space (url_decode("John+Doe") is "John Doe")', () => {
    expect(urlDecode('John+Doe')).toBe('John Doe');
  });

  it('decodes %2520 once without r ("%20") and to a space with r', () => {
    expect(urlDecode('%2520')).toBe('%20');
    expect(urlDecode('%2520', 'r')).toBe(' ');
  });

  it('decodes %u2601 to ☁ with u, and keeps it without', () => {
    expect(urlDecode('%u2601', 'u')).toBe('☁');
    expect(urlDecode('%u2601')).toBe('%u2601');
  });

  it('keeps a %u escape of a surrogate as written (no UTF-8 for it)', () => {
    expect(urlDecode('%uD800x', 'u')).toBe('%uD800x');
  });

  it('keeps a malformed %zz as it is and decodes the rest', () => {
    expect(urlDecode('%zz%20a%2')).toBe('%zz a%2');
  });

  it('decodes byte by byte: %C3%A9 is é, a lone %E0 becomes U+FFFD', () => {
    expect(urlDecode('caf%C3%A9')).toBe('café');
    expect(urlDecode('a%E0b')).toBe('a\uFFFDb');
  });

  it('keeps a decoded + as + in one pass, and turns it to a space with r', () => {
    expect(urlDecode('%2B')).toBe('+');
    expect(urlDecode('%2B', 'r')).toBe(' ');
  });

  it('finishes on deeply nested %25…: 100,000 levels decode to one space with r', () => {
    const nested = `%${'25'.repeat(100_000)}20`;
    const started = Date.now();
    expect(urlDecode(nested, 'r')).toBe(' ');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('with r gives what repeating single passes until nothing changes gives', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const repeated = (input: Uint8Array, unicode: boolean) => {
      let current = input;
      for (;;) {
        const next = decodeOnce(current, unicode);
        if (next.length === current.length && next.every((b, i) => b === current[i])) return next;
        current = next;
      }
    };
    fc.assert(
      fc.property(fc.stringMatching(/^[%25uU0A+4b1]{0,24}$/), fc.boolean(), (text, unicode) => {
        expect([...decodeToFixpoint(bytes(text), unicode)]).toEqual([...repeated(bytes(text), unicode)]);
      }),
      { numRuns: 2_000 },
    );
  });
});
