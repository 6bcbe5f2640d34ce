import { App, type Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { addBulwarkFleet } from '../../bench/aws/bulwark-fleet';
import { CLOUDFORMATION_RESOURCE_LIMIT, SERVICES_PER_STACK } from '../../bench/aws/fleet-shape';
import { addL1Fleet } from '../../bench/aws/l1-fleet';
import { addL2Fleet } from '../../bench/aws/l2-fleet';
import { policyWithRules } from '../../bench/cloudflare/rule-fleet';
import { compileZone } from '../../lib/cloudflare/compile-zone';

function resourceTypes(stacks: Stack[], app: App): Record<string, number>[] {
  const assembly = app.synth();
  return stacks.map((stack) => {
    const counts: Record<string, number> = {};
    for (const resource of Object.values(assembly.getStackByName(stack.stackName).template.Resources as Record<string, { Type: string }>)) {
      counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
    }
    return counts;
  });
}

// The benchmark's ratios mean something only if its baselines build what Bulwark builds.
describe('benchmark fleets', () => {
  const services = SERVICES_PER_STACK + 3;
  const build = (add: (app: App, services: number) => Stack[]) => {
    const app = new App();
    return resourceTypes(add(app, services), app);
  };

  it('the plain L1 and the L2 baselines create the same resources, stack by stack, as the Bulwark fleet', () => {
    const bulwark = build(addBulwarkFleet);
    expect(bulwark).toHaveLength(2);
    expect(bulwark[0]['AWS::WAFv2::WebACL']).toBe(SERVICES_PER_STACK);
    expect(bulwark[0]['AWS::SecretsManager::RotationSchedule']).toBe(2 * SERVICES_PER_STACK);
    expect(build(addL1Fleet)).toEqual(bulwark);
    expect(build(addL2Fleet)).toEqual(bulwark);
  });

  it('keeps every stack under the CloudFormation resource limit', () => {
    for (const counts of build(addBulwarkFleet)) {
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
    }
  });
});

describe('benchmark zones', () => {
  it('adds exactly the asked number of policy rules, a tenth of them rate limits, and fits the Enterprise quotas', () => {
    const base = policyWithRules(0).rules.length;
    const policy = policyWithRules(1_000);
    expect(policy.rules.length - base).toBe(1_000);
    expect(policy.rules.filter((rule) => rule.kind === 'rate-limit').length - policyWithRules(0).rules.filter((rule) => rule.kind === 'rate-limit').length).toBe(98);
    const zone = compileZone(policy, 'enterprise');
    expect(zone.problems).toEqual([]);
    expect(zone.rulesets.http_ratelimit).toHaveLength(100);
    expect(zone.rulesets.http_request_firewall_custom.length).toBeGreaterThan(900);
    expect(zone.notes.filter((note) => note.message.includes('merged'))).toEqual([]);
  });
});
