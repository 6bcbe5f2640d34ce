import { CHECKLIST, documentName, type ChecklistItemId } from '../../checklist/items';
import { checklistEnforcement } from '../catalog';
import { isBlocking, type CheckFinding } from './finding';
import type { PackRun } from './pack-run';

export type ChecklistStatus = 'pass' | 'fail' | 'warn' | 'acknowledged' | 'not checked' | 'not applicable';

export interface ChecklistRow {
  readonly item: ChecklistItemId;
  readonly text: string;
  /** The rules of the packs in the run that enforce the item. */
  readonly enforcedBy: readonly string[];
  readonly status: ChecklistStatus;
}

/**
 * The checklist as a run saw it: for each item the rules of the packs in the run that enforce
 * it, and its status. fail: one of them has an open blocking (error) finding, as the verdict
 * counts; warn: open findings, all warnings. acknowledged: all their findings
 * are acknowledged. pass: one of them applied to something (a resource, a zone, the profile)
 * and none has a finding. not checked: none of them applied, or their pack did not run; a pass
 * is never inferred from silence. not applicable: no pack in the run has a rule for it.
 */
export function checklistSummary(findings: readonly CheckFinding[], runs: readonly PackRun[]): ChecklistRow[] {
  const applied = new Set(runs.filter((run) => run.ran).flatMap((run) => run.applied));
  const sources = [...new Set(runs.map((run) => run.source))];
  return checklistEnforcement().map((entry) => {
    const enforcedBy = sources.flatMap((source) => entry[source]);
    const relevant = findings.filter((finding) => enforcedBy.includes(finding.ruleId));
    const { document, item } = CHECKLIST[entry.item];
    return { item: entry.item, text: `${documentName(document)}: ${item}`, enforcedBy, status: statusOf(enforcedBy, relevant, applied) };
  });
}

function statusOf(enforcedBy: readonly string[], findings: readonly CheckFinding[], applied: ReadonlySet<string>): ChecklistStatus {
  if (enforcedBy.length === 0) return 'not applicable';
  const open = findings.filter((finding) => !finding.acknowledged);
  if (open.some(isBlocking)) return 'fail';
  if (open.length > 0) return 'warn';
  if (findings.length > 0) return 'acknowledged';
  return enforcedBy.some((id) => applied.has(id)) ? 'pass' : 'not checked';
}

/** The runs in which a pack did not run: the check is incomplete, whatever the findings. */
export function incompleteRuns(runs: readonly PackRun[]): PackRun[] {
  return runs.filter((run) => !run.ran);
}
