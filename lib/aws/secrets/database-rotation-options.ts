import type * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Where the hosted rotation functions of database secrets run. */
export interface DatabaseRotationOptions {
  /** The VPC the rotation functions run in: one that reaches the databases and Secrets Manager. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of the rotation functions.
   * @default - the VPC's default subnet selection (as Secrets Manager's hosted rotation takes it)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The security groups of the rotation functions.
   * @default - a new security group
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}
