/** What an AWS WAF rule does with a request it matches. The values are AWS WAF's action names, as Bulwark always took them. */
export enum WafRuleAction {
  ALLOW = 'allow',
  BLOCK = 'block',
  COUNT = 'count',
  CHALLENGE = 'challenge',
  CAPTCHA = 'captcha',
}
