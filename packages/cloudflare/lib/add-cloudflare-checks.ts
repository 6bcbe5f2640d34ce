import type { TerraformStack } from 'cdktf';
import { type Plan, onPlan, runCloudflareChecks, zoneNamesIn, zonePlansIn } from 'bulwark/cloudflare';
import { policyFrom, type PolicyOrProfileProps } from 'bulwark/tooling';

export interface CloudflareChecksProps extends PolicyOrProfileProps {
  /**
   * The plan of zones not hardened by a CloudflareZoneHardening in the stack (which knows its
   * own): expressions are linted for what it allows.
   * @default - the profile's cloudflare.plan
   */
  readonly plan?: Plan;
}

/**
 * Runs the Cloudflare checks when a cdktf stack synthesizes: error-level findings fail synth
 * with the rule, the resource and the fix. A zone hardened by CloudflareZoneHardening is
 * checked for that construct's plan, with the account rulesets of the stack that select it
 * (by its zoneName, or for every Enterprise zone).
 */
export function addCloudflareChecks(stack: TerraformStack, props: CloudflareChecksProps = {}): void {
  const policy = onPlan(policyFrom(props), props.plan);
  stack.node.addValidation({
    validate: () =>
      runCloudflareChecks(stack.toTerraform(), policy, stack.node.id, zonePlansIn(stack), zoneNamesIn(stack))
        .filter((finding) => finding.level === 'error')
        .map(
          (finding) => `${finding.id} at ${finding.location.kind === 'resource' ? finding.location.constructPath : ''}: ${finding.message} Fix: ${finding.fix}`,
        ),
  });
}
