import { describe, expect, it } from 'vitest';
import { MANAGED_GROUP_RULES, managedGroupBlocksNothing } from '../../../../../lib/checks/aws/rules/waf/managed-group-rules';

const GROUP = 'AWSManagedRulesKnownBadInputsRuleSet';
const names = MANAGED_GROUP_RULES[GROUP];

describe('managedGroupBlocksNothing', () => {
  it('is true when every listed rule is excluded or overridden to an action that stops nothing', () => {
    expect(
      managedGroupBlocksNothing(
        GROUP,
        names.map((name) => ({ name, actionToUse: { count: {} } })),
        undefined,
      ),
    ).toBe(true);
    expect(
      managedGroupBlocksNothing(
        GROUP,
        names.slice(1).map((name) => ({ name, actionToUse: { allow: {} } })),
        [{ name: names[0] }],
      ),
    ).toBe(true);
  });

  it('is false while a listed rule still blocks, challenges or asks a CAPTCHA, and for a group it does not list', () => {
    expect(
      managedGroupBlocksNothing(
        GROUP,
        names.slice(1).map((name) => ({ name, actionToUse: { count: {} } })),
        [],
      ),
    ).toBe(false);
    expect(
      managedGroupBlocksNothing(
        GROUP,
        names.map((name, i) => ({ name, actionToUse: i === 0 ? { challenge: {} } : { count: {} } })),
        [],
      ),
    ).toBe(false);
    expect(managedGroupBlocksNothing('AWSManagedRulesLinuxRuleSet', [{ name: 'LFI_URIPATH', actionToUse: { count: {} } }], [])).toBe(false);
    expect(managedGroupBlocksNothing('toString', [], [])).toBe(false);
  });

  it('is unresolved when the settings, or an entry that could silence the last rule, are known only at deploy time', () => {
    expect(managedGroupBlocksNothing(GROUP, { 'Fn::If': ['C', [], []] }, [])).toBe('unresolved');
    expect(managedGroupBlocksNothing(GROUP, [...names.slice(1).map((name) => ({ name, actionToUse: { count: {} } })), { name: { Ref: 'Rule' } }], [])).toBe(
      'unresolved',
    );
    expect(managedGroupBlocksNothing(GROUP, [{ name: { Ref: 'Rule' } }], [])).toBe(false);
  });
});
