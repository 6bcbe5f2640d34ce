import { Token } from 'cdktf';
import { Construct } from 'constructs';
import {
  defaultProfile,
  type HardeningProblem,
  HardeningValidationError,
  mergeProfileInput,
  Profile,
  profileData,
  ProfileValidationError,
} from 'bulwark/tooling';
import { type AddOn, type Plan, zoneNameProblems } from 'bulwark/cloudflare';
import { CloudflareZoneHardening } from './cloudflare-zone-hardening';

/** One zone of a CloudflareZonesHardening, with what sets it apart from the others. */
export interface ZoneHardeningTarget {
  /** The zone's ID: a literal or a reference (a Terraform variable, say). */
  readonly zoneId: string;
  /**
   * The zone's name (`example.com`, lowercase). It names the zone's constructs (so its Terraform
   * addresses stay put when the list is reordered) and tells the checks which account rulesets
   * select the zone. Required when zoneId is a reference.
   * @default - the zoneId, which must then be a literal 32-character zone ID
   */
  readonly name?: string;
  /**
   * The zone's plan: rule quotas, rate-limit periods and managed rulesets are fitted to it.
   * @default - cloudflare.plan of the zone's profile (with profileOverride applied)
   */
  readonly plan?: Plan;
  /**
   * The zone's Enterprise add-ons.
   * @default - cloudflare.addOns of the zone's profile
   */
  readonly addOns?: AddOn[];
  /**
   * Changes to the shared profile for this zone alone, merged over it as a preset is (JSON Merge
   * Patch: objects merge, arrays and scalars replace, null removes), then validated as a whole
   * profile. Defaults the profile derived from other fields (network.origin.behind from edges,
   * say) are already fixed in the shared profile: override them explicitly.
   * @default - the shared profile as it is
   */
  readonly profileOverride?: { readonly [key: string]: unknown };
}

export interface CloudflareZonesHardeningProps {
  /**
   * The profile every zone is hardened from, before its profileOverride.
   * @default - the baseline preset
   */
  readonly profile?: Profile;
  /** The zones, each hardened by its own CloudflareZoneHardening. */
  readonly zones: ZoneHardeningTarget[];
  /**
   * The Cloudflare account of the zones: each zone then gets the security notification policies
   * its plan offers (see CloudflareZoneHardening accountId).
   * @default - no notification policies
   */
  readonly accountId?: string;
}

/**
 * Many Cloudflare zones hardened from one profile: one CloudflareZoneHardening per zone, each
 * fitted to its own plan and add-ons, each with its own overrides of the profile. Every problem
 * of every zone (a repeated zone, a bad name, an override the profile schema refuses, what a
 * zone's plan cannot carry) is reported in one error before anything is synthesized.
 */
export class CloudflareZonesHardening extends Construct {
  /** The profile the zones share, before their overrides. */
  public readonly profile: Profile;
  /** Each zone's construct, by zone ID as given. */
  public readonly zones: Readonly<Record<string, CloudflareZoneHardening>>;

  constructor(scope: Construct, id: string, props: CloudflareZonesHardeningProps) {
    super(scope, id);
    this.profile = props.profile ?? defaultProfile();
    const problems: HardeningProblem[] = targetProblems(props.zones);
    const profiles = props.zones.map((target, index) => {
      const { profile, issues } = zoneProfile(this.profile, target.profileOverride, `zones[${index}].profileOverride`);
      problems.push(...issues);
      return profile;
    });

    // No prototype: a zoneId is user-written, and `__proto__` or `toString` must be plain keys, never Object.prototype's.
    const zones = Object.create(null) as Record<string, CloudflareZoneHardening>;
    props.zones.forEach((target, index) => {
      // A zone with a problem of its own is not built, the others are: one error lists what every zone's plan cannot carry too.
      if (problems.some((problem) => problem.field.startsWith(`zones[${index}].`))) return;
      try {
        zones[target.zoneId] = new CloudflareZoneHardening(this, target.name ?? target.zoneId, {
          zoneId: target.zoneId,
          zoneName: target.name,
          plan: target.plan,
          addOns: target.addOns,
          accountId: props.accountId,
          profile: profiles[index],
        });
      } catch (error) {
        if (!(error instanceof HardeningValidationError)) throw error;
        problems.push(
          ...error.problems.map((problem) => ({ field: `zones[${index}] (${target.name ?? target.zoneId}) ${problem.field}`, message: problem.message })),
        );
      }
    });
    if (problems.length > 0) throw new HardeningValidationError(this, problems);
    this.zones = zones;
  }

  /** A zone's construct by zone ID or name; undefined for a zone not in the list. */
  public zone(idOrName: string): CloudflareZoneHardening | undefined {
    return Object.hasOwn(this.zones, idOrName) ? this.zones[idOrName] : Object.values(this.zones).find((zone) => zone.node.id === idOrName);
  }
}

/** Repeated zones, bad names, and zones that cannot be named for their constructs. */
function targetProblems(targets: readonly ZoneHardeningTarget[]): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  if (targets.length === 0) problems.push({ field: 'zones', message: 'is empty; list the zones to harden' });
  const firstById = new Map<string, number>();
  const firstByName = new Map<string, number>();
  targets.forEach((target, index) => {
    const field = `zones[${index}]`;
    const sameId = firstById.get(target.zoneId);
    if (sameId !== undefined) problems.push({ field: `${field}.zoneId`, message: `repeats zones[${sameId}].zoneId: list each zone once` });
    else firstById.set(target.zoneId, index);
    if (target.name === undefined) {
      if (!isLiteralZoneId(target.zoneId)) {
        problems.push({
          field: `${field}.name`,
          message: 'is needed: the zoneId is not a literal 32-character zone ID (a reference, say), and the zone constructs are named after the name or the ID',
        });
      }
      return;
    }
    if (Token.isUnresolved(target.name)) {
      problems.push({ field: `${field}.name`, message: 'is a token; a zone name must be literal text (it names constructs and is compared in expressions)' });
      return;
    }
    problems.push(...zoneNameProblems(target.name, `${field}.name`));
    const sameName = firstByName.get(target.name);
    if (sameName !== undefined) problems.push({ field: `${field}.name`, message: `repeats zones[${sameName}].name: list each zone once` });
    else firstByName.set(target.name, index);
  });
  return problems;
}

/** A Cloudflare zone ID as the dashboard shows it: 32 lowercase hexadecimal characters. */
function isLiteralZoneId(zoneId: string): boolean {
  return zoneId.length === 32 && [...zoneId].every((char) => (char >= '0' && char <= '9') || (char >= 'a' && char <= 'f'));
}

/**
 * The shared profile with a zone's override merged over it and validated; the profile's issues
 * as problems under `field` otherwise (path, message and fix; never the value received, which
 * may be a secret).
 */
function zoneProfile(
  shared: Profile,
  override: { readonly [key: string]: unknown } | undefined,
  field: string,
): { profile: Profile; issues: HardeningProblem[] } {
  if (override === undefined) return { profile: shared, issues: [] };
  // The shared profile is already resolved: its preset must not be applied again under the override.
  const { extends: _preset, ...resolved } = profileData(shared);
  try {
    return { profile: Profile.fromObject(mergeProfileInput(resolved, override)), issues: [] };
  } catch (error) {
    if (!(error instanceof ProfileValidationError)) throw error;
    return {
      profile: shared,
      issues: error.issues.map((issue) => ({ field: issue.path === '' ? field : `${field}.${issue.path}`, message: `${issue.message} (fix: ${issue.fix})` })),
    };
  }
}
