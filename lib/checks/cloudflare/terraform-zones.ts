import { findTemplateSequence } from '../../cloudflare/terraform-template';
import { headersFromV4, v4ZoneSettings } from './provider-v4-shapes';

/** A Cloudflare zone as Terraform JSON declares it: its rulesets by phase and its settings. */
export interface TerraformZone {
  readonly zoneId: string;
  readonly rulesets: Readonly<Record<string, readonly TerraformRule[]>>;
  /** Resource address of each phase's ruleset, e.g. cloudflare_ruleset.zone_http_ratelimit_ABCD. */
  readonly rulesetAddresses: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly settingAddresses: Readonly<Record<string, string>>;
  /** Phases whose rules are known only at apply time (a Terraform variable or reference), with the ruleset's address. */
  readonly unresolvedPhases: Readonly<Record<string, string>>;
  /**
   * Why an unresolved phase is, where it is for another reason than its rules being a reference
   * (an account ruleset that may or may not run on the zone).
   */
  readonly unresolvedReasons?: Readonly<Record<string, string>>;
  /** The addresses of every zone entry-point ruleset of each phase: Cloudflare keeps one per phase and zone. */
  readonly entryPoints: Readonly<Record<string, readonly string[]>>;
  /** Every ruleset resource whose rules run in the zone (entry points, and custom rulesets they execute), as written, by address. */
  readonly rulesetResources: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The zone's Logpush jobs (cloudflare_logpush_job), as written, by address. */
  readonly logpushJobs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface TerraformRule {
  readonly ref?: string;
  readonly action?: string;
  readonly expression?: string;
  readonly action_parameters?: Record<string, unknown>;
  readonly ratelimit?: Record<string, unknown>;
  readonly enabled?: unknown;
}

/**
 * A string holding a Terraform template sequence (`${…}` or `%{…}` not escaped as `$${`, `%%{`):
 * a value known only at apply time. An escaped `$${` is literal text, not a token.
 */
export function isTerraformToken(value: unknown): boolean {
  return typeof value === 'string' && findTemplateSequence(value) !== undefined;
}

/** A Terraform JSON document (cdktf's cdk.tf.json), as far as the checks read it. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * The zones a Terraform JSON document configures, grouped by zone_id: the rules each phase's
 * zone entry point runs (a rule with enabled false runs nothing; a ruleset of kind custom runs
 * only when an entry point's rule executes it by reference, and then counts in that phase), and
 * the zone settings.
 */
export function terraformZones(document: TerraformJson): TerraformZone[] {
  const zones = new Map<string, ZoneEntry>();
  addEntryPoints(document, zones);
  addExecutedRulesets(zones.values(), customRulesetsOf(document));
  addZoneSettings(document, zones);
  addLogpushJobs(document, zones);
  addAuthenticatedOriginPulls(document, zones);
  // A phase's ruleset address is its last entry point (one, unless ZONE1 finds more).
  return [...zones].map(([zoneId, entry]) => ({
    zoneId,
    ...entry,
    rulesetAddresses: Object.fromEntries(Object.entries(entry.entryPoints).map(([phase, addresses]) => [phase, addresses[addresses.length - 1]])),
  }));
}

/** A zone as it is gathered, before its ruleset addresses are chosen. */
interface ZoneEntry {
  rulesets: Record<string, TerraformRule[]>;
  settings: Record<string, unknown>;
  settingAddresses: Record<string, string>;
  unresolvedPhases: Record<string, string>;
  entryPoints: Record<string, string[]>;
  rulesetResources: Record<string, Record<string, unknown>>;
  logpushJobs: Record<string, Record<string, unknown>>;
}

/** The zone's entry, made empty on first use. */
function zoneEntry(zones: Map<string, ZoneEntry>, zoneId: string): ZoneEntry {
  let entry = zones.get(zoneId);
  if (!entry) {
    entry = { rulesets: {}, settings: {}, settingAddresses: {}, unresolvedPhases: {}, entryPoints: {}, rulesetResources: {}, logpushJobs: {} };
    zones.set(zoneId, entry);
  }
  return entry;
}

/** Each zone entry point's enabled rules under its phase; a phase whose rules are known only at apply time is unresolved instead. */
function addEntryPoints(document: TerraformJson, zones: Map<string, ZoneEntry>): void {
  for (const [name, ruleset] of Object.entries(document.resource?.cloudflare_ruleset ?? {})) {
    const zoneId = ruleset.zone_id;
    if (typeof zoneId !== 'string' || typeof ruleset.phase !== 'string' || (ruleset.kind !== undefined && ruleset.kind !== 'zone')) continue;
    const entry = zoneEntry(zones, zoneId);
    const address = `cloudflare_ruleset.${name}`;
    const rules = ruleset.rules ?? [];
    entry.entryPoints[ruleset.phase] = [...(entry.entryPoints[ruleset.phase] ?? []), address];
    entry.rulesetResources[address] = ruleset;
    if (!rulesKnownAtPlan(rules)) {
      entry.unresolvedPhases[ruleset.phase] = address;
      continue;
    }
    entry.rulesets[ruleset.phase] = [...(entry.rulesets[ruleset.phase] ?? []), ...enabledRules(rules).map(withV5Headers)];
  }
}

/** Rules written out, each an object whose enabled is not a Terraform token (not a variable or reference as a whole). */
function rulesKnownAtPlan(rules: unknown): rules is TerraformRule[] {
  return Array.isArray(rules) && rules.every((rule) => rule !== null && typeof rule === 'object' && !isTerraformToken((rule as { enabled?: unknown }).enabled));
}

/** A ruleset of kind custom runs where an entry point executes it by reference: ${cloudflare_ruleset.<name>.id}. */
function customRulesetsOf(document: TerraformJson): ReadonlyMap<string, Record<string, unknown>> {
  return new Map(
    Object.entries(document.resource?.cloudflare_ruleset ?? {}).filter(([, ruleset]) => ruleset.kind === 'custom' && Array.isArray(ruleset.rules)),
  );
}

/** The custom ruleset a rule executes, by resource name; undefined for any other rule. */
function executedName(rule: TerraformRule, customRulesets: ReadonlyMap<string, Record<string, unknown>>): string | undefined {
  const name = rule.action === 'execute' ? /^\$\{cloudflare_ruleset\.([\w-]+)\.id\}$/.exec(String(rule.action_parameters?.id))?.[1] : undefined;
  return name !== undefined && customRulesets.has(name) ? name : undefined;
}

/** Each phase runs the enabled rules of the custom rulesets its rules execute too, and those rulesets count as running in the zone. */
function addExecutedRulesets(zones: Iterable<ZoneEntry>, customRulesets: ReadonlyMap<string, Record<string, unknown>>): void {
  const executed = (rule: TerraformRule): TerraformRule[] => {
    const name = executedName(rule, customRulesets);
    return name === undefined ? [] : enabledRules(customRulesets.get(name)?.rules as TerraformRule[]);
  };
  for (const entry of zones) {
    for (const [phase, rules] of Object.entries(entry.rulesets)) {
      entry.rulesets[phase] = [...rules, ...rules.flatMap(executed)];
      for (const name of rules.map((rule) => executedName(rule, customRulesets)))
        if (name !== undefined) entry.rulesetResources[`cloudflare_ruleset.${name}`] = customRulesets.get(name) ?? {};
    }
  }
}

function addZoneSettings(document: TerraformJson, zones: Map<string, ZoneEntry>): void {
  // Provider v4's one resource for every setting first: a v5 resource for the same setting wins.
  for (const [name, override] of Object.entries(document.resource?.cloudflare_zone_settings_override ?? {})) {
    if (typeof override.zone_id !== 'string') continue;
    const entry = zoneEntry(zones, override.zone_id);
    for (const [settingId, value] of Object.entries(v4ZoneSettings(override))) {
      entry.settings[settingId] = value;
      entry.settingAddresses[settingId] = `cloudflare_zone_settings_override.${name}`;
    }
  }
  for (const [name, setting] of Object.entries(document.resource?.cloudflare_zone_setting ?? {})) {
    if (typeof setting.zone_id !== 'string' || typeof setting.setting_id !== 'string') continue;
    const entry = zoneEntry(zones, setting.zone_id);
    entry.settings[setting.setting_id] = setting.value;
    entry.settingAddresses[setting.setting_id] = `cloudflare_zone_setting.${name}`;
  }
}

/** The zone-level Logpush jobs; an account-level job (no zone_id) belongs to no zone here. */
function addLogpushJobs(document: TerraformJson, zones: Map<string, ZoneEntry>): void {
  for (const [name, job] of Object.entries(document.resource?.cloudflare_logpush_job ?? {})) {
    if (typeof job.zone_id !== 'string') continue;
    zoneEntry(zones, job.zone_id).logpushJobs[`cloudflare_logpush_job.${name}`] = job;
  }
}

/** The zone setting id under which zone-level authenticated origin pulls are read (not a Cloudflare setting id: its own resource). */
export const AUTHENTICATED_ORIGIN_PULLS = 'authenticated_origin_pulls';

/**
 * Zone-level authenticated origin pulls, read as a pseudo setting: provider v5's
 * cloudflare_authenticated_origin_pulls_settings, or v4's cloudflare_authenticated_origin_pulls
 * without a hostname (per-hostname pulls do not cover the zone), with or without the zone's own
 * certificate (authenticated_origin_pulls_certificate: per-zone pulls, the stronger setup); v5 wins.
 */
function addAuthenticatedOriginPulls(document: TerraformJson, zones: Map<string, ZoneEntry>): void {
  const read = (type: string, zoneWide: (resource: Record<string, unknown>) => boolean) => {
    for (const [name, resource] of Object.entries(document.resource?.[type] ?? {})) {
      if (typeof resource.zone_id !== 'string' || !zoneWide(resource)) continue;
      const entry = zoneEntry(zones, resource.zone_id);
      entry.settings[AUTHENTICATED_ORIGIN_PULLS] = resource.enabled;
      entry.settingAddresses[AUTHENTICATED_ORIGIN_PULLS] = `${type}.${name}`;
    }
  };
  read('cloudflare_authenticated_origin_pulls', (resource) => resource.hostname === undefined);
  read('cloudflare_authenticated_origin_pulls_settings', () => true);
}

/** A rule whose rewrite headers provider v4 listed as blocks, with them as v5's map by name. */
function withV5Headers(rule: TerraformRule): TerraformRule {
  const parameters = rule.action_parameters;
  if (parameters === undefined || parameters === null || !Array.isArray(parameters.headers)) return rule;
  return { ...rule, action_parameters: { ...parameters, headers: headersFromV4(parameters.headers) } };
}

/** The rules that run: a rule with enabled false runs nothing. */
function enabledRules(rules: readonly TerraformRule[]): TerraformRule[] {
  return rules.filter((rule) => !isTerraformFalse(rule.enabled));
}

/** false as Terraform reads it: the boolean, or the string a variable or cdktf may write. */
export function isTerraformFalse(value: unknown): boolean {
  return value === false || value === 'false';
}
