import { NagRuleCompliance } from 'cdk-nag/lib/nag-rules';
import { describe, expect, it } from 'vitest';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, compliantIf } from '../../../lib/checks/aws/aws-rule';

describe('AWS rule verdicts', () => {
  it("are cdk-nag's own compliance values, so its engine reads them unchanged", () => {
    expect([COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE]).toEqual([
      NagRuleCompliance.COMPLIANT,
      NagRuleCompliance.NON_COMPLIANT,
      NagRuleCompliance.NOT_APPLICABLE,
    ]);
  });

  it('are compliant only when the condition holds', () => {
    expect([compliantIf(true), compliantIf(false)]).toEqual([COMPLIANT, NON_COMPLIANT]);
  });
});
