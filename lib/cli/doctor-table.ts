import Table from 'cli-table3';
import type { DoctorReport } from '../checks/doctor/run-doctor';

/** The doctor report for people: a findings table and a one-line verdict. */
export function formatDoctorTable(report: DoctorReport): string {
  const verdict = report.passed ? 'PASSED' : 'FAILED';
  const summary = `${report.profile} (${report.environment}): ${report.blocking} blocking, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}: ${verdict}`;
  if (report.findings.length === 0) return `${summary}\nNo findings: every checklist item the profile expresses is met.\n`;
  const table = new Table({
    head: ['ID', 'Severity', 'Checklist item', 'Finding', 'Fix'],
    colWidths: [13, 10, 36, 48, 48],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const finding of report.findings) {
    table.push([finding.id, finding.severity, finding.checklist, `${finding.message}\nat ${finding.path}`, finding.fix]);
  }
  return `${table.toString()}\n${summary}\n`;
}
