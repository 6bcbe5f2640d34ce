import { CHECKLIST, CHECKLIST_DOCUMENTS, type ChecklistItemId } from '../../checklist/items';
import { BULWARK_AWS_RULES } from '../aws/bulwark-checks';
import { BULWARK_CLOUDFLARE_RULES } from '../cloudflare/cloudflare-checks';
import { DOCTOR_CHECKS } from '../doctor/doctor-pack';
import type { CheckFinding } from './finding';

export type ChecklistStatus = 'pass' | 'fail' | 'acknowledged' | 'not applicable';
export type CheckSource = 'doctor' | 'aws' | 'cloudflare';

/** Which rules of each source enforce a checklist item. */
export interface ChecklistEnforcement {
  readonly item: ChecklistItemId;
  readonly doctor: readonly string[];
  readonly aws: readonly string[];
  readonly cloudflare: readonly string[];
}

/** The security matrix: every checklist item and the rules that enforce it, from the packs themselves. */
export function checklistEnforcement(): ChecklistEnforcement[] {
  return (Object.keys(CHECKLIST) as ChecklistItemId[]).map((item) => ({
    item,
    doctor: [...new Set(DOCTOR_CHECKS.filter((check) => check.item === item).map((check) => check.id))],
    aws: BULWARK_AWS_RULES.filter((rule) => rule.items.includes(item)).map((rule) => `Bulwark-${rule.code}`),
    cloudflare: BULWARK_CLOUDFLARE_RULES.filter((rule) => rule.items.includes(item)).map((rule) => `BulwarkCF-${rule.code}`),
  }));
}

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
    const status: ChecklistStatus = enforcedBy.length === 0 ? 'not applicable'
      : relevant.some((finding) => !finding.acknowledged) ? 'fail'
      : relevant.length > 0 ? 'acknowledged' : 'pass';
    const { document, item } = CHECKLIST[entry.item];
    return { item: entry.item, text: `${CHECKLIST_DOCUMENTS[document].seed}: ${item}`, enforcedBy, status };
  });
}

/** The security matrix as Markdown: item, document, and the doctor checks, AWS rules and Cloudflare rules enforcing it. */
export function securityMatrixMarkdown(): string {
  const rows = checklistEnforcement().map((entry) => {
    const { document, item } = CHECKLIST[entry.item];
    const cell = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : '–');
    return `| ${item} | ${CHECKLIST_DOCUMENTS[document].seed} ${CHECKLIST_DOCUMENTS[document].title} | ${cell(entry.doctor)} | ${cell(entry.aws)} | ${cell(entry.cloudflare)} |`;
  });
  return ['| Checklist item | Document | Profile (doctor) | AWS (BulwarkChecks) | Cloudflare |', '|---|---|---|---|---|', ...rows].join('\n');
}
