import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { isIpv6Cidr } from '../../profile/cidr';
import { appTierSecurityGroupProblems, type AppTierDestination } from './app-tier-security-group-problems';

/** A service in the app that the application tier connects to, such as a database or a cache. */
export interface AppTierDependency {
  /** Where it is: its security group (a database's `connections.securityGroups[0]`), a CIDR block or a prefix list. */
  readonly peer: ec2.IPeer;
  /** The TCP port it listens on. */
  readonly port: number;
  /**
   * What it is, in the egress rule's description.
   * @default - "Dependency on <port>"
   */
  readonly description?: string;
}

export interface AppTierSecurityGroupProps extends PolicySourceProps {
  readonly vpc: ec2.IVpc;
  /** The load balancer's security group (EdgeSecurityGroups.loadBalancerSecurityGroup): the only source the application ports accept. */
  readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  /**
   * Dependencies in this app, beside the profile's network.egress.dependencies (which name
   * addresses); the group may connect to each on its port and to nothing else.
   * @default - only what the profile's network.egress names
   */
  readonly dependencies?: AppTierDependency[];
}

/**
 * The application tier's security group, from the profile's network section: it accepts
 * network.appPorts from the load balancer's group only, and connects only where
 * network.egress and `dependencies` say (no all-outbound rule; HTTPS to the VPC's own
 * block by default, where interface VPC endpoints answer for AWS APIs). Refuses a dependency
 * reached across the whole internet.
 */
export class AppTierSecurityGroup extends Construct {
  /** Attach to the load balancer's targets (instances, ECS services, Lambda functions in the VPC). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;

  constructor(scope: Construct, id: string, props: AppTierSecurityGroupProps) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const { appPorts, egress } = this.policy.network;
    const dependencies = props.dependencies ?? [];
    const problems = appTierSecurityGroupProblems(this.policy, dependencies.map(destinationOf));
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.securityGroup = new ec2.SecurityGroup(this, 'Resource', {
      vpc: props.vpc,
      description: 'Application tier: from the load balancer only, out to named dependencies (Bulwark)',
      allowAllOutbound: false,
      allowAllIpv6Outbound: false,
    });
    for (const port of appPorts) {
      // Through connections, so a load balancer group without all-outbound also gets its egress rule to the targets.
      this.securityGroup.connections.allowFrom(props.loadBalancerSecurityGroup, ec2.Port.tcp(port), `From the load balancer on ${port}`);
    }
    if (egress.httpsWithinVpc) {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to VPC endpoints in the VPC');
    }
    for (const destination of egress.https) {
      this.securityGroup.addEgressRule(peerOf(destination), ec2.Port.tcp(443), `HTTPS to ${destination}`);
    }
    for (const dependency of egress.dependencies) {
      for (const destination of dependency.to) {
        this.securityGroup.addEgressRule(peerOf(destination), ec2.Port.tcp(dependency.port), `${dependency.name} on ${dependency.port}`);
      }
    }
    for (const dependency of dependencies) {
      this.securityGroup.addEgressRule(dependency.peer, ec2.Port.tcp(dependency.port), dependency.description ?? `Dependency on ${dependency.port}`);
    }
  }
}

/** A profile destination as a peer: a prefix list (pl-…) or a CIDR block. */
function peerOf(destination: string): ec2.IPeer {
  if (destination.startsWith('pl-')) return ec2.Peer.prefixList(destination);
  return isIpv6Cidr(destination) ? ec2.Peer.ipv6(destination) : ec2.Peer.ipv4(destination);
}

/** A dependency's port, and its CIDR block when its peer is a plain one. */
function destinationOf(dependency: AppTierDependency): AppTierDestination {
  const rule = dependency.peer.toEgressRuleConfig() as { cidrIp?: unknown; cidrIpv6?: unknown };
  const cidr = [rule.cidrIp, rule.cidrIpv6].find((value): value is string => typeof value === 'string' && !Token.isUnresolved(value));
  return cidr === undefined ? { port: dependency.port } : { port: dependency.port, cidr };
}
