import { CHECKLIST, documentName, type ChecklistItemId } from '../../checklist/items';
import { checklistEnforcement } from '../catalog';
import type { CheckSource } from '../check-pack';
import type { CheckFinding } from './finding';

export type ChecklistStatus = 'pass' | 'fail' | 'acknowledged' | 'not applicable';

export interface ChecklistRow {
  readonly item: ChecklistItemId;
  readonly text: string;
  readonly enforcedBy: readonly string[];
  readonly status: ChecklistStatus;
}

/**
 * The checklist as a run saw it: for each item the rules that ran and enforce it, and its
 * status (fail when one of them has an open finding, acknowledged when all its findings are
 * acknowledged, pass when none has one, not applicable when no rule for it ran).
 */
export function checklistSummary(findings: readonly CheckFinding[], sources: readonly CheckSource[]): ChecklistRow[] {
  return checklistEnforcement().map((entry) => {
    const enforcedBy = sources.flatMap((source) => entry[source]);
    const relevant = findings.filter((finding) => enforcedBy.includes(finding.ruleId));
    const status: ChecklistStatus =
      enforcedBy.length === 0 ? 'not applicable' : relevant.some((finding) => !finding.acknowledged) ? 'fail' : relevant.length > 0 ? 'acknowledged' : 'pass';
    const { document, item } = CHECKLIST[entry.item];
    return { item: entry.item, text: `${documentName(document)}: ${item}`, enforcedBy, status };
  });
}
