import { describe, expect, it } from 'vitest';
import { pinnedSpecsProblems } from '../../../lib/aws/secrets/rotation-function';

describe('pinnedSpecsProblems', () => {
  it("refuses pinned specs that outgrow Lambda's 4 KB environment", () => {
    const pins = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`production/gateway/SECRET_${i}`, { bytes: 32, encoding: 'hex' as const }]));
    expect(pinnedSpecsProblems(pins(3))).toEqual([]);
    expect(pinnedSpecsProblems(pins(200))).toEqual([
      expect.stringMatching(/^the pinned specs of 200 generated secrets take \d+ bytes .* split the secrets over several HardenedSecrets$/),
    ]);
  });
});
