import type { App, Stack } from 'aws-cdk-lib';
import { compileWafRules } from '../../lib/aws/waf/compile-rules';
import { buildPolicy } from '../../lib/policy/normalize';
import { serviceProfile, stackProfile } from './fleet-profiles';
import { serviceName, stackGroups } from './fleet-shape';
import { addL1Fleet } from './l1-fleet';

/**
 * A floor for Bulwark (variant a″, for information): the plain L1 fleet plus the profile work the
 * Bulwark fleet does: loading the profile schema, parsing each stack's and each service's
 * profile, building their policies (the alarms and the secrets of a stack each build one, as
 * the constructs do today) and compiling each service's Web ACL rules. What b costs beyond it is
 * the construct layer.
 */
export function addProfileFloorFleet(app: App, services: number): Stack[] {
  for (const [stackIndex, group] of stackGroups(services).entries()) {
    const stackPolicy = stackProfile(stackIndex, group);
    buildPolicy(stackPolicy);
    buildPolicy(stackPolicy);
    for (const index of group) {
      compileWafRules(buildPolicy(serviceProfile(index)), {
        metricPrefix: serviceName(index),
        ipSetArn: (spec) => spec.id,
        regexPatternSetArn: (spec) => spec.id,
      });
    }
  }
  return addL1Fleet(app, services);
}
