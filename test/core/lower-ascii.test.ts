import { describe, expect, it } from 'vitest';
import { lowerAscii } from '../../lib/core/lower-ascii';

describe('lowerAscii', () => {
  it('lowers A to Z and keeps every other character, as Cloudflare lower() and AWS LOWERCASE do', () => {
    expect(lowerAscii('SqlMap/1.8 ÄÖÜ İ Σ')).toBe('sqlmap/1.8 ÄÖÜ İ Σ');
  });
});
