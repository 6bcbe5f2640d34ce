import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { TerraformVariable, Testing } from 'cdktf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { thrownValidationError as thrown } from '../../../test/support/thrown-validation-error';
import { runCloudflareChecks } from '../../../lib/checks/cloudflare/cloudflare-checks';
import { CloudflareZoneHardening } from '../lib/cloudflare-zone-hardening';
import { CloudflareZonesHardening, type CloudflareZonesHardeningProps } from '../lib/cloudflare-zones-hardening';
import { lintExpression } from '../../../lib/cloudflare/expression/lint';
import { PLAN_ORDER } from '../../../lib/cloudflare/plans';
import { unescapeTemplateSequences } from '../../../lib/cloudflare/terraform-template';
import { zoneNamesIn, zonePlansIn } from '../../../lib/cloudflare/zone-plans';
import { buildPolicy, Profile, profileData } from '../../../lib/tooling';

const strict = Profile.fromFile(join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml'));
const zoneIds = [
  '0123456789abcdef0123456789abcde0',
  '0123456789abcdef0123456789abcde1',
  '0123456789abcdef0123456789abcde2',
  '0123456789abcdef0123456789abcde3',
];

function build(props: CloudflareZonesHardeningProps): { construct: CloudflareZonesHardening; json: string } {
  let construct: CloudflareZonesHardening | undefined;
  const json = Testing.synthScope((scope) => {
    construct = new CloudflareZonesHardening(scope, 'zones', props);
  });
  return { construct: construct as CloudflareZonesHardening, json };
}

type Json = { resource: Record<string, Record<string, Record<string, unknown>>> };
const rulesetsOf = (json: string, zoneId: string) =>
  Object.values((JSON.parse(json) as Json).resource.cloudflare_ruleset).filter((ruleset) => ruleset.zone_id === zoneId);

describe('CloudflareZonesHardening', () => {
  // One zone per plan, with the shared strict profile: each fitted to its own plan.
  const { construct, json } = build({
    profile: strict,
    zones: PLAN_ORDER.map((plan, index) => ({ zoneId: zoneIds[index], name: `${plan}.example.com`, plan })),
  });

  it.each(PLAN_ORDER.map((plan, index) => [plan, index] as const))('synthesizes the %s zone, fitted to its plan', (plan, index) => {
    const zone = construct.zone(zoneIds[index])!;
    expect(zone.plan).toBe(plan);
    expect(zone.compiled.problems).toEqual([]);
    const phases = rulesetsOf(json, zoneIds[index]).map((ruleset) => ruleset.phase);
    expect(phases).toEqual(expect.arrayContaining(['http_request_firewall_custom', 'http_ratelimit', 'http_request_firewall_managed']));
    // Free runs the Free Managed Ruleset only; the other plans Cloudflare Managed and OWASP Core.
    const managed = rulesetsOf(json, zoneIds[index]).find((ruleset) => ruleset.phase === 'http_request_firewall_managed')!;
    expect((managed.rules as { ref: string }[]).map((rule) => rule.ref)).toEqual(plan === 'free' ? ['free-managed'] : ['cloudflare-managed', 'owasp-core']);
  });

  it('emits only expressions that parse and lint clean for each zone plan', () => {
    PLAN_ORDER.forEach((plan, index) => {
      for (const ruleset of rulesetsOf(json, zoneIds[index])) {
        for (const rule of ruleset.rules as { expression: string }[]) {
          expect(lintExpression(unescapeTemplateSequences(rule.expression), { phase: String(ruleset.phase), plan }), `${plan}: ${rule.expression}`).toEqual([]);
        }
      }
    });
  });

  it('reaches every zone construct by ID and by name', () => {
    expect(Object.keys(construct.zones)).toEqual(zoneIds);
    for (const zoneId of zoneIds) expect(construct.zones[zoneId]).toBeInstanceOf(CloudflareZoneHardening);
    expect(construct.zone('pro.example.com')).toBe(construct.zones[zoneIds[1]]);
    expect(construct.zone('missing.example.com')).toBeUndefined();
  });

  it("finds no zone under a name of Object.prototype's, and keeps a zoneId such as __proto__ or toString a plain key", () => {
    expect(construct.zone('toString')).toBeUndefined();
    expect(construct.zone('constructor')).toBeUndefined();
    expect(construct.zone('__proto__')).toBeUndefined();
    const { construct: odd } = build({
      profile: strict,
      zones: [
        { zoneId: '__proto__', name: 'shop.example.com' },
        { zoneId: 'toString', name: 'blog.example.com' },
      ],
    });
    expect(Object.keys(odd.zones)).toEqual(['__proto__', 'toString']);
    expect(odd.zone('__proto__')).toBeInstanceOf(CloudflareZoneHardening);
    expect(odd.zone('__proto__')!.node.id).toBe('shop.example.com');
    expect(odd.zone('toString')!.node.id).toBe('blog.example.com');
    expect(odd.zone('valueOf')).toBeUndefined();
  });

  it('names each zone construct after the zone, so reordering the list keeps Terraform addresses', () => {
    const reversed = build({
      profile: strict,
      zones: PLAN_ORDER.map((plan, index) => ({ zoneId: zoneIds[index], name: `${plan}.example.com`, plan })).reverse(),
    });
    const addresses = (built: CloudflareZonesHardening) => [...zonePlansIn(built)].sort();
    expect(addresses(reversed.construct)).toEqual(addresses(construct));
  });

  it("records each zone's name and plan for the checks, which pass every zone", () => {
    const names = zoneNamesIn(construct);
    expect(new Set(names.values())).toEqual(new Set(PLAN_ORDER.map((plan) => `${plan}.example.com`)));
    expect(runCloudflareChecks(JSON.parse(json), buildPolicy(profileData(strict)), 'cdk.tf.json', zonePlansIn(construct), names).map((f) => f.id)).toEqual([]);
  });

  it("merges a zone's profile override over the shared profile, for that zone alone", () => {
    const { construct: built } = build({
      profile: strict,
      zones: [
        { zoneId: zoneIds[0], name: 'shop.example.com', profileOverride: { auth: { loginPaths: ['/checkout/login'] } } },
        { zoneId: zoneIds[1], name: 'blog.example.com' },
      ],
    });
    expect(built.zone('shop.example.com')!.policy.auth.loginPaths).toEqual(['/checkout/login']);
    expect(built.zone('blog.example.com')!.policy.auth.loginPaths).toEqual(profileData(strict).auth.loginPaths);
    // Everything else is the shared profile's.
    expect(built.zone('shop.example.com')!.policy.tls).toEqual(built.zone('blog.example.com')!.policy.tls);
  });

  it('takes the plan from the override when the zone gives none', () => {
    const { construct: built } = build({ profile: strict, zones: [{ zoneId: zoneIds[0], profileOverride: { cloudflare: { plan: 'business' } } }] });
    expect(built.zones[zoneIds[0]].plan).toBe('business');
  });

  it('defaults to the baseline preset and names a literal-ID zone after its ID', () => {
    const { construct: built } = build({ zones: [{ zoneId: zoneIds[0] }] });
    expect(built.zones[zoneIds[0]].node.id).toBe(zoneIds[0]);
    expect(profileData(built.profile).extends).toBe('baseline');
  });

  it('reports every problem of every zone in one error: repeats, bad names, bad overrides, a zone needing a name', () => {
    const error = thrown(() =>
      build({
        profile: strict,
        zones: [
          { zoneId: zoneIds[0], name: 'a.example.com' },
          { zoneId: zoneIds[0], name: 'b.example.com' },
          { zoneId: zoneIds[1], name: 'a.example.com' },
          { zoneId: zoneIds[2], name: 'Evil.com" or true or "' },
          { zoneId: zoneIds[3], name: 'c.example.com', profileOverride: { nonsense: 1 } },
          { zoneId: '${var.zone}' },
          { zoneId: '0123456789abcdef0123456789abcde9', name: 'd.example.com', profileOverride: { tls: { minVersion: '1.0' } } },
        ],
      }),
    );
    const fields = error.problems.map((problem) => problem.field);
    expect(fields).toEqual([
      'zones[1].zoneId',
      'zones[2].name',
      'zones[3].name',
      'zones[5].name',
      'zones[4].profileOverride.nonsense',
      'zones[6] (d.example.com) tls.minVersion',
    ]);
    expect(error.message).toMatch(/^stack\/zones: 6 problems:/);
    expect(error.problems.find((problem) => problem.field === 'zones[1].zoneId')!.message).toBe('repeats zones[0].zoneId: list each zone once');
    expect(error.problems.find((problem) => problem.field === 'zones[3].name')!.message).toMatch(/uppercase/);
  });

  it('lists what each zone cannot deploy, for every zone at once, naming the zone', () => {
    const error = thrown(() =>
      build({
        profile: strict,
        zones: [
          { zoneId: zoneIds[0], name: 'a.example.com', profileOverride: { tls: { minVersion: '1.0' } } },
          { zoneId: zoneIds[1], name: 'b.example.com' },
          { zoneId: zoneIds[2], name: 'c.example.com', profileOverride: { tls: { minVersion: '1.1' } } },
        ],
      }),
    );
    expect(error.problems.map((problem) => problem.field)).toEqual(['zones[0] (a.example.com) tls.minVersion', 'zones[2] (c.example.com) tls.minVersion']);
  });

  it('never echoes an override value in its problems', () => {
    const error = thrown(() =>
      build({ profile: strict, zones: [{ zoneId: zoneIds[0], profileOverride: { name: { secret: 'hunter2-AKIAIOSFODNN7EXAMPLE' } } }] }),
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('AKIA');
  });

  it('accepts a zone ID from a Terraform variable when the zone has a name', () => {
    const json2 = Testing.synthScope((scope) => {
      const zoneId = new TerraformVariable(scope, 'zone_id', { type: 'string' }).stringValue;
      new CloudflareZonesHardening(scope, 'zones', { profile: strict, zones: [{ zoneId, name: 'shop.example.com' }] });
    });
    expect(Testing.toHaveResourceWithProperties(json2, Ruleset.tfResourceType, { zone_id: '${var.zone_id}', phase: 'http_ratelimit' })).toBe(true);
  });
});
