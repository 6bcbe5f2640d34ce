import { AWS_WAF_CAPABILITIES } from '../policy/edges/aws-waf-capabilities';
import type { EdgeCapabilities } from '../policy/edges/edge-capabilities';
import type { Policy } from '../policy/model';
import { effectiveAddOns, type AddOn } from './add-ons';
import { corsProblems } from './cors-header-rules';
import { customRules } from './custom-rules';
import { fitQuota } from './fit-quota';
import { managedRules } from './managed-rules';
import type { Plan } from './plans';
import { rateLimitRules } from './rate-limit-rules';
import { headerValueProblems, responseHeaderRules } from './response-header-rules';
import { rulesetLintProblems } from './ruleset-lint-problems';
import { zoneLimits } from './zone-limits';
import { zoneSetsCiphers, zoneSettings } from './zone-settings';
import { zoneTlsProblems } from './zone-tls-problems';

// Public since before the compiler was split: the Rules language of a policy condition.
export { conditionExpression } from './condition-expression';

/** A rule of a Cloudflare ruleset, in the provider's (camelCase) shape. */
export interface ZoneRule {
  readonly ref: string;
  readonly description: string;
  readonly action: string;
  readonly expression: string;
  readonly actionParameters?: Record<string, unknown>;
  readonly ratelimit?: {
    readonly characteristics: string[];
    readonly period: number;
    readonly requestsPerPeriod: number;
    readonly mitigationTimeout: number;
    readonly requestsToOrigin: boolean;
  };
}

export type ZonePhase = 'http_request_firewall_custom' | 'http_ratelimit' | 'http_request_firewall_managed' | 'http_response_headers_transform';

export interface ZoneProblem {
  /** The profile field the rule comes from. */
  readonly field: string;
  readonly message: string;
}

export interface CompiledZone {
  readonly plan: Plan;
  /** The Enterprise add-ons compiled for (none outside Enterprise). */
  readonly addOns: readonly AddOn[];
  readonly rulesets: Readonly<Record<ZonePhase, readonly ZoneRule[]>>;
  readonly settings: readonly { readonly settingId: string; readonly value: unknown }[];
  /**
   * Adjustments made to fit the plan (a merged rule, a rounded rate), and what the zone cannot
   * express (cipher suites without Advanced Certificate Manager), for info annotations.
   */
  readonly notes: readonly ZoneProblem[];
  /**
   * Rate limits the plan cannot carry that the profile's AWS edge also enforces: left to AWS,
   * for warning annotations. A limit no other edge enforces is a problem instead.
   */
  readonly awsOnly: readonly ZoneProblem[];
  /** What cannot be deployed on this plan; the construct refuses to synthesize. */
  readonly problems: readonly ZoneProblem[];
}

/**
 * Compiles the Cloudflare side of a policy for a zone's plan and add-ons: one ruleset per phase,
 * zone settings, and what had to change, or cannot be done, to fit them. Pure and deterministic.
 */
export function compileZone(
  policy: Policy,
  plan: Plan = policy.cloudflare.plan,
  requestedAddOns: readonly AddOn[] = policy.cloudflare.addOns,
  otherEdges: readonly EdgeCapabilities[] = [AWS_WAF_CAPABILITIES],
): CompiledZone {
  const addOns = effectiveAddOns(plan, requestedAddOns);
  const limits = zoneLimits(plan, addOns);
  const notes: ZoneProblem[] = [];
  // The transport floor first: refused on every plan, as the AWS constructs refuse it.
  const problems: ZoneProblem[] = [...zoneTlsProblems(policy)];
  if (requestedAddOns.length > addOns.length) {
    notes.push({ field: 'cloudflare.addOns', message: `${requestedAddOns.join(', ')} count only on Enterprise; compiled for the ${plan} plan without them` });
  }
  const rules = policy.rules.filter((rule) => rule.edges.includes('cloudflare'));
  // Custom rules: one per class, then merged by action while the plan's quota is exceeded.
  const custom = customRules(policy, rules, plan, limits, notes, problems);
  const fitted = fitQuota(custom, limits.customRules, plan, notes, problems);
  const rateLimits = rateLimitRules(rules, plan, addOns, otherEdges, notes, problems);
  const managed = managedRules(policy, plan, limits, problems);
  problems.push(...headerValueProblems(policy.headers.values), ...corsProblems(policy.cors, plan, limits.transformRules));
  const rulesets = {
    http_request_firewall_custom: fitted,
    http_ratelimit: rateLimits.rules,
    http_request_firewall_managed: managed,
    http_response_headers_transform: responseHeaderRules(policy),
  };
  // Whatever the plan still refuses names the profile field it came from, with what to do.
  const sourceOf = new Map(custom.map((rule) => [rule.ref, rule.source]));
  problems.push(...rulesetLintProblems(rulesets, sourceOf, plan, addOns));
  notes.push(...unexpressedCiphers(policy));
  return { plan, addOns, rulesets, settings: zoneSettings(policy), notes, awsOnly: rateLimits.awsOnly, problems };
}

/** Without Advanced Certificate Manager a zone cannot restrict its suites: TLS 1.2 viewers get Cloudflare's defaults, which include CBC and RSA key exchange. */
function unexpressedCiphers(policy: Policy): ZoneProblem[] {
  if (policy.tls.minVersion !== '1.2' || zoneSetsCiphers(policy)) return [];
  return [
    {
      field: 'tls.ciphers',
      message: `${policy.tls.ciphers} is not enforced on Cloudflare: without Advanced Certificate Manager the zone cannot set cipher suites, and TLS 1.2 viewers may negotiate Cloudflare's default suites (some without forward secrecy or AEAD); to enforce it: cloudflare.advancedCertificateManager: true (with the add-on bought), or tls.minVersion: "1.3"`,
    },
  ];
}
