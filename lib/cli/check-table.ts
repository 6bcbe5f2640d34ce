import Table from 'cli-table3';
import { CHECK_PACKS } from '../checks/check-packs';
import { incompleteRuns, type ChecklistRow } from '../checks/report/checklist-summary';
import { isBlocking, type CheckFinding } from '../checks/report/finding';
import type { PackRun } from '../checks/report/pack-run';
import { DEFAULT_COLUMNS } from './cli-io';
import { printable } from './printable';
import { labelledBlock, wrapped } from './text-block';

/** The status column: the longest status, `acknowledged`, and its padding. */
const STATUS_COLUMN = 14;
/** What a table's borders take: one per column plus one (cli-table3's column widths include the cell padding). */
/** The rules column holds at least the longest rule ID (`BulwarkCF-TMPL1`) with its padding, so no ID is split. */
const ENFORCED_BY_MINIMUM = 17;
const tableChrome = (columns: number) => columns + 1;

/**
 * The checklist summary for people: item, what enforces it, status; laid out to `width`
 * columns (the item and its rules wrap, the status never does).
 */
export function formatChecklistSummary(rows: readonly ChecklistRow[], width = DEFAULT_COLUMNS): string {
  const room = width - tableChrome(3) - STATUS_COLUMN;
  const item = Math.max(20, Math.round(room * 0.6));
  const table = new Table({
    head: ['Checklist item', 'Enforced by', 'Status'],
    colWidths: [item, Math.max(ENFORCED_BY_MINIMUM, room - item), STATUS_COLUMN],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
  });
  for (const row of rows.filter((r) => r.status !== 'not applicable')) table.push([row.text, row.enforcedBy.join(', '), row.status]);
  const count = (status: ChecklistRow['status']) => rows.filter((r) => r.status === status).length;
  const items = (n: number) => `${n} checklist item${n === 1 ? '' : 's'}`;
  const notChecked = count('not checked');
  const notes = [
    ...(notChecked > 0 ? [`${items(notChecked)} not checked: no rule for ${notChecked === 1 ? 'it' : 'them'} applied to what was checked.`] : []),
    `${items(count('not applicable'))} not applicable to what was checked.`,
  ];
  return `${table.toString()}\n${notes.map((note) => `${wrapped(note, width, '')}\n`).join('')}`;
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

/** Where a finding is, for people: the profile field, or the construct with its template and logical ID. */
function where(finding: CheckFinding): string {
  return finding.location.kind === 'profile'
    ? `${finding.location.file}: ${finding.location.path}`
    : `${finding.location.constructPath}${
        finding.location.logicalId
          ? ` (${finding.location.templateFile}${finding.location.templatePosition ? `:${finding.location.templatePosition.line}` : ''}: ${finding.location.logicalId})`
          : ''
      }${finding.location.source ? `, created at ${finding.location.source.file}:${finding.location.source.line}` : ''}`;
}

/** One finding as a block: level and full ID, then where, what, why (when acknowledged) and the fix. */
function findingBlock(finding: CheckFinding, width: number): string {
  return labelledBlock(
    `${(finding.acknowledged ? 'acknowledged' : finding.level).toUpperCase()} ${finding.id}`,
    [
      // Findings come grouped by app, in the order of the apps' paths, when one run checks several.
      ...(finding.app !== undefined ? [['app', finding.app] as const] : []),
      ['where', where(finding)],
      ['what', finding.message],
      ...(finding.acknowledged ? [['why', `Acknowledged: ${finding.acknowledged.reason}`] as const] : []),
      ...(finding.fix ? [['fix', finding.fix] as const] : []),
    ],
    width,
  );
}

/** Findings for people, laid out to `width` columns: one block each, the packs that did not run, and a one-line verdict. */
export function formatCheckTable(findings: readonly CheckFinding[], runs: readonly PackRun[] = [], width = DEFAULT_COLUMNS): string {
  const open = findings.filter((finding) => !finding.acknowledged);
  const errors = open.filter(isBlocking).length;
  const acknowledged = findings.length - open.length;
  const summary = `${runNotes(runs)}${errors} error${errors === 1 ? '' : 's'}, ${open.length - errors} warning${open.length - errors === 1 ? '' : 's'}, ${acknowledged} acknowledged: ${verdict(errors, runs)}`;
  if (findings.length === 0) return `${summary}\nNo findings.\n`;
  return `${findings.map((finding) => findingBlock(finding, width)).join('\n\n')}\n\n${summary}\n`;
}
