import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { HardeningValidationError, type Policy, policyFrom, type PolicyOrProfileProps } from 'bulwark/tooling';
import {
  accountZoneExpressions,
  type AddOn,
  type CompiledZone,
  compileZone,
  lintExpression,
  type Plan,
  terraformLiteral,
  zoneLiteralProblems,
  zoneLiterals,
  zoneNameProblems,
  type ZoneProblem,
} from 'bulwark/cloudflare';

/** The phases an account deploys Bulwark's rulesets to: custom rules and rate limits. */
export type AccountPhase = 'http_request_firewall_custom' | 'http_ratelimit';

const ACCOUNT_PHASES: readonly AccountPhase[] = ['http_request_firewall_custom', 'http_ratelimit'];

/**
 * Rules one account-level custom ruleset may hold
 * (https://developers.cloudflare.com/waf/account/custom-rulesets/create-api/#quota-limits).
 */
export const ACCOUNT_RULESET_MAX_RULES = 100;

export interface CloudflareAccountRulesetsProps extends PolicyOrProfileProps {
  /** The Cloudflare account whose Enterprise zones get the rules. */
  readonly accountId: string;
  /**
   * The plan of the zones the rulesets run on. Account-level custom and rate-limit rulesets are
   * Enterprise only: any other plan is refused (use CloudflareZonesHardening for those zones).
   * @default - the profile's cloudflare.plan
   */
  readonly plan?: Plan;
  /**
   * The Enterprise add-ons every covered zone has (Advanced Rate Limiting raises the rate-limit
   * quota and keys; Bot Management unlocks cf.bot_management.* fields).
   * @default - the profile's cloudflare.addOns
   */
  readonly addOns?: AddOn[];
  /**
   * The zones the rulesets run on, by name (e.g. `example.com`, lowercase). A zone not on a
   * Enterprise plan is never covered, whatever the list says: Cloudflare runs account rulesets
   * only there.
   * @default - every Enterprise zone of the account, including zones added later
   */
  readonly zoneNames?: string[];
  /**
   * Zones left out by name, when zoneNames is not given (every other Enterprise zone is covered).
   * @default - none
   */
  readonly excludedZoneNames?: string[];
}

/**
 * The profile's custom rules and rate limits, deployed once for a Cloudflare account to all its
 * Enterprise zones or to a list of them: an account ruleset of kind custom per phase (compiled
 * by the zone compiler for Enterprise), and the account's entry point of that phase (kind root)
 * with an execute rule whose expression selects the zones (`cf.zone.name in {…} and
 * cf.zone.plan eq "ENT"`). Zone owners keep their own zone entry points, which run after the
 * account's. Managed rulesets, response headers and TLS settings stay per zone
 * (CloudflareZoneHardening, CloudflareZonesHardening). Every expression is linted; zone names
 * are validated and quoted, never concatenated.
 */
export class CloudflareAccountRulesets extends Construct {
  public readonly policy: Policy;
  /** The Enterprise compile of the profile the rulesets hold. */
  public readonly compiled: CompiledZone;
  /** The account custom ruleset of each phase that has rules (kind custom). */
  public readonly rulesets: Readonly<Partial<Record<AccountPhase, Ruleset>>>;
  /** The account entry point of each phase that has rules (kind root), executing its ruleset. */
  public readonly entryPoints: Readonly<Partial<Record<AccountPhase, Ruleset>>>;
  /** The expressions of the execute rules: which zones run the rulesets. */
  public readonly zoneExpressions: readonly string[];

  constructor(scope: Construct, id: string, props: CloudflareAccountRulesetsProps) {
    super(scope, id);
    this.policy = policyFrom(props);
    const plan = props.plan ?? this.policy.cloudflare.plan;
    const scopeProblems = accountScopeProblems(props, plan);
    if (scopeProblems.length > 0) throw new HardeningValidationError(this, scopeProblems);

    this.compiled = compileZone(this.policy, 'enterprise', props.addOns ?? this.policy.cloudflare.addOns);
    this.zoneExpressions = accountZoneExpressions(props);
    const problems = [...this.compiled.problems, ...quotaProblems(this.compiled), ...expressionProblems(this.zoneExpressions)];
    if (problems.length > 0) throw new HardeningValidationError(this, problems);
    const literalProblems = zoneLiteralProblems(this.policy, this.compiled);
    if (literalProblems.length > 0) throw new HardeningValidationError(this, literalProblems);
    for (const note of this.compiled.notes) Annotations.of(this).addInfo(`${note.field}: ${note.message}`);
    for (const left of this.compiled.awsOnly) Annotations.of(this).addWarning(`${left.field}: ${left.message}`);
    Annotations.of(this).addInfo(
      'account rulesets carry custom rules and rate limits only: managed rulesets, security response headers and TLS settings stay per zone (CloudflareZonesHardening)',
    );

    const rulesets: Partial<Record<AccountPhase, Ruleset>> = {};
    const entryPoints: Partial<Record<AccountPhase, Ruleset>> = {};
    for (const literal of zoneLiterals(this.policy, this.compiled).rulesets) {
      const phase = literal.phase as AccountPhase;
      if (!ACCOUNT_PHASES.includes(phase)) continue;
      const ruleset = new Ruleset(this, phase, {
        accountId: props.accountId,
        kind: 'custom',
        phase,
        name: terraformLiteral(`Bulwark account ${phase} for ${this.policy.name}`, 'name'),
        description: terraformLiteral(`Bulwark ${phase} rules of profile ${this.policy.name}, run by the account entry point`, 'description'),
        rules: [...literal.rules],
      });
      rulesets[phase] = ruleset;
      entryPoints[phase] = new Ruleset(this, `${phase}-entry-point`, {
        accountId: props.accountId,
        kind: 'root',
        phase,
        name: terraformLiteral(`Bulwark account entry point for ${phase}`, 'name'),
        description: terraformLiteral(`Runs Bulwark's ${phase} ruleset (profile ${this.policy.name}) on the selected Enterprise zones`, 'description'),
        rules: this.zoneExpressions.map((expression, index) => ({
          ref: `bulwark-${phase}${index === 0 ? '' : `-${index + 1}`}`,
          description: terraformLiteral(`Run Bulwark's ${phase} ruleset (profile ${this.policy.name})`, 'description'),
          action: 'execute',
          // Zone names are literals checked above; the expression is escaped for Terraform like every other.
          expression: terraformLiteral(expression, `${phase} execute rule`),
          actionParameters: { id: ruleset.id },
          enabled: true,
        })),
      });
    }
    this.rulesets = rulesets;
    this.entryPoints = entryPoints;
  }
}

/** The plan refused below Enterprise, and the zone names checked: literal, valid, not both lists, not empty. */
function accountScopeProblems(props: CloudflareAccountRulesetsProps, plan: Plan): ZoneProblem[] {
  const problems: ZoneProblem[] = [];
  if (plan !== 'enterprise') {
    problems.push({
      field: 'plan',
      message: `account-level custom and rate-limit rulesets run only on Enterprise zones (Cloudflare requires cf.zone.plan eq "ENT" in the rule that deploys them), and the plan is ${plan}; harden ${plan} zones one by one with CloudflareZonesHardening (a list of zones, one profile, per-zone overrides)`,
    });
  }
  if (props.zoneNames !== undefined && props.excludedZoneNames !== undefined) {
    problems.push({ field: 'excludedZoneNames', message: 'applies only without zoneNames (every zone but these); give one of the two' });
  }
  if (props.zoneNames !== undefined && props.zoneNames.length === 0) {
    problems.push({ field: 'zoneNames', message: 'is empty, so the rulesets would run nowhere; omit it for every Enterprise zone of the account' });
  }
  for (const [list, names] of [
    ['zoneNames', props.zoneNames ?? []],
    ['excludedZoneNames', props.excludedZoneNames ?? []],
  ] as const) {
    names.forEach((name, index) => {
      const field = `${list}[${index}]`;
      if (Token.isUnresolved(name)) problems.push({ field, message: 'is a token; a zone name goes into an expression, so it must be literal text' });
      else problems.push(...zoneNameProblems(name, field));
    });
  }
  return problems;
}

/** An account custom ruleset holds at most 100 rules. */
function quotaProblems(compiled: CompiledZone): ZoneProblem[] {
  return ACCOUNT_PHASES.filter((phase) => compiled.rulesets[phase].length > ACCOUNT_RULESET_MAX_RULES).map((phase) => ({
    field: phase,
    message: `${compiled.rulesets[phase].length} rules compiled; an account-level custom ruleset holds at most ${ACCOUNT_RULESET_MAX_RULES}: fewer rules (for IP lists, a Cloudflare list referenced as $name)`,
  }));
}

/** What the linter finds in the execute expressions (a list of exclusions too long, say). */
function expressionProblems(expressions: readonly string[]): ZoneProblem[] {
  return expressions.flatMap((expression) =>
    ACCOUNT_PHASES.flatMap((phase) =>
      lintExpression(expression, { phase, plan: 'enterprise' }).map((finding) => ({
        field: 'zoneNames',
        message: `the execute rule of ${phase}: ${finding.message}${finding.code === 'too-long' ? '; options: list the zones in zoneNames instead of excluding many' : ''}`,
      })),
    ),
  );
}
