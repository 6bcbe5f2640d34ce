import { describe, expect, it } from 'vitest';
import { addOnOption } from '../../lib/cloudflare/add-on-option';

describe('addOnOption', () => {
  it('names the add-on and the profile setting that takes it', () => {
    expect(addOnOption('advancedRateLimiting')).toBe('the Advanced Rate Limiting add-on (cloudflare.addOns: [advancedRateLimiting])');
  });
});
