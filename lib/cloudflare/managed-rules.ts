import type { Policy } from '../policy/model';
import type { ZoneProblem, ZoneRule } from './compile-zone';
import { MANAGED_RULESET_IDS, OWASP_SCORE_RULE_ID, OWASP_SCORE_THRESHOLDS, PLANS, type Plan, type PlanLimits } from './plans';

/**
 * The managed rulesets the zone executes: the Cloudflare Managed and OWASP Core rulesets where the
 * plan has them, the Free Managed Ruleset elsewhere. An OWASP action the plan lacks is a problem.
 */
export function managedRules(policy: Policy, plan: Plan, limits: PlanLimits, problems: ZoneProblem[]): ZoneRule[] {
  if (!limits.managedRulesets.includes('owasp')) {
    return [executeRule('free-managed', 'Cloudflare Free Managed Ruleset', MANAGED_RULESET_IDS.free)];
  }
  if (policy.cloudflare.owasp.action === 'log' && !PLANS[plan].customRuleActions.includes('log')) {
    problems.push({
      field: 'cloudflare.owasp.action',
      message: `the OWASP ruleset cannot only log on the ${plan} plan (log needs Enterprise); options: block or managed_challenge`,
    });
  }
  return [executeRule('cloudflare-managed', 'Cloudflare Managed Ruleset', MANAGED_RULESET_IDS.cloudflare), owaspRule(policy)];
}

/** A rule executing a managed ruleset, as is, on every request. */
function executeRule(ref: string, description: string, id: string): ZoneRule {
  return { ref, description, action: 'execute', expression: 'true', actionParameters: { id } };
}

/** The OWASP Core Ruleset at the profile's paranoia level (higher levels disabled) and score threshold. */
function owaspRule(policy: Policy): ZoneRule {
  const { owasp } = policy.cloudflare;
  const disabled = [1, 2, 3, 4].filter((level) => level > owasp.paranoiaLevel).map((level) => ({ category: `paranoia-level-${level}`, enabled: false }));
  return {
    ref: 'owasp-core',
    description: `OWASP Core Ruleset, paranoia level ${owasp.paranoiaLevel}, ${owasp.scoreThreshold} threshold`,
    action: 'execute',
    expression: 'true',
    actionParameters: {
      id: MANAGED_RULESET_IDS.owasp,
      overrides: {
        ...(disabled.length > 0 ? { categories: disabled } : {}),
        rules: [
          {
            id: OWASP_SCORE_RULE_ID,
            action: owasp.action,
            scoreThreshold: OWASP_SCORE_THRESHOLDS[owasp.scoreThreshold as keyof typeof OWASP_SCORE_THRESHOLDS],
          },
        ],
      },
    },
  };
}
