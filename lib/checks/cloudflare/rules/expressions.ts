import { lintExpression } from '../../../cloudflare/expression/lint';
import type { CloudflareRule } from '../cloudflare-rule';

/** Every expression of every ruleset lints clean for the zone's plan (the profile's cloudflare.plan). */
export const expressionsLintClean: CloudflareRule = (zone, policy) =>
  Object.entries(zone.rulesets).flatMap(([phase, rules]) =>
    rules.flatMap((rule) =>
      lintExpression(rule.expression ?? '', { phase, plan: policy.cloudflare.plan }).map((finding) => ({
        address: zone.rulesetAddresses[phase] ?? `zone ${zone.zoneId}`,
        observed: `${rule.ref ?? 'rule'}: ${finding.message}`,
      }))));
