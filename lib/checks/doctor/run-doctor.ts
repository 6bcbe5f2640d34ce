import type { ChecklistItemId } from '../../checklist/items';
import { buildPolicy } from '../../policy/normalize';
import type { HardeningProfile } from '../../profile/schema';
import type { CheckDefinition } from '../check-definition';
import { violationFinding, type CheckFinding } from '../report/finding';
import { severityRank } from '../severity';
import type { Violation } from '../violation';
import { advisoryNotes, type DoctorNote } from './advisory-notes';
import type { DoctorRule } from './doctor-rule';
import { DOCTOR_CHECKS, DOCTOR_PACK, type DoctorSeverity } from './doctor-pack';

/**
 * A finding as the doctor's report shows it (`bulwark doctor`, table or JSON): a check finding
 * in the doctor's words (blocking for error), with the profile field and the checklist item.
 */
export interface DoctorFinding {
  readonly id: string;
  readonly severity: DoctorSeverity;
  readonly checklistItem: ChecklistItemId;
  /** The checklist item in words: document and item. */
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
  /** What the profile asks for that Bulwark does not enforce (advisory fields that are set); never a finding. */
  readonly notes: readonly DoctorNote[];
  /** True when there is no blocking finding. */
  readonly passed: boolean;
}

/** Evaluates a validated profile against the checklist: blocking findings first, then warnings. */
export function runDoctor(profile: HardeningProfile, checks: readonly CheckDefinition<DoctorRule>[] = DOCTOR_CHECKS): DoctorReport {
  const findings = violations(profile, checks).map(({ definition, violation }): DoctorFinding => {
    // The report names no file (its findings are located by profile field): the profile's name stands in.
    const finding = doctorFinding(definition, violation, profile.name);
    return {
      id: finding.id,
      severity: finding.level === 'error' ? 'blocking' : 'warning',
      checklistItem: definition.items[0],
      checklist: finding.checklist.join('; '),
      path: violation.path,
      message: finding.message,
      fix: definition.fix,
    };
  });
  const blocking = findings.filter((finding) => finding.severity === 'blocking').length;
  return {
    profile: profile.name,
    environment: profile.environment,
    findings,
    blocking,
    warnings: findings.length - blocking,
    notes: advisoryNotes(profile),
    passed: blocking === 0,
  };
}

/** The doctor's findings on a profile read from `file`, as `bulwark check` reports them: errors first, then warnings. */
export function doctorFindings(profile: HardeningProfile, file: string, checks: readonly CheckDefinition<DoctorRule>[] = DOCTOR_CHECKS): CheckFinding[] {
  return violations(profile, checks).map(({ definition, violation }) => doctorFinding(definition, violation, file));
}

function doctorFinding(definition: CheckDefinition<DoctorRule>, violation: Violation, file: string): CheckFinding {
  return violationFinding(DOCTOR_PACK, definition, violation, { kind: 'profile', file, path: violation.path });
}

/** Every check's violations, errors first (in check order), then warnings. */
function violations(
  profile: HardeningProfile,
  checks: readonly CheckDefinition<DoctorRule>[],
): { definition: CheckDefinition<DoctorRule>; violation: Violation }[] {
  const context = { profile, policy: buildPolicy(profile) };
  const found = checks.flatMap((definition) => definition.rule(context).map((violation) => ({ definition, violation })));
  return [...found].sort((a, b) => severityRank(a.definition.severity) - severityRank(b.definition.severity));
}
