import type { ZoneProblem, ZoneRule } from './compile-zone';
import type { SourcedZoneRule } from './custom-rules';
import { or } from './expression/build';
import { parseExpression } from './expression/parse';
import { printExpression } from './expression/print';
import type { Plan } from './plans';

type MergingRule = ZoneRule & { sources: string[] };

/** Merges custom rules with the same action, from the largest group and no more than it takes, until the plan's quota is met. */
export function fitQuota(rules: SourcedZoneRule[], quota: number, plan: Plan, notes: ZoneProblem[], problems: ZoneProblem[]): ZoneRule[] {
  let current: MergingRule[] = rules.map(({ source: _source, ...rule }) => ({ ...rule, sources: [_source] }));
  while (current.length > quota) {
    const largest = neighbourRuns(current)
      .filter((run) => run.length > 1)
      .sort((a, b) => b.length - a.length)[0];
    if (!largest) {
      problems.push({
        field: 'waf',
        message: `the ${plan} plan allows ${quota} custom rules and the profile needs ${current.length} (${current.map((r) => r.ref).join(', ')}) even with neighbouring rules of the same action merged; options: a higher plan, fewer protections, or edges: [aws] on the rules Cloudflare need not enforce`,
      });
      break;
    }
    // Only as many as it takes: each rule kept apart keeps its own ref, metrics and events.
    const mergeable = largest.slice(0, current.length - quota + 1);
    const merged = mergeRules(mergeable);
    notes.push({
      field: merged.sources.join(', '),
      message: `merged ${mergeable.map((r) => r.ref).join(', ')} into one ${merged.action} rule to fit the ${plan} plan's ${quota} custom rules`,
    });
    // The merged rule takes the place of the first rule it absorbs; only its neighbours are gone.
    const at = current.indexOf(mergeable[0]);
    current = current.flatMap((rule, index) => (index === at ? [merged] : mergeable.includes(rule) ? [] : [rule]));
  }
  return current.map(({ sources: _sources, ...rule }) => rule);
}

/**
 * The runs of neighbouring rules that may merge. Only neighbours with the same action merge: with
 * another rule between them (a skip, or another action), the merged rule would pre-empt it for
 * requests it used to see first.
 */
function neighbourRuns(rules: readonly MergingRule[]): MergingRule[][] {
  const runs: MergingRule[][] = [];
  rules.forEach((rule, index) => {
    const previous = rules[index - 1];
    const continues = index > 0 && !rule.actionParameters && !previous.actionParameters && previous.action === rule.action;
    if (continues) runs[runs.length - 1].push(rule);
    else runs.push([rule]);
  });
  return runs;
}

/** One rule matching what any of the rules (all of one action) matched. */
function mergeRules(rules: readonly MergingRule[]): MergingRule {
  return {
    ref: rules.map((r) => r.ref).join('+'),
    description: rules.map((r) => r.description).join('; '),
    action: rules[0].action,
    expression: printExpression(or(...rules.map((r) => parseExpression(r.expression)))),
    sources: rules.flatMap((r) => r.sources),
  };
}
