/**
 * Whom CloudFormation acts as for a service-managed StackSet
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html).
 */
export enum StackSetCallAs {
  /** The organization's management account deploys the StackSet. */
  SELF = 'SELF',
  /** A member account registered as delegated administrator for StackSets deploys it. */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}
