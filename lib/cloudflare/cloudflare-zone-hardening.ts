import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../core/hardening-validation-error';
import type { Policy } from '../policy/model';
import { policyFrom, type PolicySourceProps } from '../policy/policy-source';
import { compileZone, type CompiledZone, type ZonePhase } from './compile-zone';
import type { AddOn } from './add-ons';
import type { Plan } from './plans';
import { terraformLiteral, TerraformLiteralError } from './terraform-template';
import { markZonePlan } from './zone-plans';

/*
 * The only module that touches cdktf provider classes (deep imports: the package index costs
 * about a second to load). Moving to the CDK Terrain fork is a rename here.
 */

export interface CloudflareZoneHardeningProps extends PolicySourceProps {
  /** The zone to harden. */
  readonly zoneId: string;
  /**
   * The zone's plan, which decides rule quotas, rate-limit periods and managed rulesets.
   * @default - the profile's cloudflare.plan
   */
  readonly plan?: Plan;
  /**
   * The zone's Enterprise add-ons (Advanced Rate Limiting raises the rate-limit quota and keys;
   * Bot Management unlocks cf.bot_management.* fields). They count only on Enterprise.
   * @default - the profile's cloudflare.addOns
   */
  readonly addOns?: readonly AddOn[];
}

/**
 * A Cloudflare zone hardened from the profile, fitted to its plan: one entry-point ruleset per
 * phase (custom rules, rate limits, managed rulesets, security response headers), every rule
 * with a stable ref, and the TLS and HSTS zone settings. A rate limit the plan cannot carry is
 * left to the AWS edge, with a warning, when the profile enforces it there too; anything else
 * that cannot fit the plan fails synth with the plan, the rule and the options. Every
 * expression is linted first. Every string from the profile reaches Terraform as a literal
 * (`${` and `%{` escaped; a cdktf token marker refused). The API token is the provider's
 * business (its environment), never a prop.
 */
export class CloudflareZoneHardening extends Construct {
  public readonly policy: Policy;
  /** The zone's plan: the `plan` prop, else the profile's cloudflare.plan. */
  public readonly plan: Plan;
  public readonly compiled: CompiledZone;
  /** The entry-point ruleset of each phase that has rules. */
  public readonly rulesets: Readonly<Partial<Record<ZonePhase, Ruleset>>>;
  /** Zone settings by setting id (min_tls_version, tls_1_3, always_use_https, ssl, security_header). */
  public readonly zoneSettings: Readonly<Record<string, ZoneSetting>>;

  constructor(scope: Construct, id: string, props: CloudflareZoneHardeningProps) {
    super(scope, id);
    this.policy = policyFrom(props);
    this.plan = props.plan ?? this.policy.cloudflare.plan;
    // addCloudflareChecks lints this zone's expressions for this plan, not the profile's.
    markZonePlan(this, {
      plan: this.plan,
      rulesetAddresses: () => Object.values(this.rulesets).map((ruleset) => `cloudflare_ruleset.${ruleset.friendlyUniqueId}`),
    });
    this.compiled = compileZone(this.policy, this.plan, props.addOns ?? this.policy.cloudflare.addOns);
    if (this.compiled.problems.length > 0) throw new HardeningValidationError(this, this.compiled.problems);
    for (const note of this.compiled.notes) Annotations.of(this).addInfo(`${note.field}: ${note.message}`);
    for (const left of this.compiled.awsOnly) Annotations.of(this).addWarning(`${left.field}: ${left.message}`);

    // Every compiled value (expressions, refs, descriptions, names, header names and values)
    // enters the provider classes through terraformLiteral, so Terraform reads it as the
    // literal it is: no profile string can interpolate (${…}) or run a directive (%{…}). Only
    // the zoneId prop passes as it is, since a Terraform reference is what it may hold.
    const literal = <T>(value: T, path: string): T => {
      try {
        return terraformLiteral(value, path);
      } catch (error) {
        if (error instanceof TerraformLiteralError) throw new HardeningValidationError(this, [{ field: error.path, message: error.reason }]);
        throw error;
      }
    };
    const rulesets: Partial<Record<ZonePhase, Ruleset>> = {};
    for (const [phase, rules] of Object.entries(this.compiled.rulesets) as [ZonePhase, CompiledZone['rulesets'][ZonePhase]][]) {
      if (rules.length === 0) continue;
      const {
        name,
        description,
        rules: literalRules,
      } = literal(
        {
          name: `Bulwark ${phase} for ${this.policy.name}`,
          description: `Bulwark entry point for ${phase} (profile ${this.policy.name})`,
          rules: rules.map((rule) => ({ ...rule, enabled: true })),
        },
        phase,
      );
      rulesets[phase] = new Ruleset(this, phase, { zoneId: props.zoneId, kind: 'zone', phase, name, description, rules: literalRules });
    }
    this.rulesets = rulesets;
    const settings: Record<string, ZoneSetting> = {};
    for (const setting of this.compiled.settings) {
      // The provider types `value` as a map; scalar settings are passed through as they are.
      settings[setting.settingId] = new ZoneSetting(this, `setting-${setting.settingId}`, {
        zoneId: props.zoneId,
        settingId: setting.settingId,
        value: Token.asAny(literal(setting.value, `setting ${setting.settingId}`)),
      });
    }
    this.zoneSettings = settings;
  }
}
