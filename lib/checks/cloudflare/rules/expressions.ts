import { lintExpression } from '../../../cloudflare/expression/lint';
import { isSingleInterpolation, unescapeTemplateSequences } from '../../../cloudflare/terraform-template';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { isTerraformToken } from '../terraform-zones';

/**
 * Every expression of every ruleset lints clean for the zone's plan (the profile's
 * cloudflare.plan), read as Terraform reads it (`$${` is a literal `${`, `%%{` a literal `%{`).
 * An expression or a rule list known only at apply time is unresolved; an expression with a
 * template sequence inside literal text is TMPL1's finding, not linted here.
 */
export const expressionsLintClean: CloudflareRule = (zone, policy) => [
  ...Object.entries(zone.unresolvedPhases).map(([phase, address]): Violation => ({
    path: address,
    observed: zone.unresolvedReasons?.[phase] ?? 'its rules are known only at apply time',
    unresolved: true,
  })),
  ...Object.entries(zone.rulesets).flatMap(([phase, rules]) =>
    rules.flatMap((rule): Violation[] => {
      const address = zone.rulesetAddresses[phase] ?? `zone ${zone.zoneId}`;
      const expression = String(rule.expression ?? '');
      if (isSingleInterpolation(expression))
        return [{ path: address, observed: `${rule.ref ?? 'rule'}: the expression is known only at apply time`, unresolved: true }];
      if (isTerraformToken(expression))
        return [
          {
            path: address,
            observed: `${rule.ref ?? 'rule'}: the expression holds a Terraform template sequence, so what it matches is known only at apply time (see TMPL1)`,
            unresolved: true,
          },
        ];
      return lintExpression(unescapeTemplateSequences(expression), { phase, plan: policy.cloudflare.plan, addOns: policy.cloudflare.addOns }).map(
        (finding) => ({ path: address, observed: `${rule.ref ?? 'rule'}: ${finding.message}` }),
      );
    }),
  ),
];
