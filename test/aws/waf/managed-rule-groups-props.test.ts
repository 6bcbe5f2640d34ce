import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FirewallManagerWafPolicy } from '../../../lib/aws/organization/firewall-manager-waf-policy';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { AWS_MANAGED_RULE_GROUPS } from '../../../lib/aws/waf/managed-rule-groups';
import { MANAGED_RULE_GROUP_FIELDS, managedRuleGroupOptionsBySet, type ManagedRuleGroups } from '../../../lib/aws/waf/managed-rule-groups-props';
import { WafRuleAction } from '../../../lib/aws/waf/waf-rule-action';
import { Profile } from '../../../lib';
import { MANAGED_RULE_SETS, type ManagedRuleSet } from '../../../lib/profile/schema';

// Type-level: every field of the struct is some profile set's (a field no set maps to fails type-checking here).
type UnmappedField = Exclude<keyof ManagedRuleGroups, (typeof MANAGED_RULE_GROUP_FIELDS)[ManagedRuleSet]>;
const everyFieldMapped: [UnmappedField] extends [never] ? true : false = true;

/** Every managed set on, and a distinct version and override for each through its struct field. */
const allSets = Profile.fromObject({ name: 'demo', waf: { managedRules: [...MANAGED_RULE_SETS] } });
const everyGroup: ManagedRuleGroups = Object.fromEntries(
  MANAGED_RULE_SETS.map((set) => [
    MANAGED_RULE_GROUP_FIELDS[set],
    { version: `Version_${set}`, ruleActionOverrides: { [`Rule_${set}`]: WafRuleAction.COUNT } },
  ]),
);

interface ManagedStatement {
  Name: string;
  Version?: string;
  RuleActionOverrides?: unknown[];
}

describe('ManagedRuleGroups', () => {
  it('has a field for every managed rule set of the profile schema, each its own', () => {
    expect(everyFieldMapped).toBe(true);
    expect(Object.keys(MANAGED_RULE_GROUP_FIELDS).sort()).toEqual([...MANAGED_RULE_SETS].sort());
    expect(new Set(Object.values(MANAGED_RULE_GROUP_FIELDS)).size).toBe(MANAGED_RULE_SETS.length);
  });

  it("maps each field to its set's AWS managed group in the Web ACL", () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    new HardenedWebAcl(stack, 'Waf', { profile: allSets, managedRuleGroups: everyGroup });
    const [acl] = Object.values(Template.fromStack(stack).findResources('AWS::WAFv2::WebACL')) as {
      Properties: { Rules: { Name: string; Statement: { ManagedRuleGroupStatement?: ManagedStatement } }[] };
    }[];
    const managed = new Map(acl.Properties.Rules.map((r) => [r.Name, r.Statement.ManagedRuleGroupStatement]));
    for (const set of MANAGED_RULE_SETS) {
      expect(managed.get(`managed-${set}`), set).toMatchObject({
        Name: AWS_MANAGED_RULE_GROUPS[set].name,
        Version: `Version_${set}`,
        RuleActionOverrides: [{ Name: `Rule_${set}`, ActionToUse: { Count: {} } }],
      });
    }
  });

  it("maps each field to its set's AWS managed group in the Firewall Manager policy", () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
    new FirewallManagerWafPolicy(stack, 'Fms', { profile: allSets, managedRuleGroups: everyGroup, logDestinationArn: 'arn:aws:s3:::aws-waf-logs-central' });
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::FMS::Policy')) as {
      Properties: { SecurityServicePolicyData: { ManagedServiceData: { 'Fn::Join': [string, unknown[]] } } };
    }[];
    // The rule group ARNs are GetAtts inside the JSON string: only the managed groups' literal parts matter here.
    const text = policy.Properties.SecurityServicePolicyData.ManagedServiceData['Fn::Join'][1]
      .map((part) => (typeof part === 'string' ? part : 'arn'))
      .join('');
    const data = JSON.parse(text) as { preProcessRuleGroups: { managedRuleGroupIdentifier?: { managedRuleGroupName: string; version?: string } }[] };
    const versions = new Map(data.preProcessRuleGroups.map((g) => [g.managedRuleGroupIdentifier?.managedRuleGroupName, g.managedRuleGroupIdentifier?.version]));
    for (const set of MANAGED_RULE_SETS) expect(versions.get(AWS_MANAGED_RULE_GROUPS[set].name), set).toBe(`Version_${set}`);
  });

  it('gives the compiler the options by set, leaving out the fields not given', () => {
    expect(managedRuleGroupOptionsBySet(undefined)).toBeUndefined();
    expect(managedRuleGroupOptionsBySet({})).toEqual({});
    expect(managedRuleGroupOptionsBySet({ sqlDatabase: { version: 'Version_2.0' }, botControl: {} })).toEqual({
      sqlDatabase: { version: 'Version_2.0' },
      botControl: {},
    });
  });
});
