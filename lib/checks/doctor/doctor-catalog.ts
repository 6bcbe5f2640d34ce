import { describeChecklistItem } from '../../checklist/items';
import { DOCTOR_CHECKS, type DoctorCheck } from './doctor-pack';

/** The doctor's checks as a Markdown table (ID, severity, finding, checklist item, fix), for the README. */
export function doctorCatalogMarkdown(checks: readonly DoctorCheck[] = DOCTOR_CHECKS): string {
  const rows = [...checks]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((check) => `| ${check.id} | ${check.severity} | ${check.title} | ${describeChecklistItem(check.item)} | ${check.fix} |`);
  return ['| ID | Severity | Finding | Checklist item | Fix |', '|---|---|---|---|---|', ...rows].join('\n');
}
