import type { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
// Deep imports: the cdk-nag index loads every pack and its rules (about 200 ms per process).
import { NagPack, type NagPackProps } from 'cdk-nag/lib/nag-pack';
import { NagMessageLevel, NagRuleCompliance, type NagRuleResult } from 'cdk-nag/lib/nag-rules';
import type { IConstruct } from 'constructs';
import { describeChecklistItem } from '../../checklist/items';
import type { Policy } from '../../policy/model';
import { policyFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Severity } from '../severity';
import { AppIndex } from '../../aws/core/app-index';
import { BULWARK_AWS_RULES } from './aws-pack';
import type { AwsRuleResult } from './aws-rule';

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

  constructor(scope?: IConstruct, props: BulwarkChecksProps = {}) {
    super(scope, props);
    this.packName = 'Bulwark';
    this.policy = policyFrom(props);
  }

  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.index = AppIndex.of(scope);
    try {
      return super.validateScope(scope);
    } finally {
      this.index = undefined;
    }
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
        rule: (resource) => nagResult(definition.rule(resource, context)),
      });
    }
  }
}
