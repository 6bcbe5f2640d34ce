import { describeChecklistItem, type ChecklistItemId } from '../../checklist/items';
import { buildPolicy } from '../../policy/normalize';
import type { HardeningProfile } from '../../profile/schema';
import { DOCTOR_CHECKS, type DoctorCheck, type DoctorSeverity } from './doctor-pack';

export interface DoctorFinding {
  readonly id: string;
  readonly severity: DoctorSeverity;
  readonly checklistItem: ChecklistItemId;
  /** The checklist item in words: seed, document and item. */
  readonly checklist: string;
  /** The profile field at fault. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

export interface DoctorReport {
  readonly profile: string;
  readonly environment: string;
  readonly findings: readonly DoctorFinding[];
  readonly blocking: number;
  readonly warnings: number;
  /** True when there is no blocking finding. */
  readonly passed: boolean;
}

/** Evaluates a validated profile against the checklist: blocking findings first, then warnings. */
export function runDoctor(profile: HardeningProfile, checks: readonly DoctorCheck[] = DOCTOR_CHECKS): DoctorReport {
  const context = { profile, policy: buildPolicy(profile) };
  const findings = checks.flatMap((check) =>
    check.rule(context).map((violation): DoctorFinding => ({
      id: check.id,
      severity: check.severity,
      checklistItem: check.item,
      checklist: describeChecklistItem(check.item),
      path: violation.path,
      message: `${check.title}: ${violation.observed}`,
      fix: check.fix,
    })),
  );
  const ordered = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const blocking = ordered.filter((finding) => finding.severity === 'blocking').length;
  return {
    profile: profile.name,
    environment: profile.environment,
    findings: ordered,
    blocking,
    warnings: ordered.length - blocking,
    passed: blocking === 0,
  };
}

function severityRank(severity: DoctorSeverity): number {
  return severity === 'blocking' ? 0 : 1;
}
