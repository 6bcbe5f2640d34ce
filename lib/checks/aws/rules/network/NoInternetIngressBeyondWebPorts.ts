import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import type { CfnResource } from 'aws-cdk-lib';
import { type AppIndex, isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { opensForbiddenPort, opensToWholeInternet } from '../../../../policy/invariants';
import { cidrProblem, isWholeInternet } from '../../../../profile/cidr';
import { describePermission, type SecurityGroupPermission as Permission } from './security-group-permission';

/** A standalone AWS::EC2::SecurityGroupIngress as one permission of its group. */
function standalonePermission(node: CfnResource): Permission {
  return Object.fromEntries(['ipProtocol', 'fromPort', 'toPort', 'cidrIp', 'cidrIpv6'].map((key) => [key, resolved<unknown>(node, key)]));
}

/** The security group of the app a standalone ingress rule adds to, when its groupId names one. */
function groupOf(index: AppIndex, node: CfnResource): CfnResource | undefined {
  const group = index.target(node, resolved(node, 'groupId'));
  return group?.cfnResourceType === 'AWS::EC2::SecurityGroup' ? group : undefined;
}

const ingressByIndex = new WeakMap<AppIndex, ReadonlyMap<CfnResource, readonly CfnResource[]>>();

/** The standalone ingress rules of each security group of the app, read once per app. */
function standaloneIngressByGroup(index: AppIndex): ReadonlyMap<CfnResource, readonly CfnResource[]> {
  const known = ingressByIndex.get(index);
  if (known) return known;
  const byGroup = new Map<CfnResource, CfnResource[]>();
  for (const rule of index.ofType('AWS::EC2::SecurityGroupIngress')) {
    const group = groupOf(index, rule);
    if (group) byGroup.set(group, [...(byGroup.get(group) ?? []), rule]);
  }
  ingressByIndex.set(index, byGroup);
  return byGroup;
}

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
  let permissions: unknown;
  if (node.cfnResourceType === 'AWS::EC2::SecurityGroup') {
    // With the group's standalone ingress rules: blocks split across resources cover the internet together too.
    const inline = resolved<unknown>(node, 'securityGroupIngress') ?? [];
    permissions = Array.isArray(inline) ? [...(inline as unknown[]), ...(standaloneIngressByGroup(index).get(node) ?? []).map(standalonePermission)] : inline;
  } else if (node.cfnResourceType === 'AWS::EC2::SecurityGroupIngress') {
    // Judged with its group when the group is in the app, so the finding is not given twice.
    if (groupOf(index, node) !== undefined) return NOT_APPLICABLE;
    permissions = [standalonePermission(node)];
  } else return NOT_APPLICABLE;
  if (!Array.isArray(permissions) || permissions.some((permission) => !isDataObject(permission))) return UNRESOLVED;
  // Permissions with the same protocol and ports, by their sources: blocks can cover the internet together.
  const sources = new Map<string, { permission: Permission; cidrs: string[] }>();
  let unresolved = false;
  for (const permission of permissions as Permission[]) {
    const { ipProtocol, fromPort, toPort, cidrIp, cidrIpv6 } = permission;
    // A source that is a security group or a prefix list is not the internet, whatever its ports resolve to.
    if (cidrIp === undefined && cidrIpv6 === undefined) continue;
    if ([ipProtocol, fromPort, toPort, cidrIp, cidrIpv6].some(isIntrinsic)) {
      unresolved = true;
      continue;
    }
    const cidrs = [cidrIp, cidrIpv6].filter((cidr): cidr is string => typeof cidr === 'string');
    if (cidrs.length === 0) continue;
    const key = describePermission(permission);
    const entry = sources.get(key) ?? { permission, cidrs: [] };
    entry.cidrs.push(...cidrs);
    sources.set(key, entry);
  }
  const findings = [...sources].flatMap(([key, { permission, cidrs }]) => {
    if (!opensToWholeInternet(cidrs.filter((cidr) => isWholeInternet(cidr) || cidrProblem(cidr) === undefined))) return [];
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
  return unresolved ? UNRESOLVED : COMPLIANT;
};
