import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { ServiceRole } from '../../../lib/aws/secrets/service-role';

const env = { account: '123456789012', region: 'eu-west-1' };
const read = new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:a/*'] });

function build() {
  const stack = new Stack(new App(), 'Stack', { env });
  const role = new ServiceRole(stack, 'Role', {
    assumedBy: new iam.AccountRootPrincipal(),
    description: 'Reads a',
    maxSessionDuration: 3_600,
    statements: [read],
  });
  return { stack, role };
}

describe('ServiceRole', () => {
  it('writes the role and its one inline policy, with the trust, description and session length given', () => {
    const { stack, role } = build();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: 'Reads a',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { AWS: Match.anyValue() } })] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: stack.resolve(role.cfnPolicy.logicalId),
      Roles: [{ Ref: stack.resolve(role.cfnRole.logicalId) }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'secretsmanager:GetSecretValue' })] },
    });
  });

  it('adds managed policies once, grants pass-role on its ARN, and applies a removal policy to the role', () => {
    const { stack, role } = build();
    const managed = iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess');
    role.addManagedPolicy(managed);
    role.addManagedPolicy(managed);
    const deployer = new iam.Role(stack, 'Deployer', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    role.grantPassRole(deployer);
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::IAM::Role', {
      Properties: { Description: 'Reads a', ManagedPolicyArns: [Match.objectLike({ 'Fn::Join': Match.anyValue() })] },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Deployer') }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [stack.resolve(role.cfnRole.logicalId), 'Arn'] } })] },
    });
  });

  it("fails synth with aws-cdk-lib's own message when its inline policy names a principal", () => {
    const { stack, role } = build();
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'], principals: [new iam.AnyPrincipal()] }));
    expect(() => Template.fromStack(stack)).toThrow(/cannot specify any IAM principals/);
  });
});
