import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyFrom, type PolicySourceProps } from '../../policy/policy-source';
import { edgeSecurityGroupProblems } from './edge-security-group-problems';
import { SSH_PORT } from '../../policy/invariants';
import { isIpv6Cidr } from '../../profile/cidr';

export interface EdgeSecurityGroupsProps extends PolicySourceProps {
  readonly vpc: ec2.IVpc;
}

/**
 * Security groups from the profile's network section: the load balancer's group is the only
 * one open to the internet, on the profile's ingress ports among 80 and 443; SSH comes only
 * from the admin CIDRs, through a separate group that exists only when there are some.
 * Refuses SSH from the whole internet and public ports other than 80 and 443.
 */
export class EdgeSecurityGroups extends Construct {
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** Attach to instances that admins reach over SSH; absent when network.adminCidrs is empty. */
  public readonly adminSecurityGroup?: ec2.SecurityGroup;
  public readonly policy: Policy;

  constructor(scope: Construct, id: string, props: EdgeSecurityGroupsProps) {
    super(scope, id);
    this.policy = policyFrom(props);
    const { network } = this.policy;
    const problems = edgeSecurityGroupProblems(this.policy);
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancer', {
      vpc: props.vpc,
      description: 'Load balancer: only the public web ports (Bulwark)',
      allowAllOutbound: false,
    });
    // Out only into the VPC, where the targets are (CDK adds narrower rules for targets it knows).
    this.loadBalancerSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.allTcp(), 'To targets in the VPC');
    for (const port of network.ingressPorts) {
      this.loadBalancerSecurityGroup.addIngressRule(
        ec2.Peer.anyIpv4(),
        ec2.Port.tcp(port),
        `${port === 80 ? 'HTTP, redirected to HTTPS' : 'HTTPS'} from anywhere`,
      );
      this.loadBalancerSecurityGroup.addIngressRule(
        ec2.Peer.anyIpv6(),
        ec2.Port.tcp(port),
        `${port === 80 ? 'HTTP, redirected to HTTPS' : 'HTTPS'} from anywhere (IPv6)`,
      );
    }
    Validations.of(this.loadBalancerSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason: 'An internet-facing load balancer must accept 80 and 443 from anywhere; nothing else is open and targets stay private.',
    });
    if (network.adminCidrs.length > 0) {
      const admin = new ec2.SecurityGroup(this, 'Admin', {
        vpc: props.vpc,
        description: 'SSH from the admin addresses only (Bulwark)',
        allowAllOutbound: false,
      });
      for (const cidr of network.adminCidrs) {
        admin.addIngressRule(isIpv6Cidr(cidr) ? ec2.Peer.ipv6(cidr) : ec2.Peer.ipv4(cidr), ec2.Port.tcp(SSH_PORT), `SSH from admin ${cidr}`);
      }
      this.adminSecurityGroup = admin;
    }
  }
}
