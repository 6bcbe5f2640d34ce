import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport } from 'aws-cdk-lib';
// Deep imports: the cdk-nag index loads every pack and its rules (about 200 ms per process).
import { NagPack, type NagPackProps } from 'cdk-nag/lib/nag-pack';
import { NagMessageLevel, NagRuleCompliance, type NagRuleResult } from 'cdk-nag/lib/nag-rules';
import type { IConstruct } from 'constructs';
import { describeChecklistItem } from '../../checklist/items';
import type { Policy } from '../../policy/model';
import { policyFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Severity } from '../severity';
import { AppIndex } from '../../aws/core/app-index';
import { awsCdkLib } from '../../aws/core/aws-cdk-lib';
import { CHECK_RUN_FILE, contentHash, type CheckRunRecord } from '../report/check-run-record';
import { BULWARK_AWS_RULES } from './aws-pack';
import { NOT_APPLICABLE, type AwsRuleResult } from './aws-rule';

/** cdk-nag's level for each severity: the one place the pack's severities meet cdk-nag's. */
const NAG_LEVEL: Readonly<Record<Severity, NagMessageLevel.ERROR | NagMessageLevel.WARN>> = { error: NagMessageLevel.ERROR, warning: NagMessageLevel.WARN };

/** A rule's verdict as cdk-nag's engine takes it: the same values, typed as its enum. */
const NAG_COMPLIANCE: Readonly<Record<Exclude<AwsRuleResult, string[]>, NagRuleCompliance>> = {
  Compliant: NagRuleCompliance.COMPLIANT,
  'Non-Compliant': NagRuleCompliance.NON_COMPLIANT,
  'N/A': NagRuleCompliance.NOT_APPLICABLE,
};

function nagResult(result: AwsRuleResult): NagRuleResult {
  return Array.isArray(result) ? result : NAG_COMPLIANCE[result];
}

/** The rules with their explanations (the fix and the checklist items enforced), worded once rather than per resource. */
const EXPLAINED_RULES = BULWARK_AWS_RULES.map((definition) => ({
  definition,
  explanation: `${definition.fix} Enforces ${definition.items.map(describeChecklistItem).join('; ')}.`,
}));

export interface BulwarkChecksProps extends NagPackProps, PolicySourceProps {}

/**
 * The Bulwark cdk-nag pack: the hardening checklist enforced at synth time.
 * `Validations.of(app).addPlugins(new BulwarkChecks(app, { profile }))`; thresholds (rotation,
 * session, log retention) come from the profile. Cross-resource rules read one index of the
 * whole app, built once per run, so associations made in other stacks count.
 */
export class BulwarkChecks extends NagPack {
  public readonly name = 'Bulwark';
  private readonly policy: Policy;
  private index?: AppIndex;
  /** Rule ID → resources it applied to (compliant or not), in the current run. */
  private applied = new Map<string, number>();

  constructor(scope?: IConstruct, props: BulwarkChecksProps = {}) {
    super(scope, props);
    this.packName = 'Bulwark';
    this.policy = policyFrom(props);
  }

  /**
   * As a validation plugin: checks the app, then records in the cloud assembly that it ran, on
   * which templates and which rules applied (bulwark-checks.json), for `bulwark check`.
   */
  public override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = super.validate(context);
    const root = (context as { readonly appConstruct?: IConstruct }).appConstruct;
    const outdir = root !== undefined && awsCdkLib().Stage.isStage(root) ? root.outdir : undefined;
    if (outdir !== undefined) {
      const record: CheckRunRecord = {
        templates: Object.fromEntries(context.templatePaths.map((path) => [relative(outdir, path), contentHash(path)])),
        applied: Object.fromEntries(this.applied),
      };
      writeFileSync(join(outdir, CHECK_RUN_FILE), `${JSON.stringify(record, null, 2)}\n`);
    }
    return report;
  }

  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.index = AppIndex.of(scope);
    this.applied = new Map();
    try {
      return super.validateScope(scope);
    } finally {
      this.index = undefined;
    }
  }

  /**
   * Refuses to run as an aspect. cdk-nag 3 packs are validation plugins: added with
   * `Aspects.of(app).add(…)` (as cdk-nag 2 packs were), the pack would check nothing, and CDK
   * would fail on a missing `visit` with no hint of the fix. This names it instead.
   */
  public visit(_node: IConstruct): void {
    throw new Error(
      'BulwarkChecks is a cdk-nag 3 validation plugin, not an aspect: instead of Aspects.of(app).add(new BulwarkChecks(…)), use Validations.of(app).addPlugins(new BulwarkChecks(app, { profile })).',
    );
  }

  protected checkResource(node: CfnResource): void {
    const context = { index: this.index ?? AppIndex.of(node), policy: this.policy };
    for (const { definition, explanation } of EXPLAINED_RULES) {
      this.applyRule({
        ruleSuffixOverride: definition.code,
        info: definition.title,
        explanation,
        level: NAG_LEVEL[definition.severity],
        node,
        rule: (resource) => {
          const result = definition.rule(resource, context);
          if (result !== NOT_APPLICABLE) this.applied.set(definition.id, (this.applied.get(definition.id) ?? 0) + 1);
          return nagResult(result);
        },
      });
    }
  }
}
