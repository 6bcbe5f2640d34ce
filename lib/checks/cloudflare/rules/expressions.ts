import { lintExpression } from '../../../cloudflare/expression/lint';
import type { CloudflareRule, ZoneViolation } from '../cloudflare-rule';
import { isTerraformToken } from '../terraform-zones';

/**
 * Every expression of every ruleset lints clean for the zone's plan (the profile's
 * cloudflare.plan); an expression or a rule list known only at apply time is unresolved.
 */
export const expressionsLintClean: CloudflareRule = (zone, policy) => [
  ...Object.values(zone.unresolvedPhases).map((address): ZoneViolation => ({ address, observed: 'its rules are known only at apply time', unresolved: true })),
  ...Object.entries(zone.rulesets).flatMap(([phase, rules]) =>
    rules.flatMap((rule): ZoneViolation[] => {
      const address = zone.rulesetAddresses[phase] ?? `zone ${zone.zoneId}`;
      if (isTerraformToken(rule.expression)) return [{ address, observed: `${rule.ref ?? 'rule'}: the expression is known only at apply time`, unresolved: true }];
      return lintExpression(rule.expression ?? '', { phase, plan: policy.cloudflare.plan }).map((finding) => ({ address, observed: `${rule.ref ?? 'rule'}: ${finding.message}` }));
    })),
];
