/** Where a finding is: a resource in a synthesized template, or a field of the profile. */
export type FindingLocation =
  | { readonly kind: 'resource'; readonly constructPath: string; readonly templateFile?: string; readonly logicalId?: string }
  | { readonly kind: 'profile'; readonly file: string; readonly path: string };

/** One finding of `bulwark check`, from the doctor or from a synth-time validation plugin. */
export interface CheckFinding {
  /** e.g. `Bulwark-SEC1[no-rotation]`, `BWD-AUTH-01`, `AwsSolutions-IAM5[…]`. */
  readonly id: string;
  /** The rule the finding belongs to (the ID without its `[finding]`). */
  readonly ruleId: string;
  readonly source: string;
  readonly level: 'error' | 'warning';
  readonly message: string;
  readonly fix?: string;
  readonly checklist: readonly string[];
  readonly location: FindingLocation;
  /** Set when the finding was acknowledged in the app, with the reason given: reported, never blocking. */
  readonly acknowledged?: { readonly reason: string };
}

/** Whether a finding blocks: an unacknowledged error. */
export function isBlocking(finding: CheckFinding): boolean {
  return finding.level === 'error' && finding.acknowledged === undefined;
}

/** The rule ID of a finding ID: `Bulwark-WAF2[AWSManagedRulesSQLiRuleSet]` → `Bulwark-WAF2`. */
export function ruleIdOf(findingId: string): string {
  const bracket = findingId.indexOf('[');
  return bracket < 0 ? findingId : findingId.slice(0, bracket);
}
