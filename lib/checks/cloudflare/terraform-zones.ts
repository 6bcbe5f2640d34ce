/** A Cloudflare zone as Terraform JSON declares it: its rulesets by phase and its settings. */
export interface TerraformZone {
  readonly zoneId: string;
  readonly rulesets: Readonly<Record<string, readonly TerraformRule[]>>;
  /** Resource address of each phase's ruleset, e.g. cloudflare_ruleset.zone_http_ratelimit_ABCD. */
  readonly rulesetAddresses: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly settingAddresses: Readonly<Record<string, string>>;
}

export interface TerraformRule {
  readonly ref?: string;
  readonly action?: string;
  readonly expression?: string;
  readonly action_parameters?: Record<string, unknown>;
  readonly ratelimit?: Record<string, unknown>;
}

interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** The zones a Terraform JSON document configures, grouped by zone_id. */
export function terraformZones(document: TerraformJson): TerraformZone[] {
  const zones = new Map<string, { rulesets: Record<string, TerraformRule[]>; rulesetAddresses: Record<string, string>; settings: Record<string, unknown>; settingAddresses: Record<string, string> }>();
  const zone = (id: string) => {
    let entry = zones.get(id);
    if (!entry) {
      entry = { rulesets: {}, rulesetAddresses: {}, settings: {}, settingAddresses: {} };
      zones.set(id, entry);
    }
    return entry;
  };
  for (const [name, ruleset] of Object.entries(document.resource?.cloudflare_ruleset ?? {})) {
    const zoneId = ruleset.zone_id;
    if (typeof zoneId !== 'string' || typeof ruleset.phase !== 'string') continue;
    const entry = zone(zoneId);
    entry.rulesets[ruleset.phase] = [...(entry.rulesets[ruleset.phase] ?? []), ...((ruleset.rules as TerraformRule[] | undefined) ?? [])];
    entry.rulesetAddresses[ruleset.phase] = `cloudflare_ruleset.${name}`;
  }
  for (const [name, setting] of Object.entries(document.resource?.cloudflare_zone_setting ?? {})) {
    if (typeof setting.zone_id !== 'string' || typeof setting.setting_id !== 'string') continue;
    const entry = zone(setting.zone_id);
    entry.settings[setting.setting_id] = setting.value;
    entry.settingAddresses[setting.setting_id] = `cloudflare_zone_setting.${name}`;
  }
  return [...zones].map(([zoneId, entry]) => ({ zoneId, ...entry }));
}
