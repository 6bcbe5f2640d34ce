import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountCoverage, accountDeployments } from '../../../lib/checks/cloudflare/account-rulesets';
import { runCloudflareChecks } from '../../../lib/checks/cloudflare/cloudflare-checks';
import {
  addCloudflareChecks,
  CloudflareAccountRulesets,
  type CloudflareAccountRulesetsProps,
  CloudflareZoneHardening,
  CloudflareZonesHardening,
} from 'bulwark-cloudflare';
import { zoneNamesIn, zonePlansIn } from '../../../lib/cloudflare/zone-plans';
import { buildPolicy, mergeProfileInput, parseProfile, toProfile } from '../../../lib/tooling';
import { readProfileFile } from '../../../lib/profile/load';

const strictFile = join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml');
const enterpriseProfile = parseProfile(mergeProfileInput(readProfileFile(strictFile).data, { cloudflare: { plan: 'enterprise' } }));
const policy = buildPolicy(enterpriseProfile);
const accountId = 'f037e56e89293a057740de681ac9abbe';
type Document = { resource: Record<string, Record<string, Record<string, unknown>>> };

/**
 * An Enterprise zone whose own entry points of the custom and rate-limit phases are removed
 * (their rules come from the account), beside the account rulesets; the checks' zone facts.
 */
function zoneUnderAccount(
  account: Partial<CloudflareAccountRulesetsProps> | undefined,
  zoneName: string | null = 'shop.example.com',
): { document: Document; plans: Map<string, 'enterprise'>; names: Map<string, string> } {
  let zone: CloudflareZoneHardening | undefined;
  const json = Testing.synthScope((scope) => {
    zone = new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', zoneName: zoneName ?? undefined, profile: toProfile(enterpriseProfile) });
    if (account) new CloudflareAccountRulesets(scope, 'account', { accountId, profile: toProfile(enterpriseProfile), ...account });
  });
  const document = JSON.parse(json) as Document;
  for (const [name, ruleset] of Object.entries(document.resource.cloudflare_ruleset)) {
    if (ruleset.zone_id !== undefined && (ruleset.phase === 'http_ratelimit' || ruleset.phase === 'http_request_firewall_custom'))
      delete document.resource.cloudflare_ruleset[name];
  }
  // Addresses of the zone's remaining rulesets carry its plan and name.
  return { document, plans: zonePlansIn(zone!) as Map<string, 'enterprise'>, names: zoneNamesIn(zone!) };
}

const ids = (setup: ReturnType<typeof zoneUnderAccount>, names = setup.names) =>
  runCloudflareChecks(setup.document, policy, 'cdk.tf.json', setup.plans, names).map((finding) => finding.id);

describe('Cloudflare checks with account-level rulesets', () => {
  it('find no rate limit on a zone with neither its own nor an account ruleset (the baseline of the tests below)', () => {
    expect(ids(zoneUnderAccount(undefined))).toContain('BulwarkCF-RATE1');
  });

  it('count account rulesets deployed to every Enterprise zone as the zone’s own: no false finding', () => {
    expect(ids(zoneUnderAccount({}))).toEqual([]);
  });

  it('count account rulesets deployed to the zone by name', () => {
    expect(ids(zoneUnderAccount({ zoneNames: ['blog.example.com', 'shop.example.com'] }))).toEqual([]);
  });

  it('do not count account rulesets deployed to other zones, or excluding this one', () => {
    expect(ids(zoneUnderAccount({ zoneNames: ['blog.example.com'] }))).toContain('BulwarkCF-RATE1');
    expect(ids(zoneUnderAccount({ excludedZoneNames: ['shop.example.com'] }))).toContain('BulwarkCF-RATE1');
  });

  it('leave the verdict unresolved when the zone name is not known and the rulesets select zones by name', () => {
    const setup = zoneUnderAccount({ zoneNames: ['shop.example.com'] }, null);
    const findings = runCloudflareChecks(setup.document, policy, 'cdk.tf.json', setup.plans, setup.names);
    const found = findings.map((finding) => finding.id);
    expect(found).toContain('BulwarkCF-RATE1[unresolved]');
    expect(found).not.toContain('BulwarkCF-RATE1');
    expect(findings.find((finding) => finding.id === 'BulwarkCF-RATE1[unresolved]')!.message).toMatch(
      /whether the account entry point cloudflare_ruleset\.account_http_ratelimit-entry-point_\w+ runs cloudflare_ruleset\.account_http_ratelimit_\w+ on this zone is not known offline \(cf\.zone\.name in \{"shop\.example\.com"\} and cf\.zone\.plan eq "ENT"\): give the zone its name/,
    );
  });

  it('do not count account rulesets on a zone below Enterprise, where Cloudflare does not run them', () => {
    const setup = zoneUnderAccount({});
    const onPro = new Map([...setup.plans].map(([address]) => [address, 'pro' as const]));
    expect(runCloudflareChecks(setup.document, policy, 'cdk.tf.json', onPro, setup.names).map((finding) => finding.id)).toContain('BulwarkCF-RATE1');
  });

  it('leave the verdict unresolved when an execute rule or an inner rule is enabled only at apply time', () => {
    const tokenEnabled = (kind: 'root' | 'custom') => {
      const setup = zoneUnderAccount({});
      for (const ruleset of Object.values(setup.document.resource.cloudflare_ruleset))
        if (ruleset.account_id !== undefined && ruleset.kind === kind)
          for (const rule of ruleset.rules as Record<string, unknown>[]) rule.enabled = '${var.on}';
      return runCloudflareChecks(setup.document, policy, 'cdk.tf.json', setup.plans, setup.names);
    };
    for (const findings of [tokenEnabled('root'), tokenEnabled('custom')]) {
      const found = findings.map((finding) => finding.id);
      expect(found).toContain('BulwarkCF-RATE1[unresolved]');
      expect(found).not.toContain('BulwarkCF-RATE1');
      expect(findings.find((finding) => finding.id === 'BulwarkCF-RATE1[unresolved]')!.message).toContain(
        'is known only at apply time: an enabled is a Terraform token',
      );
    }
  });

  it("count account rulesets only on a zone whose own plan is known to be Enterprise, never on the profile's word", () => {
    const setup = zoneUnderAccount({});
    const unknownPlan = runCloudflareChecks(setup.document, policy, 'cdk.tf.json', new Map(), setup.names);
    expect(unknownPlan.map((finding) => finding.id)).toContain('BulwarkCF-RATE1[unresolved]');
    expect(unknownPlan.map((finding) => finding.id)).not.toContain('BulwarkCF-RATE1');
    expect(unknownPlan.find((finding) => finding.id === 'BulwarkCF-RATE1[unresolved]')!.message).toContain("the zone's plan is not known to be Enterprise");
    // A zone the document creates, with the plan its cloudflare_zone declares.
    const declared = (plan: string) => {
      const document = JSON.parse(JSON.stringify(setup.document).replaceAll('"zone-1"', '"${cloudflare_zone.shop.id}"')) as Document;
      document.resource.cloudflare_zone = { shop: { name: 'shop.example.com', plan } };
      return runCloudflareChecks(document, policy, 'cdk.tf.json', new Map(), setup.names).map((finding) => finding.id);
    };
    expect(declared('enterprise')).toEqual([]);
    expect(declared('pro')).toContain('BulwarkCF-RATE1');
    expect(declared('${var.plan}')).toContain('BulwarkCF-RATE1[unresolved]');
  });

  it('pass a cdktf stack of named Enterprise zones and account rulesets under addCloudflareChecks', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'edge');
    new CloudflareProvider(stack, 'cloudflare', {});
    new CloudflareZonesHardening(stack, 'zones', {
      profile: toProfile(enterpriseProfile),
      zones: [
        { zoneId: '0123456789abcdef0123456789abcde0', name: 'shop.example.com' },
        { zoneId: '0123456789abcdef0123456789abcde1', name: 'blog.example.com', plan: 'pro' },
      ],
    });
    new CloudflareAccountRulesets(stack, 'account', { accountId, profile: toProfile(enterpriseProfile), zoneNames: ['shop.example.com'] });
    addCloudflareChecks(stack, { profile: toProfile(enterpriseProfile) });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('accountDeployments', () => {
  it('reads each enabled execute rule of an account entry point and the custom ruleset it runs', () => {
    const { document } = zoneUnderAccount({ zoneNames: ['shop.example.com'] });
    const deployments = accountDeployments(document);
    expect(deployments.map((d) => [d.phase, d.expression]).sort()).toEqual([
      ['http_ratelimit', 'cf.zone.name in {"shop.example.com"} and cf.zone.plan eq "ENT"'],
      ['http_request_firewall_custom', 'cf.zone.name in {"shop.example.com"} and cf.zone.plan eq "ENT"'],
    ]);
    const entry = Object.values(document.resource.cloudflare_ruleset).find((ruleset) => ruleset.kind === 'root')!;
    (entry.rules as Record<string, unknown>[])[0].enabled = false;
    expect(accountDeployments(document)).toHaveLength(1);
  });
});

describe('accountCoverage', () => {
  const enterprise = { name: 'shop.example.com', plan: 'enterprise' as const };

  it.each([
    ['cf.zone.plan eq "ENT"', 'covers'],
    ['cf.zone.name in {"a.example.com" "shop.example.com"} and cf.zone.plan eq "ENT"', 'covers'],
    ['cf.zone.name eq "shop.example.com" and cf.zone.plan eq "ENT"', 'covers'],
    ['cf.zone.name ne "shop.example.com" and cf.zone.plan eq "ENT"', 'misses'],
    ['not (cf.zone.name in {"shop.example.com"}) and cf.zone.plan eq "ENT"', 'misses'],
    ['cf.zone.plan eq "BIZ"', 'misses'],
    ['false or cf.zone.plan eq "ENT"', 'covers'],
    // A condition on the request: the ruleset runs on part of the zone's traffic only.
    ['http.request.uri.path eq "/admin" and cf.zone.plan eq "ENT"', 'unresolved'],
    ['http.request.uri.path eq "/admin" and cf.zone.plan eq "BIZ"', 'misses'],
    ['${var.scope}', 'unresolved'],
    ['cf.zone.name in {', 'misses'],
  ] as const)('%s on an Enterprise zone: %s', (expression, expected) => {
    expect(accountCoverage(expression, enterprise)).toBe(expected);
  });

  it('is unresolved for a zone whose name is not known, unless the plan decides', () => {
    expect(accountCoverage('cf.zone.name in {"shop.example.com"} and cf.zone.plan eq "ENT"', { plan: 'enterprise' })).toBe('unresolved');
    expect(accountCoverage('cf.zone.plan eq "ENT"', { plan: 'enterprise' })).toBe('covers');
  });

  it('is at best unresolved for a zone whose plan is not known: account rulesets run only on Enterprise zones', () => {
    expect(accountCoverage('true', { name: 'shop.example.com' })).toBe('unresolved');
    expect(accountCoverage('cf.zone.name eq "blog.example.com"', { name: 'shop.example.com' })).toBe('misses');
  });

  it('misses every zone below Enterprise', () => {
    expect(accountCoverage('true', { name: 'shop.example.com', plan: 'business' })).toBe('misses');
  });
});
