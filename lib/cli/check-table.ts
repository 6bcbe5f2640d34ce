import Table from 'cli-table3';
import { incompleteRuns, type ChecklistRow } from '../checks/report/checklist-summary';
import type { PackRun } from '../checks/report/pack-run';
import { isBlocking, type CheckFinding } from '../checks/report/finding';
import { CHECK_PACKS } from '../checks/check-packs';
import { printable } from './printable';

/** The checklist summary for people: item, what enforces it, status. */
export function formatChecklistSummary(rows: readonly ChecklistRow[]): string {
  const table = new Table({ head: ['Checklist item', 'Enforced by', 'Status'], colWidths: [70, 44, 16], wordWrap: true, style: { head: [], border: [] } });
  for (const row of rows.filter((r) => r.status !== 'not applicable')) table.push([row.text, row.enforcedBy.join(', '), row.status]);
  const count = (status: ChecklistRow['status']) => rows.filter((r) => r.status === status).length;
  const items = (n: number) => `${n} checklist item${n === 1 ? '' : 's'}`;
  const notChecked = count('not checked');
  return `${table.toString()}\n${notChecked > 0 ? `${items(notChecked)} not checked: no rule for ${notChecked === 1 ? 'it' : 'them'} applied to what was checked.\n` : ''}${items(count('not applicable'))} not applicable to what was checked.\n`;
}

/** The verdict: FAILED on a blocking finding, INCOMPLETE when a pack did not run, else PASSED. */
function verdict(errors: number, runs: readonly PackRun[]): string {
  if (errors > 0) return 'FAILED';
  return incompleteRuns(runs).length > 0 ? 'INCOMPLETE' : 'PASSED';
}

/** One line per pack that did not run, or that saw nothing its rules apply to. */
function runNotes(runs: readonly PackRun[]): string {
  return runs
    .filter((run) => run.note !== undefined)
    .map((run) => printable(`${CHECK_PACKS[run.source].title} on ${run.input}: ${run.ran ? '' : 'not run: '}${run.note}.`))
    .map((line) => `${line}\n`)
    .join('');
}

/** Findings for people: a table, the packs that did not run, and a one-line verdict. */
export function formatCheckTable(findings: readonly CheckFinding[], runs: readonly PackRun[] = []): string {
  const open = findings.filter((finding) => !finding.acknowledged);
  const errors = open.filter(isBlocking).length;
  const acknowledged = findings.length - open.length;
  const summary = `${runNotes(runs)}${errors} error${errors === 1 ? '' : 's'}, ${open.length - errors} warning${open.length - errors === 1 ? '' : 's'}, ${acknowledged} acknowledged: ${verdict(errors, runs)}`;
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
