import { App, CfnResource, type Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { addBulwarkFleet } from '../../bench/aws/bulwark-fleet';
import { CLOUDFORMATION_RESOURCE_LIMIT, SERVICES_PER_STACK } from '../../bench/aws/fleet-shape';
import { addL1Fleet } from '../../bench/aws/l1-fleet';
import { addL2Fleet } from '../../bench/aws/l2-fleet';
import { policyWithRules } from '../../bench/cloudflare/rule-fleet';
import { compileZone } from '../../lib/cloudflare/compile-zone';

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/**
 * Each stack's resources as sorted signatures: type, the properties set, and the tag keys.
 * Names, descriptions and logical IDs differ between the apps; what is created must not.
 */
function resourceSignatures(stacks: Stack[], app: App): string[][] {
  const assembly = app.synth();
  return stacks.map((stack) => {
    const resources = Object.values(assembly.getStackByName(stack.stackName).template.Resources as Record<string, TemplateResource>);
    return resources
      .map((resource) => {
        const properties = resource.Properties ?? {};
        const tags = Array.isArray(properties.Tags) ? (properties.Tags as { Key: string }[]).map((tag) => tag.Key).sort() : [];
        return `${resource.Type} {${Object.keys(properties).sort().join(',')}} tags[${tags.join(',')}]`;
      })
      .sort();
  });
}

// The benchmark's ratios mean something only if its baselines build what Bulwark builds.
describe('benchmark fleets', () => {
  const services = SERVICES_PER_STACK + 3;
  const build = (add: (app: App, services: number) => Stack[]) => {
    const app = new App();
    return resourceSignatures(add(app, services), app);
  };
  const bulwark = build(addBulwarkFleet);

  it('the plain L1 baseline creates the same resources, with the same properties and tags, stack by stack, as the Bulwark fleet', () => {
    expect(bulwark).toHaveLength(2);
    expect(bulwark[0].filter((signature) => signature.startsWith('AWS::WAFv2::WebACL '))).toHaveLength(SERVICES_PER_STACK);
    expect(bulwark[0].filter((signature) => signature.startsWith('AWS::SecretsManager::RotationSchedule '))).toHaveLength(2 * SERVICES_PER_STACK);
    expect(build(addL1Fleet)).toEqual(bulwark);
  });

  it('the L2 baseline does too', () => {
    expect(build(addL2Fleet)).toEqual(bulwark);
  });

  it('the nested L1 baseline does too, every resource three constructs below its stack', () => {
    const app = new App();
    const stacks = addL1Fleet(app, services, { nested: true });
    expect(resourceSignatures(stacks, app)).toEqual(bulwark);
    const depths = stacks[0].node
      .findAll()
      .filter((node) => CfnResource.isCfnResource(node))
      .map((node) => node.node.scopes.length - stacks[0].node.scopes.length);
    expect(new Set(depths)).toEqual(new Set([3]));
  });

  it('keeps every stack under the CloudFormation resource limit', () => {
    for (const stack of bulwark) expect(stack.length).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
  });
});

describe('benchmark zones', () => {
  it('adds exactly the asked number of policy rules, a tenth of them rate limits, and fits the Enterprise quotas', () => {
    const base = policyWithRules(0).rules.length;
    const policy = policyWithRules(1_000);
    expect(policy.rules.length - base).toBe(1_000);
    expect(
      policy.rules.filter((rule) => rule.kind === 'rate-limit').length - policyWithRules(0).rules.filter((rule) => rule.kind === 'rate-limit').length,
    ).toBe(98);
    // 100 rate-limit rules is Enterprise with Advanced Rate Limiting; without it, 5 (https://developers.cloudflare.com/waf/rate-limiting-rules/#availability).
    const zone = compileZone(policy, 'enterprise', ['advancedRateLimiting']);
    expect(zone.problems).toEqual([]);
    expect(zone.rulesets.http_ratelimit).toHaveLength(100);
    expect(zone.rulesets.http_request_firewall_custom.length).toBeGreaterThan(900);
    expect(zone.notes.filter((note) => note.message.includes('merged'))).toEqual([]);
  });
});
