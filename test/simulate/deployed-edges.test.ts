import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudflareAccountRulesets, CloudflareZoneHardening } from 'bulwark-cloudflare';
import { deployedEdges } from '../../lib/simulate/deployed-edges';
import type { SimulatedRequest } from '../../lib/simulate/simulated-request';
import { mergeProfileInput, parseProfile, toProfile } from '../../lib/tooling';
import { readProfileFile } from '../../lib/profile/load';

const profile = parseProfile(
  mergeProfileInput(readProfileFile(join(__dirname, '..', '..', 'examples', 'profiles', 'strict.yaml')).data, { cloudflare: { plan: 'enterprise' } }),
);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A cdktf output of an Enterprise zone without its own rate-limit entry point, with or without account rulesets beside it. */
function output(withAccount: boolean): string {
  const document = JSON.parse(
    Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', profile: toProfile(profile) });
      if (withAccount) new CloudflareAccountRulesets(scope, 'account', { accountId: 'account-1', profile: toProfile(profile) });
    }),
  ) as { resource: { cloudflare_ruleset: Record<string, { zone_id?: string; phase?: string }> } };
  for (const [name, ruleset] of Object.entries(document.resource.cloudflare_ruleset))
    if (ruleset.zone_id !== undefined && ruleset.phase === 'http_ratelimit') delete document.resource.cloudflare_ruleset[name];
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-deployed-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'stacks', 'edge'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'edge', 'cdk.tf.json'), JSON.stringify(document));
  return dir;
}

const login = (index: number): SimulatedRequest => ({
  id: `r${index}`,
  method: 'POST',
  host: 'example.com',
  path: '/api/auth/login',
  query: '',
  headers: {},
  body: '',
  ip: '198.51.100.7',
  time: index,
  extra: {},
});

describe('deployedEdges with account rulesets', () => {
  it("reads an account's rulesets as rules that may act on the zone: its name and plan are not in the output", () => {
    const [alone] = deployedEdges([{ kind: 'cdktf', dir: output(false), label: 'out' }]);
    const [covered] = deployedEdges([{ kind: 'cdktf', dir: output(true), label: 'out' }]);
    const last = (edge: typeof alone) => Array.from({ length: 20 }, (_, index) => edge.edge.evaluate(login(index))).at(-1)!;
    expect(last(alone).rule).not.toMatch(/rate|auth/);
    const verdict = last(covered);
    expect(verdict.action).toBe('unknown');
    // The account's custom-rule phase comes first, and may act already.
    expect(verdict.reason).toMatch(
      /^whether the account entry point cloudflare_ruleset\.account_http_request_firewall_custom-entry-point_\w+ runs cloudflare_ruleset\.account_http_request_firewall_custom_\w+ on this zone is not known offline \(cf\.zone\.plan eq "ENT"\)/,
    );
  });
});
