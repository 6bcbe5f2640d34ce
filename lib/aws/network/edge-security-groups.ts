import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { edgeSecurityGroupProblems } from './edge-security-group-problems';
import { SSH_PORT } from '../../policy/invariants';
import { isIpv6Cidr } from '../../profile/cidr';
import { CLOUDFLARE_IP_RANGES } from '../../policy/edges/cloudflare-ip-ranges';

const HTTPS_PORT = 443;

export interface EdgeSecurityGroupsProps extends PolicySourceProps {
  readonly vpc: ec2.IVpc;
  /**
   * CloudFront's origin-facing managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`)
   * in this stack's Region, whose ID differs per Region: `ec2.PrefixList.fromPrefixListId(this, 'CloudFront', 'pl-…')`
   * with the ID from `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`,
   * or `ec2.PrefixList.fromLookup` in a stack with an account and Region. Required when
   * network.origin.behind is cloudfront (synthesis stays offline, so it is not looked up here).
   * @default - none; refused behind CloudFront without it, unused otherwise
   */
  readonly cloudFrontPrefixList?: ec2.IPrefixList;
}

/**
 * Security groups from the profile's network section: the load balancer's group is the only
 * one open to the internet, on the profile's ingress ports among 80 and 443, and only to the
 * proxy network.origin.behind names when there is one (CloudFront's origin-facing prefix list,
 * or Cloudflare's published ranges), so the edge cannot be bypassed; SSH comes only from the
 * admin CIDRs, through a separate group that exists only when there are some. Refuses SSH from
 * the whole internet, public ports other than 80 and 443, and CloudFront without its prefix list.
 */
export class EdgeSecurityGroups extends Construct {
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** Attach to instances that admins reach over SSH; absent when network.adminCidrs is empty. */
  public readonly adminSecurityGroup?: ec2.SecurityGroup;
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;

  constructor(scope: Construct, id: string, props: EdgeSecurityGroupsProps) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const { network } = this.policy;
    const problems = edgeSecurityGroupProblems(this.policy, { cloudFrontPrefixList: props.cloudFrontPrefixList !== undefined });
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancer', {
      vpc: props.vpc,
      description: 'Load balancer: only the public web ports (Bulwark)',
      allowAllOutbound: false,
    });
    // Out only into the VPC, where the targets are (CDK adds narrower rules for targets it knows).
    this.loadBalancerSecurityGroup.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.allTcp(), 'To targets in the VPC');
    this.allowWebIngress(props);
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

  /**
   * The web ports, from whatever network.origin.behind says sits in front: anywhere, CloudFront's
   * origin-facing prefix list (443 only: CloudFront reaches the origin over HTTPS, and the list
   * weighs 55 of the 60 rules a group holds by default, https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html),
   * or each of Cloudflare's published ranges (CLOUDFLARE_IP_RANGES).
   */
  private allowWebIngress(props: EdgeSecurityGroupsProps): void {
    const { network } = this.policy;
    const group = this.loadBalancerSecurityGroup;
    const what = (port: number) => (port === 80 ? 'HTTP, redirected to HTTPS' : 'HTTPS');
    switch (network.origin.behind) {
      case 'internet':
        for (const port of network.ingressPorts) {
          group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `${what(port)} from anywhere`);
          group.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(port), `${what(port)} from anywhere (IPv6)`);
        }
        Validations.of(group).acknowledge({
          id: 'AwsSolutions-EC23',
          reason: 'An internet-facing load balancer must accept 80 and 443 from anywhere; nothing else is open and targets stay private.',
        });
        return;
      case 'cloudfront':
        // edgeSecurityGroupProblems refused a missing list.
        if (props.cloudFrontPrefixList)
          group.addIngressRule(
            ec2.Peer.prefixList(props.cloudFrontPrefixList.prefixListId),
            ec2.Port.tcp(HTTPS_PORT),
            'HTTPS from CloudFront origin-facing servers only',
          );
        return;
      case 'cloudflare':
        for (const port of network.ingressPorts) {
          for (const cidr of CLOUDFLARE_IP_RANGES.ipv4) group.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(port), `${what(port)} from Cloudflare ${cidr}`);
          for (const cidr of CLOUDFLARE_IP_RANGES.ipv6) group.addIngressRule(ec2.Peer.ipv6(cidr), ec2.Port.tcp(port), `${what(port)} from Cloudflare ${cidr}`);
        }
        return;
    }
  }
}
