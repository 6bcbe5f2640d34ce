import Table from 'cli-table3';
import type { ChecklistRow } from '../checks/report/checklist-summary';
import { isBlocking, type CheckFinding } from '../checks/report/finding';
import { printable } from './printable';

/** The checklist summary for people: item, what enforces it, status. */
export function formatChecklistSummary(rows: readonly ChecklistRow[]): string {
  const table = new Table({ head: ['Checklist item', 'Enforced by', 'Status'], colWidths: [70, 44, 16], wordWrap: true, style: { head: [], border: [] } });
  for (const row of rows.filter((r) => r.status !== 'not applicable')) table.push([row.text, row.enforcedBy.join(', '), row.status]);
  const notApplicable = rows.filter((r) => r.status === 'not applicable').length;
  return `${table.toString()}\n${notApplicable} checklist item${notApplicable === 1 ? '' : 's'} not applicable to what was checked.\n`;
}

/** Findings for people: a table and a one-line verdict. */
export function formatCheckTable(findings: readonly CheckFinding[]): string {
  const open = findings.filter((finding) => !finding.acknowledged);
  const errors = open.filter(isBlocking).length;
  const acknowledged = findings.length - open.length;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${open.length - errors} warning${open.length - errors === 1 ? '' : 's'}, ${acknowledged} acknowledged: ${errors === 0 ? 'PASSED' : 'FAILED'}`;
  if (findings.length === 0) return `${summary}\nNo findings.\n`;
  const table = new Table({
    head: ['ID', 'Level', 'Where', 'Finding', 'Fix'],
    colWidths: [30, 14, 40, 42, 42],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const finding of findings) {
    const where =
      finding.location.kind === 'profile'
        ? `${finding.location.file}: ${finding.location.path}`
        : `${finding.location.constructPath}${finding.location.logicalId ? ` (${finding.location.templateFile}: ${finding.location.logicalId})` : ''}`;
    // Every cell may come from a synthesized file (a construct path, a plugin's description, a reason): escaped for the terminal.
    table.push(
      [
        finding.id,
        finding.acknowledged ? 'acknowledged' : finding.level,
        where,
        finding.acknowledged ? `${finding.message}\nAcknowledged: ${finding.acknowledged.reason}` : finding.message,
        finding.fix ?? '',
      ].map(printable),
    );
  }
  return `${table.toString()}\n${summary}\n`;
}
