import { describe, expect, it } from 'vitest';
import { nearestWafRate } from '../../lib/policy/aws-waf-rate';

describe('nearestWafRate', () => {
  it('keeps a rate WAF can express', () => {
    expect(nearestWafRate(2_000, 300)).toEqual({ limit: 2_000, windowSeconds: 300, adjusted: false });
  });

  it('turns 100 per 10 s into the same rate per 60 s', () => {
    expect(nearestWafRate(100, 10)).toEqual({ limit: 600, windowSeconds: 60, adjusted: true });
  });

  it('turns 5 per minute into 10 per 2 minutes (WAF counts at least 10)', () => {
    expect(nearestWafRate(5, 60)).toEqual({ limit: 10, windowSeconds: 120, adjusted: true });
  });

  it('uses the longest window for a long window, rounding down', () => {
    expect(nearestWafRate(1_000, 3_600)).toEqual({ limit: 166, windowSeconds: 600, adjusted: true });
  });

  it('gives up when even 600 s would hold fewer than 10 requests', () => {
    expect(nearestWafRate(5, 600)).toBeUndefined();
  });
});
