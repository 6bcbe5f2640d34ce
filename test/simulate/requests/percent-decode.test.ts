import { describe, expect, it } from 'vitest';
import { percentDecode } from '../../../lib/simulate/requests/percent-decode';

describe('percentDecode', () => {
  it('decodes every valid escape as UTF-8 and keeps malformed ones', () => {
    expect(percentDecode('Mozilla/5.0%20(X11)')).toBe('Mozilla/5.0 (X11)');
    expect(percentDecode('%E2%82%AC%zz%2')).toBe('€%zz%2');
    expect(percentDecode('a%2520b')).toBe('a%20b'); // once only
  });
});
