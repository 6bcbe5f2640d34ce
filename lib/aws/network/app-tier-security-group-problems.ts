import type { HardeningProblem } from '../../core/hardening-validation-error';
import { describePort, opensToWholeInternet } from '../../policy/invariants';
import type { Policy } from '../../policy/model';

/** A dependency as the problems see it: its port, and its destination when that is a plain CIDR block. */
export interface AppTierDestination {
  readonly port: number;
  /** A CIDR block; undefined for a security group, a prefix list or a value known only at deploy time. */
  readonly cidr?: string;
}

/**
 * What AppTierSecurityGroup refuses: a dependency (from the profile's network.egress.dependencies
 * or the construct's `dependencies`) reached across the whole internet. A database or cache port
 * open to every address is a service on the internet; HTTPS to the internet is network.egress.https.
 */
export function appTierSecurityGroupProblems(policy: Policy, dependencies: readonly AppTierDestination[]): HardeningProblem[] {
  const fromProfile = policy.network.egress.dependencies.flatMap((dependency, index) =>
    opensToWholeInternet(dependency.to.filter((destination) => !destination.startsWith('pl-')))
      ? [
          {
            field: `network.egress.dependencies[${index}].to`,
            message: `reaches port ${describePort(dependency.port)} of ${dependency.name} across the whole internet; list its addresses`,
          },
        ]
      : [],
  );
  const fromProps = dependencies.flatMap((dependency, index) =>
    dependency.cidr !== undefined && opensToWholeInternet([dependency.cidr])
      ? [
          {
            field: `dependencies[${index}]`,
            message: `reaches port ${describePort(dependency.port)} across the whole internet (${dependency.cidr}); name the dependency's security group or addresses`,
          },
        ]
      : [],
  );
  return [...fromProfile, ...fromProps];
}
