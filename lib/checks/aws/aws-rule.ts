import type { CfnResource } from 'aws-cdk-lib';
import type { Policy } from '../../policy/model';
import type { AppIndex } from '../../aws/core/app-index';

/** What a Bulwark check rule reads besides the resource: the app index and the policy's thresholds. */
export interface AwsRuleContext {
  readonly index: AppIndex;
  readonly policy: Policy;
}

/**
 * A rule's verdict on one resource: compliant, not applicable, non-compliant, or the findings
 * (each named `<id>[<finding>]` in reports). The values are cdk-nag's own, written here so that
 * reading the pack's definitions (the CLI, the catalogue) does not load cdk-nag; a test pins
 * them to cdk-nag's enum, and BulwarkChecks hands them to cdk-nag's engine unchanged.
 */
export type AwsRuleResult = 'Compliant' | 'Non-Compliant' | 'N/A' | string[];

/**
 * A check rule: a pure function from one L1 resource to compliant, not applicable, or its
 * findings. A value known only at deploy time gives the finding `unresolved`: unknown is not a
 * pass, and the finding can be acknowledged on its own.
 *
 * cdk-nag's engine runs these rules (in BulwarkChecks): it tells compliant from not applicable,
 * names each finding `<id>[<finding>]`, records acknowledgements and writes the validation
 * report. Its findings become check findings at one boundary, where `bulwark check` reads that
 * report (read-cloud-assembly.ts), by the same builder as the other packs'.
 */
export type AwsRule = (node: CfnResource, context: AwsRuleContext) => AwsRuleResult;

export const COMPLIANT = 'Compliant' satisfies AwsRuleResult;
export const NON_COMPLIANT = 'Non-Compliant' satisfies AwsRuleResult;
export const NOT_APPLICABLE = 'N/A' satisfies AwsRuleResult;
export const UNRESOLVED: AwsRuleResult = ['unresolved'];

/** Compliant when the condition holds. */
export function compliantIf(condition: boolean): AwsRuleResult {
  return condition ? COMPLIANT : NON_COMPLIANT;
}
