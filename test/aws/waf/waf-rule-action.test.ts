import { describe, expect, it } from 'vitest';
import { WafRuleAction } from '../../../lib/aws/waf/waf-rule-action';

describe('WafRuleAction', () => {
  it("keeps AWS WAF's action names, the strings Bulwark always took", () => {
    expect({ ...WafRuleAction }).toEqual({ ALLOW: 'allow', BLOCK: 'block', COUNT: 'count', CHALLENGE: 'challenge', CAPTCHA: 'captcha' });
  });
});
