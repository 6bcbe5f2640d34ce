import type { Policy } from '../policy/model';
import type { CompiledZone, ZonePhase, ZoneProblem, ZoneRule } from './compile-zone';
import { terraformLiteral, TerraformLiteralError } from './terraform-template';

/** A phase's entry-point ruleset as it reaches Terraform: every string a literal. */
export interface LiteralRuleset {
  readonly phase: ZonePhase;
  readonly name: string;
  readonly description: string;
  readonly rules: readonly (ZoneRule & { readonly enabled: boolean })[];
}

/** A compiled zone as it reaches Terraform: the rulesets of the phases that have rules, and the settings. */
export interface LiteralZone {
  readonly rulesets: readonly LiteralRuleset[];
  readonly settings: readonly { readonly settingId: string; readonly value: unknown }[];
}

/**
 * Every compiled value (expressions, refs, descriptions, names, header names and values) as the
 * literal Terraform reads it, so no profile string can interpolate (${…}) or run a directive
 * (%{…}). Pure: CloudflareZoneHardening and the doctor (BWD-EDGE-01) both run it.
 *
 * @throws TerraformLiteralError for a string that cannot be a literal (a cdktf token marker)
 */
export function zoneLiterals(policy: Policy, compiled: CompiledZone): LiteralZone {
  const rulesets: LiteralRuleset[] = [];
  for (const [phase, rules] of Object.entries(compiled.rulesets) as [ZonePhase, CompiledZone['rulesets'][ZonePhase]][]) {
    if (rules.length === 0) continue;
    const literal = terraformLiteral(
      {
        name: `Bulwark ${phase} for ${policy.name}`,
        description: `Bulwark entry point for ${phase} (profile ${policy.name})`,
        rules: rules.map((rule) => ({ ...rule, enabled: true })),
      },
      phase,
    );
    rulesets.push({ phase, ...literal });
  }
  const settings = compiled.settings.map((setting) => ({
    settingId: setting.settingId,
    value: terraformLiteral(setting.value, `setting ${setting.settingId}`),
  }));
  return { rulesets, settings };
}

/** The string zoneLiterals refuses, as a problem naming where it is; none when every string is a literal. */
export function zoneLiteralProblems(policy: Policy, compiled: CompiledZone): ZoneProblem[] {
  try {
    zoneLiterals(policy, compiled);
    return [];
  } catch (error) {
    if (error instanceof TerraformLiteralError) return [{ field: error.path, message: error.reason }];
    throw error;
  }
}
