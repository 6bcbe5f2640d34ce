import type { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag/lib/nag-rules';
import type { Policy } from '../../policy/model';
import type { AppIndex } from '../../aws/core/app-index';

/** What a Bulwark check rule reads besides the resource: the app index and the policy's thresholds. */
export interface AwsRuleContext {
  readonly index: AppIndex;
  readonly policy: Policy;
}

/**
 * A check rule: a pure function from one L1 resource to compliant, not applicable, or its
 * findings. A value known only at deploy time gives the finding `unresolved`: unknown is not a
 * pass, and the finding can be acknowledged on its own.
 *
 * Unlike doctor and Cloudflare rules, these return cdk-nag's NagRuleResult, not Violations:
 * cdk-nag's engine runs them, tells compliant from not applicable, names each finding
 * `<id>[<finding>]`, records acknowledgements and writes the validation report. Its findings
 * become check findings at one boundary, where `bulwark check` reads that report
 * (read-cloud-assembly.ts), by the same builder as the other packs'.
 */
export type AwsRule = (node: CfnResource, context: AwsRuleContext) => NagRuleResult;

export const COMPLIANT = NagRuleCompliance.COMPLIANT;
export const NON_COMPLIANT = NagRuleCompliance.NON_COMPLIANT;
export const NOT_APPLICABLE = NagRuleCompliance.NOT_APPLICABLE;
export const UNRESOLVED: NagRuleResult = ['unresolved'];

/** Compliant when the condition holds. */
export function compliantIf(condition: boolean): NagRuleResult {
  return condition ? COMPLIANT : NON_COMPLIANT;
}
