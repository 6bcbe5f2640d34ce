import { appTierSecurityGroupProblems } from '../../../aws/network/app-tier-security-group-problems';
import { edgeSecurityGroupProblems } from '../../../aws/network/edge-security-group-problems';
import { securityHeadersProblems } from '../../../aws/headers/security-headers-problems';
import { secretRotationProblems } from '../../../aws/secrets/secrets-problems';
import { tlsProblems } from '../../../aws/tls/tls-problems';
import { webAclRuleProblems } from '../../../aws/waf/web-acl-problems';
import { CLOUDFLARE_CAPABILITIES } from '../../../cloudflare/cloudflare-capabilities';
import { compileZone, type CompiledZone } from '../../../cloudflare/compile-zone';
import { zoneLiteralProblems } from '../../../cloudflare/zone-literals';
import type { HardeningProblem } from '../../../core/hardening-validation-error';
import { AWS_WAF_CAPABILITIES } from '../../../policy/edges/aws-waf-capabilities';
import { edgeCarries, managedProtectionsCovering } from '../../../policy/edges/edge-capabilities';
import type { Policy, PolicyRule, RuleKind } from '../../../policy/model';
import type { Edge } from '../../../profile/schema';
import type { Violation } from '../../violation';
import type { DoctorRule } from '../doctor-rule';

/*
 * The edges' own refusals, run on the profile: the same pure functions the constructs call
 * before they build anything, so a profile the doctor passes does not fail synth on a value of
 * its own. Only what depends on the profile alone (not on construct props) is run.
 */

/** What synth refuses on one edge the profile targets, from the profile alone. */
export function edgeRefusals(policy: Policy, edge: Edge): HardeningProblem[] {
  return edge === 'cloudflare' ? cloudflareRefusals(compileZone(policy), policy) : awsRefusals(policy);
}

/** CloudflareZoneHardening on the profile's plan and add-ons: the compiler's problems, then a string that cannot reach Terraform as a literal. */
function cloudflareRefusals(compiled: CompiledZone, policy: Policy): HardeningProblem[] {
  return compiled.problems.length > 0 ? [...compiled.problems] : zoneLiteralProblems(policy, compiled);
}

/**
 * The AWS constructs: HardenedWebAcl (the compiler's errors, capacity), HardenedHttpsListener
 * and HardenedDistribution (TLS floor), SecurityHeaders, EdgeSecurityGroups, AppTierSecurityGroup
 * (dependencies across the whole internet) and HardenedSecrets (rotation periods). Each problem once, though several constructs refuse it.
 */
function awsRefusals(policy: Policy): HardeningProblem[] {
  const problems = [
    ...webAclRuleProblems(policy),
    ...tlsProblems(policy.tls),
    ...securityHeadersProblems(policy),
    ...edgeSecurityGroupProblems(policy),
    ...appTierSecurityGroupProblems(policy, []),
    ...secretRotationProblems(policy.secrets),
  ];
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const EDGE_NAMES: Readonly<Record<Edge, string>> = { aws: 'AWS', cloudflare: 'Cloudflare' };

/** Each refusal of each edge the profile targets, at the field it names. */
export const synthRefusals: DoctorRule = ({ policy }) =>
  policy.edges.flatMap((edge) => {
    const where = edge === 'cloudflare' ? `Cloudflare (${policy.cloudflare.plan} plan)` : EDGE_NAMES[edge];
    return edgeRefusals(policy, edge).map((problem): Violation => ({ path: problem.field, observed: `${where}: ${problem.message}` }));
  });

/** The custom rule classes that block an attack outright. */
const ATTACK_CLASSES: readonly RuleKind[] = ['sql-injection', 'cross-site-scripting', 'path-traversal'];

/** Rules that stop what they match (a count-only rule stops nothing). */
const enforcing = (rule: PolicyRule): boolean => rule.intent === 'block' || rule.intent === 'challenge';

/**
 * What attack protection an edge carries: a managed protection (on AWS any managed rule set; on
 * Cloudflare a managed ruleset covering SQLi, XSS or traversal, as the Free Managed Ruleset every
 * zone runs does not), a custom SQLi/XSS/traversal rule that blocks, or an enforcing rate limit
 * the edge can carry (on Cloudflare, one the plan compiles).
 */
export function attackProtections(policy: Policy, edge: Edge): string[] {
  const carried = policy.rules.filter((rule) => rule.edges.includes(edge));
  const custom = carried.filter((rule) => rule.rate === undefined && ATTACK_CLASSES.includes(rule.kind) && enforcing(rule)).map((rule) => rule.id);
  if (edge === 'aws') {
    const managed = carried.filter((rule) => rule.kind === 'managed' && edgeCarries(AWS_WAF_CAPABILITIES, rule)).map((rule) => rule.id);
    const rates = carried.filter((rule) => rule.rate !== undefined && enforcing(rule) && edgeCarries(AWS_WAF_CAPABILITIES, rule)).map((rule) => rule.id);
    return [...managed, ...custom, ...rates];
  }
  const compiled = compileZone(policy);
  const enabled = compiled.rulesets.http_request_firewall_managed.map((rule) => MANAGED_PROTECTION_OF_REF[rule.ref] ?? rule.ref);
  const managed = (['sqlInjection', 'crossSiteScripting', 'pathTraversal'] as const).flatMap((item) =>
    managedProtectionsCovering(CLOUDFLARE_CAPABILITIES, enabled, item),
  );
  const rates = compiled.rulesets.http_ratelimit.filter((rule) => rule.action !== 'log');
  return [...new Set(managed), ...custom, ...rates.map((rule) => rule.ref)];
}

/** The managed protection (CLOUDFLARE_CAPABILITIES' names) each compiled managed rule executes. */
const MANAGED_PROTECTION_OF_REF: Readonly<Record<string, string>> = { 'free-managed': 'free', 'cloudflare-managed': 'cloudflare', 'owasp-core': 'owasp' };

/** An edge the profile targets that carries no attack protection at all. */
export const edgeWithoutAttackProtection: DoctorRule = ({ policy }) =>
  policy.edges.flatMap((edge) =>
    attackProtections(policy, edge).length === 0
      ? [{ path: 'waf', observed: `${EDGE_NAMES[edge]} carries no managed rule set, no SQLi/XSS/traversal block and no rate limit` }]
      : [],
  );
