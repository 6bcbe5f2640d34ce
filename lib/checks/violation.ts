/**
 * One place where a rule finds a weakness: the profile field or the Terraform address at fault,
 * and what was found there. Doctor and Cloudflare rules return these; AWS rules return cdk-nag's
 * NagRuleResult instead (see aws-rule.ts).
 */
export interface Violation {
  readonly path: string;
  readonly observed: string;
  /** The verdict depends on a value known only at deploy or apply time: reported as `<id>[unresolved]`, never a pass. */
  readonly unresolved?: boolean;
}
