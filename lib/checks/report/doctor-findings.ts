import type { DoctorReport } from '../doctor/run-doctor';
import type { CheckFinding } from './finding';

/** Doctor findings in the shape of check findings: blocking is an error. */
export function doctorCheckFindings(report: DoctorReport, file: string): CheckFinding[] {
  return report.findings.map((finding) => ({
    id: finding.id,
    ruleId: finding.id,
    source: 'BulwarkDoctor',
    level: finding.severity === 'blocking' ? 'error' : 'warning',
    message: finding.message,
    fix: finding.fix,
    checklist: [finding.checklist],
    location: { kind: 'profile', file, path: finding.path },
  }));
}
