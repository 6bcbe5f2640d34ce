import { definitionOf } from '../check-pack';
import { DOCTOR_PACK } from '../doctor/doctor-pack';
import type { DoctorReport } from '../doctor/run-doctor';
import { checkFinding, type CheckFinding } from './finding';

/**
 * Doctor findings in the shape of check findings: blocking is an error.
 * @deprecated Use `doctorFindings(profile, file)`, which builds them from the checks directly.
 */
export function doctorCheckFindings(report: DoctorReport, file: string): CheckFinding[] {
  return report.findings.map((finding) =>
    checkFinding(
      {
        id: finding.id,
        source: DOCTOR_PACK.source,
        level: finding.severity === 'blocking' ? 'error' : 'warning',
        message: finding.message,
        location: { kind: 'profile', file, path: finding.path },
      },
      definitionOf(DOCTOR_PACK, finding.id),
    ),
  );
}
