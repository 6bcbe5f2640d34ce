import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { Testing } from 'cdktf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrownValidationError as thrown } from '../../../test/support/thrown-validation-error';
import { ACCOUNT_RULESET_MAX_RULES, CloudflareAccountRulesets, type CloudflareAccountRulesetsProps } from '../lib/cloudflare-account-rulesets';
import { compileZone } from '../../../lib/cloudflare/compile-zone';
import { lintExpression } from '../../../lib/cloudflare/expression/lint';
import { buildPolicy, mergeProfileInput, parseProfile, Profile, toProfile } from '../../../lib/tooling';
import { readProfileFile } from '../../../lib/profile/load';

const accountId = 'f037e56e89293a057740de681ac9abbe';
const strictFile = join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml');
const enterprise = parseProfile(mergeProfileInput(readProfileFile(strictFile).data, { cloudflare: { plan: 'enterprise' } }));

function build(props: Partial<CloudflareAccountRulesetsProps> = {}): { construct: CloudflareAccountRulesets; json: string } {
  let construct: CloudflareAccountRulesets | undefined;
  const json = Testing.synthScope((scope) => {
    construct = new CloudflareAccountRulesets(scope, 'account', { accountId, profile: toProfile(enterprise), ...props });
  });
  return { construct: construct as CloudflareAccountRulesets, json };
}

type Json = { resource: { cloudflare_ruleset: Record<string, Record<string, unknown>> } };
const rulesets = (json: string) => Object.entries((JSON.parse(json) as Json).resource.cloudflare_ruleset);

describe('CloudflareAccountRulesets', () => {
  const { construct, json } = build();

  it('puts the Enterprise compile of the custom rules in an account ruleset of kind custom', () => {
    const compiled = compileZone(buildPolicy(enterprise), 'enterprise');
    expect(
      Testing.toHaveResourceWithProperties(json, Ruleset.tfResourceType, {
        account_id: accountId,
        kind: 'custom',
        phase: 'http_request_firewall_custom',
        rules: compiled.rulesets.http_request_firewall_custom.map((rule) => ({
          ref: rule.ref,
          action: rule.action,
          expression: rule.expression,
          enabled: true,
        })),
      }),
    ).toBe(true);
    expect(construct.rulesets.http_request_firewall_custom).toBeInstanceOf(Ruleset);
  });

  it('puts the rate limits, keyed with cf.colo.id, in an account ruleset of kind custom in http_ratelimit', () => {
    const compiled = compileZone(buildPolicy(enterprise), 'enterprise');
    expect(
      Testing.toHaveResourceWithProperties(json, Ruleset.tfResourceType, {
        account_id: accountId,
        kind: 'custom',
        phase: 'http_ratelimit',
        rules: compiled.rulesets.http_ratelimit.map((rule) => ({ ref: rule.ref, ratelimit: { characteristics: rule.ratelimit!.characteristics } })),
      }),
    ).toBe(true);
  });

  it("deploys each ruleset from the account's entry point of its phase to every Enterprise zone by default", () => {
    for (const phase of ['http_request_firewall_custom', 'http_ratelimit']) {
      const [name] = rulesets(json).find(([, ruleset]) => ruleset.kind === 'custom' && ruleset.phase === phase)!;
      expect(
        Testing.toHaveResourceWithProperties(json, Ruleset.tfResourceType, {
          account_id: accountId,
          kind: 'root',
          phase,
          rules: [
            { ref: `bulwark-${phase}`, action: 'execute', expression: 'cf.zone.plan eq "ENT"', action_parameters: { id: `\${cloudflare_ruleset.${name}.id}` } },
          ],
        }),
      ).toBe(true);
    }
    expect(Object.keys(construct.entryPoints).sort()).toEqual(['http_ratelimit', 'http_request_firewall_custom']);
  });

  it('creates no zone-level resource: managed rulesets, headers and settings stay per zone', () => {
    const types = Object.keys((JSON.parse(json) as { resource: object }).resource);
    expect(types).toEqual(['cloudflare_ruleset']);
    expect(rulesets(json).every(([, ruleset]) => ruleset.zone_id === undefined)).toBe(true);
    expect(rulesets(json)).toHaveLength(4);
  });

  it('selects listed zones by name, ending with cf.zone.plan eq "ENT" as the API requires', () => {
    const listed = build({ zoneNames: ['shop.example.com', 'blog.example.com'] });
    expect(listed.construct.zoneExpressions).toEqual(['cf.zone.name in {"shop.example.com" "blog.example.com"} and cf.zone.plan eq "ENT"']);
    expect(
      Testing.toHaveResourceWithProperties(listed.json, Ruleset.tfResourceType, { kind: 'root', rules: [{ expression: listed.construct.zoneExpressions[0] }] }),
    ).toBe(true);
  });

  it('leaves excluded zones out of every Enterprise zone', () => {
    expect(build({ excludedZoneNames: ['legacy.example.com'] }).construct.zoneExpressions).toEqual([
      'not (cf.zone.name in {"legacy.example.com"}) and cf.zone.plan eq "ENT"',
    ]);
  });

  it('splits a zone list too long for one expression over several execute rules, each linting clean', () => {
    const zoneNames = Array.from({ length: 400 }, (_, index) => `zone-${index}.example.com`);
    const { construct: many, json: manyJson } = build({ zoneNames });
    expect(many.zoneExpressions.length).toBeGreaterThan(1);
    const entry = rulesets(manyJson).find(([, ruleset]) => ruleset.kind === 'root' && ruleset.phase === 'http_ratelimit')![1];
    expect((entry.rules as { ref: string }[]).map((rule) => rule.ref)).toEqual(
      many.zoneExpressions.map((_, i) => `bulwark-http_ratelimit${i === 0 ? '' : `-${i + 1}`}`),
    );
    const covered = many.zoneExpressions.flatMap((expression) => [...expression.matchAll(/"(zone-\d+\.example\.com)"/g)].map((match) => match[1]));
    expect(covered).toEqual(zoneNames);
  });

  it('emits only expressions that parse and lint clean on Enterprise, in both phases', () => {
    const scopes: Partial<CloudflareAccountRulesetsProps>[] = [
      {},
      { zoneNames: ['a.example.com', 'xn--bcher-kva.example'] },
      { excludedZoneNames: ['b.example.com'] },
    ];
    for (const scope of scopes) {
      for (const [, ruleset] of rulesets(build(scope).json)) {
        for (const rule of ruleset.rules as { expression: string }[]) {
          expect(lintExpression(rule.expression, { phase: String(ruleset.phase), plan: 'enterprise' }), rule.expression).toEqual([]);
        }
      }
    }
  });

  it('refuses a plan below Enterprise, explaining why and pointing at CloudflareZonesHardening', () => {
    for (const plan of ['free', 'pro', 'business'] as const) {
      const error = thrown(() => build({ plan }));
      expect(error.problems).toEqual([
        {
          field: 'plan',
          message: `account-level custom and rate-limit rulesets run only on Enterprise zones (Cloudflare requires cf.zone.plan eq "ENT" in the rule that deploys them), and the plan is ${plan}; harden ${plan} zones one by one with CloudflareZonesHardening (a list of zones, one profile, per-zone overrides)`,
        },
      ]);
    }
    // The profile's plan is the default: the strict example is on pro.
    expect(thrown(() => build({ profile: Profile.fromFile(strictFile) })).problems[0].field).toBe('plan');
  });

  it('refuses hostile or malformed zone names, all at once, before any expression is built', () => {
    const error = thrown(() =>
      build({
        zoneNames: [
          'a.example.com" or true or "',
          'EXAMPLE.com',
          'a..b',
          '-x.example.com',
          'localhost',
          '10.0.0.1',
          '${var.zone}',
          `${'a'.repeat(64)}.com`,
          'a.example.com\n',
        ],
      }),
    );
    expect(error.problems.map((problem) => problem.field)).toEqual([
      'zoneNames[0]',
      'zoneNames[1]',
      'zoneNames[2]',
      'zoneNames[3]',
      'zoneNames[4]',
      'zoneNames[5]',
      'zoneNames[6]',
      'zoneNames[7]',
      'zoneNames[8]',
    ]);
  });

  it('refuses an empty zone list and zoneNames with excludedZoneNames', () => {
    expect(thrown(() => build({ zoneNames: [] })).problems.map((problem) => problem.field)).toEqual(['zoneNames']);
    expect(thrown(() => build({ zoneNames: ['a.example.com'], excludedZoneNames: ['b.example.com'] })).problems.map((problem) => problem.field)).toEqual([
      'excludedZoneNames',
    ]);
  });

  it('refuses more custom rules than an account ruleset holds', () => {
    const policy = buildPolicy(enterprise);
    const template = policy.rules.find((rule) => rule.kind !== 'rate-limit' && rule.kind !== 'managed' && rule.match.type !== 'attack')!;
    const many = {
      ...policy,
      rules: [...policy.rules, ...Array.from({ length: ACCOUNT_RULESET_MAX_RULES }, (_, index) => ({ ...template, id: `extra-${index}` }))],
    };
    const error = thrown(() => build({ profile: undefined, policy: many }));
    expect(error.problems.map((problem) => problem.field)).toEqual(['http_request_firewall_custom']);
    expect(error.problems[0].message).toMatch(/an account-level custom ruleset holds at most 100/);
  });
});
