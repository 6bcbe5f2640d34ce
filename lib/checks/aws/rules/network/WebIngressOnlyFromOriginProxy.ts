import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, resolved, type AppIndex } from '../../../../aws/core/app-index';
import { PUBLIC_WEB_PORTS } from '../../../../policy/invariants';
import { blocksCoverInternet, cidrIngress, type SecurityGroupPermission as Permission } from './security-group-permission';

/** The web ports (80, 443) a permission opens: every protocol opens both; TCP its range (-1 or absent: every port). */
function webPortsOpened(permission: Permission): number[] {
  const protocol = String(permission.ipProtocol).toLowerCase();
  if (protocol === '-1' || protocol === 'all') return [...PUBLIC_WEB_PORTS];
  if (protocol !== 'tcp' && protocol !== '6') return [];
  const from = typeof permission.fromPort === 'number' && permission.fromPort !== -1 ? permission.fromPort : 0;
  const to = typeof permission.toPort === 'number' && permission.toPort !== -1 ? permission.toPort : 65_535;
  return PUBLIC_WEB_PORTS.filter((port) => port >= from && port <= to);
}

/** The security groups of load balancers a CloudFront distribution of the app fetches from, per app index. */
const frontedGroupsByIndex = new WeakMap<AppIndex, Set<CfnResource>>();

/**
 * The security groups of the load balancers that a distribution names as an origin by their DNS
 * name (`Fn::GetAtt [<load balancer>, DNSName]`, as LoadBalancerV2Origin writes it), in the same
 * stack: whatever the profile says, such a load balancer is behind CloudFront.
 */
function groupsFrontedByCloudFront(index: AppIndex): Set<CfnResource> {
  const cached = frontedGroupsByIndex.get(index);
  if (cached) return cached;
  const groups = new Set<CfnResource>();
  for (const distribution of index.ofType('AWS::CloudFront::Distribution')) {
    const config = resolved<{ origins?: unknown }>(distribution, 'distributionConfig');
    const origins = isDataObject(config) && Array.isArray(config.origins) ? config.origins : [];
    for (const origin of origins) {
      const domainName = isDataObject(origin) ? (origin.domainName as { 'Fn::GetAtt'?: unknown } | undefined) : undefined;
      if (!Array.isArray(domainName?.['Fn::GetAtt']) || domainName['Fn::GetAtt'][1] !== 'DNSName') continue;
      const loadBalancer = index.target(distribution, domainName);
      if (loadBalancer?.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') continue;
      const securityGroups = resolved<unknown>(loadBalancer, 'securityGroups');
      for (const group of Array.isArray(securityGroups) ? securityGroups : []) {
        const target = index.target(loadBalancer, group);
        if (target) groups.add(target);
      }
    }
  }
  frontedGroupsByIndex.set(index, groups);
  return groups;
}

/** The security group a resource opens: the group itself, or the one an ingress resource names. */
function groupOf(node: CfnResource, index: AppIndex): CfnResource | undefined {
  return node.cfnResourceType === 'AWS::EC2::SecurityGroup' ? node : index.target(node, resolved<unknown>(node, 'groupId'));
}

/**
 * When the policy puts the origin behind a proxy (network.origin.behind cloudfront or
 * cloudflare), or a CloudFront distribution of the app names the group's load balancer as its
 * origin (by the load balancer's DNSName, in the same stack) whatever the profile says, no
 * security group lets the whole internet (0.0.0.0/0, ::/0, or blocks of one
 * permission set that together cover an address family) reach a web port (80 or 443): the edge
 * would be bypassed by going to the origin directly. Read in a group's inline SecurityGroupIngress
 * together with the AWS::EC2::SecurityGroupIngress resources that add to it (the finding is on the
 * group), and in a standalone one whose group is outside the app; a finding names the port (`tcp:443`). Prefix lists
 * and security groups as sources are not the internet. Not applicable to an origin on the
 * internet that no distribution fronts.
 */
export const WebIngressOnlyFromOriginProxy: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::EC2::SecurityGroup' && node.cfnResourceType !== 'AWS::EC2::SecurityGroupIngress') return NOT_APPLICABLE;
  if (policy.network.origin.behind === 'internet') {
    const group = groupOf(node, index);
    if (group === undefined || !groupsFrontedByCloudFront(index).has(group)) return NOT_APPLICABLE;
  }
  const ingress = cidrIngress(node, index);
  if (ingress === 'not-applicable') return NOT_APPLICABLE;
  if (ingress === 'unresolved') return UNRESOLVED;
  // Sources per web port: blocks from several permissions can cover the internet together.
  const sources = new Map<number, string[]>();
  for (const { permission, cidrs } of ingress.permissions)
    for (const port of webPortsOpened(permission)) sources.set(port, [...(sources.get(port) ?? []), ...cidrs]);
  const findings = [...sources].filter(([, cidrs]) => blocksCoverInternet(cidrs)).map(([port]) => `tcp:${port}`);
  if (findings.length > 0) return findings;
  return ingress.unresolved ? UNRESOLVED : COMPLIANT;
};
