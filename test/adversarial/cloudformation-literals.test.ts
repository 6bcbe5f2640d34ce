import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProfile, ProfileValidationError, toProfile } from '../../lib/tooling';
import { HardenedWebAcl } from '../../lib';

/*
 * Differential check for CloudFormation: what the profile says is what the template holds.
 * A profile string reaches the template as a literal (never a token, an intrinsic or a
 * dynamic reference), and the WAF regex built from a user agent matches exactly that text.
 */

/** Text a user agent or path may hold: printable, with the characters templates and regexes treat specially. */
const hostileText = (minLength: number, maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('${', '}', '%{', '{{', 'resolve:', 'Token[', '#{', '\\', '"', "'", '(', '|', '.*', '^', '$', '[', '/', 'Fn::Sub', ' '),
        fc.string({ minLength: 1, maxLength: 3, unit: 'grapheme-ascii' }),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((parts) => parts.join(''))
    .filter((text) => text.length >= minLength && text.length <= maxLength && !/[\u0000-\u001f\u007f]/.test(text));

function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) strings(item, found);
  return found;
}

describe('CloudFormation receives profile strings as literals', () => {
  it('builds a user-agent regex that matches exactly the agent written, and nothing resolves it', () => {
    fc.assert(
      fc.property(hostileText(2, 64), (agent) => {
        let profile;
        try {
          profile = parseProfile({ name: 'demo', waf: { managedRules: [], badBots: { userAgents: [agent] } } });
        } catch (error) {
          // Refused input (a reference or a control character) never reaches a template.
          expect(error).toBeInstanceOf(ProfileValidationError);
          expect(agent).toMatch(/\$\{Token\[|#\{Token\[|\{\{resolve:/);
          return;
        }
        const stack = new Stack(new App(), 'Literals');
        new HardenedWebAcl(stack, 'Waf', { profile: toProfile(profile) });
        const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
        const acl = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::WAFv2::WebACL')!;
        // The agents are regexes in the bad-bot rule's regex pattern sets.
        const sets = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::WAFv2::RegexPatternSet');
        const regexes = sets.flatMap((set) => set.Properties.RegularExpressionList as string[]);
        const matches = (text: string) => regexes.some((regex) => new RegExp(regex).test(text.toLowerCase()));
        expect(matches(`Mozilla/5.0 ${agent} x`)).toBe(true);
        const browser = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0';
        expect(matches(browser)).toBe(browser.toLowerCase().includes(agent.toLowerCase()));
        // No CloudFormation function or CDK token wraps any string of the rules or the pattern sets,
        // apart from the rules' references to the pattern sets' ARNs.
        const rules = JSON.stringify(acl.Properties.Rules).replace(/"Arn":\{"Fn::GetAtt":\["\w+","Arn"\]\}/g, '"Arn":"ref"');
        expect(rules).not.toMatch(/"(Fn::|Ref")/);
        expect(JSON.stringify(sets.map((set) => set.Properties.RegularExpressionList))).not.toMatch(/"(Fn::|Ref")/);
        expect(strings([acl.Properties.Rules, ...sets.map((set) => set.Properties)]).some((text) => text.includes('${Token['))).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
