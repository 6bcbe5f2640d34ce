import type { CfnResource } from 'aws-cdk-lib';
import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isDataObject, isIntrinsic, resolved, type AppIndex } from '../../../../aws/core/app-index';
import { opensToWholeInternet } from '../../../../policy/invariants';
import { cidrProblem, isWholeInternet } from '../../../../profile/cidr';
import { describePermission, type SecurityGroupPermission as Permission, standalonePermission, standaloneRulesByGroup } from './security-group-permission';

/**
 * What the rule learns about an app once: the load balancers' groups, the groups each standalone
 * ingress rule opens to another, and each group's standalone egress rules.
 */
interface Tiers {
  readonly loadBalancerGroups: ReadonlySet<CfnResource>;
  readonly sourcesByGroup: ReadonlyMap<CfnResource, CfnResource[]>;
  readonly egressByGroup: ReadonlyMap<CfnResource, readonly CfnResource[]>;
}

const tiersByIndex = new WeakMap<AppIndex, Tiers>();

/** The security groups that load balancers use, and for each group the groups its standalone ingress rules admit and its standalone egress rules. */
function tiersOf(index: AppIndex): Tiers {
  const known = tiersByIndex.get(index);
  if (known) return known;
  const loadBalancerGroups = new Set<CfnResource>();
  // Application and Network Load Balancers, and Classic Load Balancers in a VPC: both name their groups in SecurityGroups.
  for (const loadBalancer of [...index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer'), ...index.ofType('AWS::ElasticLoadBalancing::LoadBalancer')]) {
    const groups = resolved<unknown>(loadBalancer, 'securityGroups');
    for (const group of Array.isArray(groups) ? groups : []) {
      const target = index.target(loadBalancer, group);
      if (target?.cfnResourceType === 'AWS::EC2::SecurityGroup') loadBalancerGroups.add(target);
    }
  }
  const standalone = standaloneRulesByGroup(index);
  const sourcesByGroup = new Map<CfnResource, CfnResource[]>();
  for (const [group, rules] of standalone.ingress) {
    const sources = rules.map((rule) => index.target(rule, resolved(rule, 'sourceSecurityGroupId'))).filter((source) => source !== undefined);
    if (sources.length > 0) sourcesByGroup.set(group, sources);
  }
  const tiers = { loadBalancerGroups, sourcesByGroup, egressByGroup: standalone.egress };
  tiersByIndex.set(index, tiers);
  return tiers;
}

/** Whether a destination is a VPC's CIDR block in this app, as `Fn::GetAtt [<vpc>, CidrBlock]`. */
function isVpcBlock(index: AppIndex, node: CfnResource, cidr: unknown): boolean {
  if (!isIntrinsic(cidr)) return false;
  const getAtt = (cidr as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'CidrBlock' && index.target(node, cidr)?.cfnResourceType === 'AWS::EC2::VPC';
}

/**
 * The application tier connects only where the profile names, never to the whole internet
 * beyond HTTPS the profile opens there (network.egress.https with a /0). The application tier
 * is a security group that admits a load balancer's security group (an ALB's, NLB's or Classic Load Balancer's; inline or through an
 * AWS::EC2::SecurityGroupIngress): only then is it known to be the tier behind the load
 * balancer, so other groups are not judged. A group without inline SecurityGroupEgress has
 * CloudFormation's default all-outbound rule (finding `all-by-default`); otherwise a finding
 * names each protocol and ports open to the whole internet, by its inline rules or by an
 * AWS::EC2::SecurityGroupEgress naming it.
 */
export const AppTierEgressRestricted: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::EC2::SecurityGroup') return NOT_APPLICABLE;
  const { loadBalancerGroups, sourcesByGroup, egressByGroup } = tiersOf(index);
  if (loadBalancerGroups.has(node)) return NOT_APPLICABLE;
  const ingress = resolved<unknown>(node, 'securityGroupIngress') ?? [];
  const inlineSources = (Array.isArray(ingress) ? ingress : []).map((permission: unknown) =>
    isDataObject(permission) ? index.target(node, permission.sourceSecurityGroupId) : undefined,
  );
  const behindLoadBalancer = [...inlineSources, ...(sourcesByGroup.get(node) ?? [])].some((source) => source !== undefined && loadBalancerGroups.has(source));
  if (!behindLoadBalancer) return NOT_APPLICABLE;

  const egress = resolved<unknown>(node, 'securityGroupEgress');
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html: no egress rules, all outbound.
  if (egress === undefined) return ['all-by-default'];
  if (!Array.isArray(egress) || egress.some((permission) => !isDataObject(permission))) return UNRESOLVED;
  // Each permission with the resource it is written on: a standalone rule's references resolve from there.
  const permissions: [CfnResource, Permission][] = [
    ...(egress as Permission[]).map((permission): [CfnResource, Permission] => [node, permission]),
    ...(egressByGroup.get(node) ?? []).map((rule): [CfnResource, Permission] => [rule, standalonePermission(rule)]),
  ];
  const httpsToInternet = opensToWholeInternet(policy.network.egress.https.filter((destination) => !destination.startsWith('pl-')));
  const destinations = new Map<string, string[]>();
  let unresolved = false;
  for (const [owner, permission] of permissions) {
    const { ipProtocol, fromPort, toPort } = permission;
    // A VPC's own block (Fn::GetAtt of its CidrBlock) is at most a /16: never the internet, whatever the ports.
    const [cidrIp, cidrIpv6] = [permission.cidrIp, permission.cidrIpv6].map((cidr) => (isVpcBlock(index, owner, cidr) ? undefined : cidr));
    if ([ipProtocol, fromPort, toPort, cidrIp, cidrIpv6].some(isIntrinsic)) {
      unresolved = true;
      continue;
    }
    const cidrs = [cidrIp, cidrIpv6].filter((cidr): cidr is string => typeof cidr === 'string');
    const key = describePermission(permission);
    destinations.set(key, [...(destinations.get(key) ?? []), ...cidrs]);
  }
  const findings = [...destinations].flatMap(([key, cidrs]) => {
    if (!opensToWholeInternet(cidrs.filter((cidr) => isWholeInternet(cidr) || cidrProblem(cidr) === undefined))) return [];
    return key === 'tcp:443' && httpsToInternet ? [] : [key];
  });
  if (findings.length > 0) return findings;
  return unresolved ? UNRESOLVED : COMPLIANT;
};
