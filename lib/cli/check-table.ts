import Table from 'cli-table3';
import type { CheckFinding } from '../checks/report/finding';

/** Findings for people: a table and a one-line verdict. */
export function formatCheckTable(findings: readonly CheckFinding[]): string {
  const errors = findings.filter((finding) => finding.level === 'error').length;
  const summary = `${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}: ${errors === 0 ? 'PASSED' : 'FAILED'}`;
  if (findings.length === 0) return `${summary}\nNo findings.\n`;
  const table = new Table({ head: ['ID', 'Level', 'Where', 'Finding', 'Fix'], colWidths: [30, 9, 40, 44, 44], wordWrap: true, style: { head: [], border: [] } });
  for (const finding of findings) {
    const where = finding.location.kind === 'profile'
      ? `${finding.location.file}: ${finding.location.path}`
      : `${finding.location.constructPath}${finding.location.logicalId ? ` (${finding.location.templateFile}: ${finding.location.logicalId})` : ''}`;
    table.push([finding.id, finding.level, where, finding.message, finding.fix ?? '']);
  }
  return `${table.toString()}\n${summary}\n`;
}
