import type { AddOn } from './add-ons';
import type { ZonePhase, ZoneProblem, ZoneRule } from './compile-zone';
import { lintExpression } from './expression/lint';
import type { Plan } from './plans';

/**
 * What the plan still refuses in the compiled rulesets' expressions, each naming the profile field
 * its rule came from (`sourceOf`, by ref; the ref itself otherwise), with what to do.
 */
export function rulesetLintProblems(
  rulesets: Readonly<Record<ZonePhase, readonly ZoneRule[]>>,
  sourceOf: ReadonlyMap<string, string>,
  plan: Plan,
  addOns: readonly AddOn[],
): ZoneProblem[] {
  const problems: ZoneProblem[] = [];
  for (const [phase, list] of Object.entries(rulesets)) {
    for (const rule of list) {
      for (const finding of lintExpression(rule.expression, { phase, plan, addOns })) {
        const hint =
          finding.code === 'too-long' ? '; options: fewer entries per rule (for IP lists, a Cloudflare IP list referenced as $name), or split the list' : '';
        problems.push({
          field: sourceOf.get(rule.ref) ?? rule.ref,
          message: `${phase} rule ${rule.ref}: ${finding.message}${hint}${finding.code === 'too-long' ? '' : ` in ${rule.expression}`}`,
        });
      }
    }
  }
  return problems;
}
