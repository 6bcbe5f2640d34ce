import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { opensForbiddenPort } from '../../../../policy/invariants';
import { blocksCoverInternet, cidrIngress, describePermission, type SecurityGroupPermission as Permission } from './security-group-permission';

/**
 * No security group lets the whole internet (0.0.0.0/0, ::/0, or blocks of one permission set
 * that together cover an address family) reach a port other than the web ports the profile
 * opens (network.ingressPorts among 80 and 443, TCP): not SSH, not a database, not every
 * protocol (-1), not a range that spans another port. Read in a group's inline
 * SecurityGroupIngress together with the AWS::EC2::SecurityGroupIngress resources that add to it
 * (the finding is on the group), and in a standalone one whose group is outside the app; a
 * finding names the protocol and ports. Sources that are security groups or prefix lists are not the internet.
 */
export const NoInternetIngressBeyondWebPorts: AwsRule = (node, { index, policy }) => {
  const ingress = cidrIngress(node, index);
  if (ingress === 'not-applicable') return NOT_APPLICABLE;
  if (ingress === 'unresolved') return UNRESOLVED;
  // Permissions with the same protocol and ports, by their sources: blocks can cover the internet together.
  const sources = new Map<string, { permission: Permission; cidrs: string[] }>();
  for (const { permission, cidrs } of ingress.permissions) {
    const key = describePermission(permission);
    const entry = sources.get(key) ?? { permission, cidrs: [] };
    entry.cidrs.push(...cidrs);
    sources.set(key, entry);
  }
  const findings = [...sources].flatMap(([key, { permission, cidrs }]) => {
    if (!blocksCoverInternet(cidrs)) return [];
    const forbidden = opensForbiddenPort(
      {
        protocol: String(permission.ipProtocol),
        fromPort: typeof permission.fromPort === 'number' ? permission.fromPort : undefined,
        toPort: typeof permission.toPort === 'number' ? permission.toPort : undefined,
      },
      policy.network.ingressPorts,
    );
    return forbidden ? [key] : [];
  });
  if (findings.length > 0) return findings;
  return ingress.unresolved ? UNRESOLVED : COMPLIANT;
};
