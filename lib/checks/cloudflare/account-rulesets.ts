import type { Expression } from '../../cloudflare/expression/ast';
import { ExpressionSyntaxError, parseExpression } from '../../cloudflare/expression/parse';
import { logicalOperands } from '../../cloudflare/expression/logical-chain';
import type { Plan } from '../../cloudflare/plans';
import { unescapeTemplateSequences } from '../../cloudflare/terraform-template';
import { isTerraformFalse, isTerraformToken, type TerraformJson, type TerraformRule, type TerraformZone } from './terraform-zones';

/** An account entry point's execute rule and the account custom ruleset it runs. */
export interface AccountDeployment {
  readonly phase: string;
  /** The account entry point (kind root), e.g. cloudflare_ruleset.account_http_ratelimit-entry-point_ABCD. */
  readonly entryPointAddress: string;
  readonly entryPoint: Readonly<Record<string, unknown>>;
  /** The custom ruleset it executes. */
  readonly rulesetAddress: string;
  readonly ruleset: Readonly<Record<string, unknown>>;
  /** Which zones it runs on, as Terraform reads it. */
  readonly expression: string;
  /** The custom ruleset's enabled rules. */
  readonly rules: readonly TerraformRule[];
  /** Whether the execute rule and each inner rule run is known at plan: false when an `enabled` is a Terraform token. */
  readonly enabledKnown: boolean;
}

/**
 * The account-level deployments a Terraform JSON document declares: each enabled execute rule
 * of an account entry point (a cloudflare_ruleset of kind root with an account_id) that runs an
 * account ruleset of kind custom of the same document by reference (${cloudflare_ruleset.<name>.id}).
 */
export function accountDeployments(document: TerraformJson): AccountDeployment[] {
  const rulesets = document.resource?.cloudflare_ruleset ?? {};
  const deployments: AccountDeployment[] = [];
  for (const [name, entryPoint] of Object.entries(rulesets)) {
    if (entryPoint.kind !== 'root' || typeof entryPoint.account_id !== 'string' || typeof entryPoint.phase !== 'string') continue;
    if (!Array.isArray(entryPoint.rules)) continue;
    for (const rule of entryPoint.rules as TerraformRule[]) {
      if (rule === null || typeof rule !== 'object' || rule.action !== 'execute' || isTerraformFalse(rule.enabled)) continue;
      const executed = /^\$\{cloudflare_ruleset\.([\w-]+)\.id\}$/.exec(String(rule.action_parameters?.id))?.[1];
      const ruleset = executed === undefined ? undefined : rulesets[executed];
      if (executed === undefined || ruleset?.kind !== 'custom' || !Array.isArray(ruleset.rules)) continue;
      deployments.push({
        phase: entryPoint.phase,
        entryPointAddress: `cloudflare_ruleset.${name}`,
        entryPoint,
        rulesetAddress: `cloudflare_ruleset.${executed}`,
        ruleset,
        expression: String(rule.expression ?? 'false'),
        rules: (ruleset.rules as TerraformRule[]).filter((inner) => inner !== null && typeof inner === 'object' && !isTerraformFalse(inner.enabled)),
        // An enabled known only at apply time (a variable, say) may run the rule or not: the deployment is then unresolved, as a zone's own rules are.
        enabledKnown:
          !isTerraformToken(rule.enabled) &&
          (ruleset.rules as TerraformRule[]).every((inner) => inner === null || typeof inner !== 'object' || !isTerraformToken(inner.enabled)),
      });
    }
  }
  return deployments;
}

/** What the checks know of a zone that an execute rule may select it by. */
export interface ZoneFacts {
  /** The zone's name, when known (CloudflareZoneHardening zoneName). */
  readonly name?: string;
  /** The zone's plan, when known. */
  readonly plan?: Plan;
}

/** Whether an account deployment runs on a zone: known to, known not to, or not known offline. */
export type Coverage = 'covers' | 'misses' | 'unresolved';

/**
 * Whether an execute rule's expression selects a zone. Account rulesets run only on Enterprise
 * zones, so a zone is covered only when its plan is known to be Enterprise; on one (or on a zone
 * whose plan is not known, then at best unresolved), the expression is evaluated over
 * cf.zone.name and cf.zone.plan in three-valued logic: a zone name or plan not known, or any other field (a path, say: the ruleset then runs on part
 * of the zone's traffic only), makes the answer unresolved unless the rest decides it.
 */
export function accountCoverage(expression: string, zone: ZoneFacts): Coverage {
  if (zone.plan !== undefined && zone.plan !== 'enterprise') return 'misses';
  if (isTerraformToken(expression)) return 'unresolved';
  let tree: Expression;
  try {
    tree = parseExpression(unescapeTemplateSequences(expression));
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return 'misses'; // Cloudflare refuses it: it runs nowhere (EXPR1 is the zone's own)
    throw error;
  }
  const value = truth(tree, zone);
  // Account rulesets run only on Enterprise zones: one whose plan is not known is covered only perhaps.
  return value === undefined ? 'unresolved' : !value ? 'misses' : zone.plan === 'enterprise' ? 'covers' : 'unresolved';
}

/** Kleene logic: undefined is unknown. */
function truth(node: Expression, zone: ZoneFacts): boolean | undefined {
  switch (node.kind) {
    case 'boolean':
      return node.value;
    case 'not': {
      const inner = truth(node.operand, zone);
      return inner === undefined ? undefined : !inner;
    }
    case 'logical': {
      const values = logicalOperands(node, node.operator).map((operand) => truth(operand, zone));
      if (node.operator === 'and') return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
      if (node.operator === 'or') return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
      return values.includes(undefined) ? undefined : values.reduce((left, right) => left !== right);
    }
    case 'comparison': {
      const { left, operator, right } = node;
      if (left.kind !== 'field' || left.indexes.length > 0) return undefined;
      const plan = zone.plan === 'enterprise' ? 'ENT' : undefined;
      const actual = left.name === 'cf.zone.plan' ? plan : left.name === 'cf.zone.name' ? zone.name : undefined;
      if (actual === undefined) return undefined;
      if (operator === 'eq' || operator === 'ne') {
        if (right.kind !== 'string') return undefined;
        return (actual === right.value) === (operator === 'eq');
      }
      if (operator === 'in' && right.kind === 'set' && right.items.every((item) => item.kind === 'string')) {
        return right.items.some((item) => item.kind === 'string' && item.value === actual);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The zone with the account rulesets that run on it: their rules run in the phase before the
 * zone's own (the account's entry point runs first) and the rulesets count as the zone's. A
 * deployment that may or may not run on the zone makes its phase unresolved, so no finding rests
 * on rules that may be missing, nor on rules that may be there.
 */
export function withAccountRulesets(zone: TerraformZone, deployments: readonly AccountDeployment[], facts: ZoneFacts): TerraformZone {
  if (deployments.length === 0) return zone;
  const rulesets: Record<string, readonly TerraformRule[]> = { ...zone.rulesets };
  const unresolvedPhases: Record<string, string> = { ...zone.unresolvedPhases };
  const unresolvedReasons: Record<string, string> = { ...zone.unresolvedReasons };
  const rulesetResources: Record<string, Readonly<Record<string, unknown>>> = { ...zone.rulesetResources };
  const accountRules: Record<string, TerraformRule[]> = {};
  for (const deployment of deployments) {
    const coverage = accountCoverage(deployment.expression, facts);
    if (coverage === 'misses') continue;
    if (coverage === 'unresolved' || !deployment.enabledKnown) {
      if (unresolvedPhases[deployment.phase] === undefined) {
        unresolvedPhases[deployment.phase] = deployment.entryPointAddress;
        unresolvedReasons[deployment.phase] = unknownCoverage(deployment, facts);
      }
      continue;
    }
    accountRules[deployment.phase] = [...(accountRules[deployment.phase] ?? []), ...deployment.rules];
    rulesetResources[deployment.entryPointAddress] = deployment.entryPoint;
    rulesetResources[deployment.rulesetAddress] = deployment.ruleset;
  }
  for (const [phase, rules] of Object.entries(accountRules)) rulesets[phase] = [...rules, ...(rulesets[phase] ?? [])];
  return { ...zone, rulesets, unresolvedPhases, unresolvedReasons, rulesetResources };
}

/** Why it is not known whether an account ruleset runs on the zone, with what settles it. */
function unknownCoverage(deployment: AccountDeployment, facts: ZoneFacts): string {
  if (!deployment.enabledKnown)
    return `whether the account entry point ${deployment.entryPointAddress} runs ${deployment.rulesetAddress} and its rules is known only at apply time: an enabled is a Terraform token`;
  const settle =
    facts.plan === undefined
      ? "the zone's plan is not known to be Enterprise (the only plan account rulesets run on): harden it with CloudflareZoneHardening plan enterprise, or give its cloudflare_zone a plan"
      : facts.name === undefined
        ? 'give the zone its name (CloudflareZonesHardening zones[].name, CloudflareZoneHardening zoneName) so the checks can evaluate it'
        : "the execute rule tests more than cf.zone.name and cf.zone.plan, so it may run on part of the zone's traffic only";
  return `whether the account entry point ${deployment.entryPointAddress} runs ${deployment.rulesetAddress} on this zone is not known offline (${deployment.expression}): ${settle}`;
}
