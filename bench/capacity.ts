import { App, Stack } from 'aws-cdk-lib';
import { WCU_BASE_PRICE_LIMIT } from '../lib/aws/waf/capacity';
import { HardenedWebAcl } from '../lib/aws/waf/hardened-web-acl';
import { compileZone } from '../lib/cloudflare/compile-zone';
import { PLAN_ORDER, PLANS } from '../lib/cloudflare/plans';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extendPreset } from '../lib/profile/load';
import { Profile } from '../lib/profile/profile';
import { toProfile } from '../lib/profile/profile-data';
import { PRESETS } from '../lib/profile/presets';
import type { PresetName } from '../lib/profile/schema';
import { policyOf } from '../lib/policy/policy-source';
import type { Policy } from '../lib/policy/model';
import { repositoryRoot } from './paths';

export interface WebAclCapacityRow {
  readonly preset: string;
  readonly capacity: number;
  readonly budget: number;
  readonly met: boolean;
}

export interface ZoneQuotaRow {
  readonly preset: string;
  readonly plan: string;
  readonly customRules: string;
  readonly rateLimitRules: string;
  readonly transformRules: string;
  /** Why the plan cannot take the profile (the construct refuses to synthesize it), if it cannot. */
  readonly refused: string;
  /** Rate limits the plan cannot carry, left to the AWS edge that also enforces them (a warning at synth). */
  readonly awsOnly: string;
  /** Whether it fits this plan's quotas. */
  readonly fits: boolean;
  /** The target, judged on the profile's own plan only (a preset names none: the default, free). */
  readonly met?: boolean;
}

const examples = join(repositoryRoot(), 'examples', 'profiles');

/**
 * The presets (on both edges: alone they target AWS only), and the bundled example profiles.
 * A preset names no plan, so its Cloudflare plan is the schema default, free.
 */
function profiles(): { name: string; profile: Profile; policy: Policy }[] {
  const withPolicy = (name: string, profile: Profile) => ({ name, profile, policy: policyOf(profile) });
  const presets = (Object.keys(PRESETS) as PresetName[]).map((preset) =>
    withPolicy(`preset ${preset}`, toProfile(extendPreset(preset, { name: preset, edges: ['aws', 'cloudflare'] }))),
  );
  const files = readdirSync(examples)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  return [...presets, ...files.map((file) => withPolicy(`examples/profiles/${file}`, Profile.fromFile(join(examples, file))))];
}

/** The WCU of each preset's regional Web ACL, computed by HardenedWebAcl as AWS prices it. */
export function webAclCapacities(): WebAclCapacityRow[] {
  return profiles().map(({ name: preset, profile }) => {
    const stack = new Stack(new App(), 'Capacity');
    const acl = new HardenedWebAcl(stack, 'Acl', { profile });
    return { preset, capacity: acl.capacity, budget: WCU_BASE_PRICE_LIMIT, met: acl.capacity <= WCU_BASE_PRICE_LIMIT };
  });
}

/** Cloudflare rule counts on each plan of every profile with a Cloudflare edge, against the plan's quotas. */
export function zoneQuotas(): ZoneQuotaRow[] {
  return profiles()
    .filter(({ policy }) => policy.edges.includes('cloudflare'))
    .flatMap(({ name: preset, policy }) => {
      return PLAN_ORDER.map((plan) => {
        const zone = compileZone(policy, plan);
        const limits = PLANS[plan];
        const custom = zone.rulesets.http_request_firewall_custom.length;
        const rate = zone.rulesets.http_ratelimit.length;
        const transform = zone.rulesets.http_response_headers_transform.length;
        const fits = custom <= limits.customRules && rate <= limits.rateLimitRules && transform <= limits.transformRules && zone.problems.length === 0;
        return {
          preset,
          plan: plan === policy.cloudflare.plan ? `${plan} (the profile's)` : plan,
          customRules: `${custom} / ${limits.customRules}`,
          rateLimitRules: `${rate} / ${limits.rateLimitRules}`,
          transformRules: `${transform} / ${limits.transformRules}`,
          refused: zone.problems.map((problem) => problem.message.split(';')[0]).join('; '),
          awsOnly: zone.awsOnly.map((left) => left.message.split(':')[0].replace(/ is enforced on AWS only$/, '')).join(', '),
          fits,
          ...(plan === policy.cloudflare.plan ? { met: fits } : {}),
        };
      });
    });
}
