import type { DoctorReport } from '../checks/doctor/run-doctor';
import { DEFAULT_COLUMNS } from './cli-io';
import { labelledBlock } from './text-block';

/** The doctor report for people, laid out to `width` columns: one block per finding (severity, ID, checklist item, where, what, fix), a one-line verdict, then a block per advisory note. */
export function formatDoctorTable(report: DoctorReport, width = DEFAULT_COLUMNS): string {
  const verdict = report.passed ? 'PASSED' : 'FAILED';
  const summary = `${report.profile} (${report.environment}): ${report.blocking} blocking, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}: ${verdict}`;
  const notes = report.notes.map((note) =>
    labelledBlock(
      'NOTE',
      [
        ['where', note.path],
        ['what', note.message],
      ],
      width,
    ),
  );
  const tail = notes.length === 0 ? '' : `\n${notes.join('\n\n')}\n`;
  if (report.findings.length === 0) return `${summary}\nNo findings: every checklist item the profile expresses is met.\n${tail}`;
  const blocks = report.findings.map((finding) =>
    labelledBlock(
      `${finding.severity.toUpperCase()} ${finding.id}`,
      [
        ['item', finding.checklist],
        ['where', finding.path],
        ['what', finding.message],
        ['fix', finding.fix],
      ],
      width,
    ),
  );
  return `${blocks.join('\n\n')}\n\n${summary}\n${tail}`;
}
