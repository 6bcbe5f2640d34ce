import { App, BootstraplessSynthesizer, CfnParameter, DefaultStackSynthesizer, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { BaselineStackSet, type BaselineStackSetProps } from '../../../lib/aws/organization/baseline-stack-set';
import { StackSetCallAs } from '../../../lib/aws/organization/stack-set-call-as';
import { STACK_SET_TEMPLATE_BODY_LIMIT } from '../../../lib/aws/organization/stack-set-template';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';
import { Profile } from '../../../lib/tooling';
import { SecurityBaselineStack } from '../../../lib/aws/organization/security-baseline-stack';
import { SECURITY_ACCOUNT, baselineProfile, managementAndBaseline } from './baseline-fixtures';

const TARGETS = { organizationalUnitIds: ['ou-ab12-cdefgh34'], regions: ['eu-west-1', 'us-east-1'] };

function stackSet(props: Partial<BaselineStackSetProps> = {}) {
  const { management, baseline } = managementAndBaseline();
  const construct = new BaselineStackSet(management, 'Baseline', { stack: baseline, ...TARGETS, ...props });
  return { template: Template.fromStack(management), construct };
}

/** A stack of its own Stage, without bootstrap, holding what `fill` adds. */
function memberStack(fill: (stack: Stack) => void, synthesizer: Stack['synthesizer'] = new BootstraplessSynthesizer()): { management: Stack; member: Stack } {
  const app = new App();
  const management = new Stack(app, 'Management');
  const member = new Stack(new Stage(app, 'Members'), 'Member', { synthesizer });
  fill(member);
  return { management, member };
}

describe('BaselineStackSet', () => {
  it('is service-managed and deploys to every account of the OUs, in every region, and to accounts that join later', () => {
    stackSet().template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdefgh34'] }, Regions: ['eu-west-1', 'us-east-1'] }],
      CallAs: 'SELF',
      ManagedExecution: { Active: true },
    });
  });

  it('rolls out a quarter of the accounts at a time, tolerating 10 % failures, regions in parallel', () => {
    stackSet().template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      OperationPreferences: {
        FailureTolerancePercentage: 10,
        MaxConcurrentPercentage: 25,
        RegionConcurrencyType: 'PARALLEL',
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      },
    });
  });

  it('acknowledges the IAM resources of the baseline (CAPABILITY_NAMED_IAM)', () => {
    stackSet().template.hasResourceProperties('AWS::CloudFormation::StackSet', { Capabilities: ['CAPABILITY_NAMED_IAM'] });
  });

  it("embeds the baseline's template: the secrets key, the audit rules and the publisher role are in TemplateBody", () => {
    const { template, construct } = stackSet();
    const body = JSON.parse(construct.templateBody) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    template.hasResourceProperties('AWS::CloudFormation::StackSet', { TemplateBody: construct.templateBody });
    const types = Object.values(body.Resources).map((resource) => resource.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::Events::Rule', 'AWS::IAM::Role']));
    const rotationRule = Object.values(body.Resources).find(
      (resource) => resource.Type === 'AWS::Events::Rule' && JSON.stringify(resource.Properties.EventPattern).includes('RotationFailed'),
    );
    expect(rotationRule?.Properties.Targets).toEqual([expect.objectContaining({ RoleArn: expect.anything() })]);
  });

  it('lets the delegated administrator deploy, keeps no stack of a leaving account when told, and leaves exceptions out', () => {
    stackSet({
      callAs: StackSetCallAs.DELEGATED_ADMIN,
      retainStacksOnAccountRemoval: false,
      excludedAccounts: ['333333333333'],
    }).template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdefgh34'], AccountFilterType: 'DIFFERENCE', Accounts: ['333333333333'] },
          Regions: Match.anyValue(),
        },
      ],
    });
  });

  it('passes the values of template parameters', () => {
    const { management, member } = memberStack((stack) => {
      const email = new CfnParameter(stack, 'Team', { type: 'String' });
      new sns.Topic(stack, 'Topic', { displayName: email.valueAsString, enforceSSL: true });
    });
    new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS, parameters: { Team: 'payments' } });
    Template.fromStack(management).hasResourceProperties('AWS::CloudFormation::StackSet', {
      Parameters: [{ ParameterKey: 'Team', ParameterValue: 'payments' }],
    });
  });

  it('refuses a template parameter without a value, and a value for no parameter', () => {
    const { management, member } = memberStack((stack) => {
      new sns.Topic(stack, 'Topic', { displayName: new CfnParameter(stack, 'Team', { type: 'String' }).valueAsString });
    });
    expect(() => new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS, parameters: { Other: 'x' } })).toThrow(
      /parameters.Team: the template parameter has no default[\s\S]*parameters.Other: the template has no parameter of that name/,
    );
  });

  it('judges parameter names that every object inherits (toString, constructor) by the given values alone', () => {
    const { management, member } = memberStack((stack) => {
      const parameter = new CfnParameter(stack, 'Inherited', { type: 'String' });
      parameter.overrideLogicalId('toString');
      new sns.Topic(stack, 'Topic', { displayName: parameter.valueAsString });
    });
    expect(() => new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS, parameters: { constructor: 'x' } })).toThrow(
      /parameters.toString: the template parameter has no default[\s\S]*parameters.constructor: the template has no parameter of that name/,
    );
  });

  it('refuses a stack with file assets, which TemplateBody cannot carry', () => {
    const { management, member } = memberStack((stack) => new s3assets.Asset(stack, 'Code', { path: __filename }), new DefaultStackSynthesizer());
    expect(() => new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS })).toThrow(/the stack has 1 file and 0 container image asset\(s\)/);
  });

  it('refuses a stack that needs the CDK bootstrap in member accounts', () => {
    const { management, member } = memberStack((stack) => new sns.Topic(stack, 'Topic'), new DefaultStackSynthesizer());
    expect(() => new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS })).toThrow(/checks the CDK bootstrap version/);
  });

  it(`refuses a template larger than ${STACK_SET_TEMPLATE_BODY_LIMIT} bytes`, () => {
    const { management, member } = memberStack((stack) => {
      for (let index = 0; index < 300; index += 1) new sns.Topic(stack, `Topic${index}`, { displayName: 'x'.repeat(100) });
    });
    expect(() => new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS })).toThrow(/more than the 51200 bytes a StackSet's TemplateBody takes/);
  });

  it("refuses a stack of the StackSet's own Stage", () => {
    const app = new App();
    const management = new Stack(app, 'Management');
    const member = new Stack(app, 'Member', { synthesizer: new BootstraplessSynthesizer() });
    expect(() => new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS })).toThrow(/stack: the stack is in the same Stage as this StackSet/);
  });

  it('refuses a stack with an account or region of its own, which every instance would name', () => {
    const app = new App();
    const management = new Stack(app, 'Management');
    const member = new Stack(new Stage(app, 'Members'), 'Member', {
      synthesizer: new BootstraplessSynthesizer(),
      env: { account: '333333333333', region: 'eu-west-1' },
    });
    new sns.Topic(member, 'Topic');
    expect(() => new BaselineStackSet(management, 'Set', { stack: member, ...TARGETS })).toThrow(/stack: the stack has an account or region of its own/);
  });

  it('refuses targets and preferences CloudFormation would not take', () => {
    const { management, baseline } = managementAndBaseline();
    expect(
      () =>
        new BaselineStackSet(management, 'Set', {
          stack: baseline,
          organizationalUnitIds: ['engineering'],
          regions: [],
          excludedAccounts: ['12'],
          failureTolerancePercentage: 101,
          maxConcurrentPercentage: 0,
          stackSetName: '1-baseline',
        }),
    ).toThrow(
      /organizationalUnitIds: 1 value\(s\) are neither[\s\S]*regions: name at least one region[\s\S]*excludedAccounts: every excluded account[\s\S]*failureTolerancePercentage[\s\S]*maxConcurrentPercentage[\s\S]*stackSetName/,
    );
  });

  it('gets zero findings from BulwarkChecks, the baseline stack included', () => {
    const { construct } = stackSet();
    expect(new BulwarkChecks(undefined, { profile: baselineProfile() }).validateScope(construct.node.root).violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('BaselineStackSet under the CloudFormation validator', () => {
  useCloudFormationValidator();

  it('synthesizes a valid template, the baseline stack included', () => {
    const violations = synthValidated((stack) => {
      const baseline = new SecurityBaselineStack(new Stage(stack.node.root as App, 'Members'), 'Baseline', {
        profile: Profile.fromObject({ name: 'demo', monitoring: { cloudTrail: true } }),
        securityAccount: SECURITY_ACCOUNT,
      });
      new BaselineStackSet(stack, 'Baseline', { stack: baseline, ...TARGETS });
    });
    expect(violations).toEqual([]);
  });
});
