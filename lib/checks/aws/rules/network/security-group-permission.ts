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
