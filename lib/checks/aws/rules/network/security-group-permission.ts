import type { CfnResource } from 'aws-cdk-lib';
import { type AppIndex, isDataObject, isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { opensToWholeInternet } from '../../../../policy/invariants';
import { cidrProblem, isWholeInternet } from '../../../../profile/cidr';

/** One ingress or egress permission of a security group, as CloudFormation gives it (any field may be an intrinsic). */
export interface SecurityGroupPermission {
  readonly ipProtocol?: unknown;
  readonly fromPort?: unknown;
  readonly toPort?: unknown;
  readonly cidrIp?: unknown;
  readonly cidrIpv6?: unknown;
}

/** How a permission reads in a finding: `<protocol>:<ports>` (`all` for every protocol). */
export function describePermission(permission: SecurityGroupPermission): string {
  const protocol = String(permission.ipProtocol).toLowerCase();
  if (protocol === '-1' || protocol === 'all') return 'all';
  const from = typeof permission.fromPort === 'number' ? permission.fromPort : -1;
  const to = typeof permission.toPort === 'number' ? permission.toPort : -1;
  return `${protocol}:${from === to ? from : `${from}-${to}`}`;
}

/** A standalone AWS::EC2::SecurityGroupIngress or SecurityGroupEgress as one permission of its group. */
export function standalonePermission(node: CfnResource): SecurityGroupPermission {
  return Object.fromEntries(['ipProtocol', 'fromPort', 'toPort', 'cidrIp', 'cidrIpv6'].map((key) => [key, resolved<unknown>(node, key)]));
}

/** The security group of the app a standalone ingress or egress rule adds to, when its groupId names one. */
export function standaloneRuleGroup(index: AppIndex, node: CfnResource): CfnResource | undefined {
  const group = index.target(node, resolved(node, 'groupId'));
  return group?.cfnResourceType === 'AWS::EC2::SecurityGroup' ? group : undefined;
}

/** Each security group's standalone ingress and egress rules. */
export interface StandaloneRules {
  readonly ingress: ReadonlyMap<CfnResource, readonly CfnResource[]>;
  readonly egress: ReadonlyMap<CfnResource, readonly CfnResource[]>;
}

const rulesByIndex = new WeakMap<AppIndex, StandaloneRules>();

/** The standalone ingress and egress rules of each security group of the app, read once per app for every rule that needs them. */
export function standaloneRulesByGroup(index: AppIndex): StandaloneRules {
  const known = rulesByIndex.get(index);
  if (known) return known;
  const byGroup = (type: string) => {
    const rules = new Map<CfnResource, CfnResource[]>();
    for (const rule of index.ofType(type)) {
      const group = standaloneRuleGroup(index, rule);
      if (group) rules.set(group, [...(rules.get(group) ?? []), rule]);
    }
    return rules;
  };
  const found = { ingress: byGroup('AWS::EC2::SecurityGroupIngress'), egress: byGroup('AWS::EC2::SecurityGroupEgress') };
  rulesByIndex.set(index, found);
  return found;
}

/**
 * The ingress permissions a rule judges on `node`: a security group's inline ones together with
 * the standalone ingress resources that add to it (blocks split across resources cover the
 * internet together too); a standalone one on its own when its group is outside the app;
 * 'judged-with-group' for a standalone one whose group is in the app, so a finding is given once;
 * undefined for any other resource. The list itself may be an intrinsic: the caller judges it.
 */
export function ingressPermissions(node: CfnResource, index: AppIndex): unknown[] | 'judged-with-group' | 'not-a-list' | undefined {
  if (node.cfnResourceType === 'AWS::EC2::SecurityGroup') {
    const inline = resolved<unknown>(node, 'securityGroupIngress') ?? [];
    if (!Array.isArray(inline)) return 'not-a-list';
    return [...(inline as unknown[]), ...(standaloneRulesByGroup(index).ingress.get(node) ?? []).map(standalonePermission)];
  }
  if (node.cfnResourceType !== 'AWS::EC2::SecurityGroupIngress') return undefined;
  return standaloneRuleGroup(index, node) === undefined ? [standalonePermission(node)] : 'judged-with-group';
}

/** An ingress permission from address blocks, with its blocks. */
export interface CidrIngress {
  readonly permission: SecurityGroupPermission;
  readonly cidrs: readonly string[];
}

/**
 * The ingress permissions of a group (or of a standalone rule judged on its own, as
 * ingressPermissions reads them) whose sources are address blocks: a security group or prefix
 * list is not the internet, whatever its ports resolve to. `unresolved` when a permission's
 * protocol, ports or blocks are known only at deploy time; 'not-applicable' and 'unresolved' for
 * the whole resource as ingressPermissions decides.
 */
export function cidrIngress(
  node: CfnResource,
  index: AppIndex,
): { readonly permissions: CidrIngress[]; readonly unresolved: boolean } | 'not-applicable' | 'unresolved' {
  const permissions = ingressPermissions(node, index);
  if (permissions === undefined || permissions === 'judged-with-group') return 'not-applicable';
  if (permissions === 'not-a-list' || permissions.some((permission) => !isDataObject(permission))) return 'unresolved';
  const found: CidrIngress[] = [];
  let unresolved = false;
  for (const permission of permissions as SecurityGroupPermission[]) {
    const { ipProtocol, fromPort, toPort, cidrIp, cidrIpv6 } = permission;
    if (cidrIp === undefined && cidrIpv6 === undefined) continue;
    if ([ipProtocol, fromPort, toPort, cidrIp, cidrIpv6].some(isIntrinsic)) {
      unresolved = true;
      continue;
    }
    const cidrs = [cidrIp, cidrIpv6].filter((cidr): cidr is string => typeof cidr === 'string');
    if (cidrs.length > 0) found.push({ permission, cidrs });
  }
  return { permissions: found, unresolved };
}

/** Whether blocks, taken together, cover the whole internet of an address family (a block that is not one is left out). */
export function blocksCoverInternet(cidrs: readonly string[]): boolean {
  return opensToWholeInternet(cidrs.filter((cidr) => isWholeInternet(cidr) || cidrProblem(cidr) === undefined));
}
