import { App, Aws, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { buildPolicy, extendPreset } from '../../../../../lib/tooling';
import { AppIndex } from '../../../../../lib/aws/core/app-index';
import { COMPLIANT, UNRESOLVED } from '../../../../../lib/checks/aws/aws-rule';
import { NoWildcardSecretRead } from '../../../../../lib/checks/aws/rules/iam/NoWildcardSecretRead';
import { literalShape } from '../../../../../lib/checks/aws/rules/iam/policy-statements';

function verdict(statement: (stack: Stack) => unknown): unknown {
  const app = new App();
  const stack = new Stack(app, 'Iam');
  const node = new iam.CfnPolicy(stack, 'Policy', { policyName: 'p', roles: ['r'], policyDocument: { Version: '2012-10-17', Statement: statement(stack) } });
  return NoWildcardSecretRead(node, { index: AppIndex.of(app), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });
}

const read = (Resource: unknown) => ({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource });

describe('Bulwark-IAM1 reads a single statement object as a one-statement list', () => {
  it('reports a single statement that reads every secret', () => {
    expect(verdict(() => read('*'))).toEqual(['Resource::*']);
  });

  it('passes a single scoped statement', () => {
    expect(verdict(() => read('arn:aws:secretsmanager:eu-west-1:123456789012:secret:production/payment/*'))).toBe(COMPLIANT);
  });

  it('is unresolved when the statement itself is known only at deploy time', () => {
    expect(verdict(() => [Fn.importValue('statement')])).toBe(UNRESOLVED);
    expect(verdict(() => Fn.importValue('statements'))).toBe(UNRESOLVED);
  });
});

describe('Bulwark-IAM1 judges an ARN built with Fn::Sub or Fn::Join by its literal parts', () => {
  it('reports a Fn::Sub ARN over every secret', () => {
    expect(verdict(() => [read({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*' })])).toEqual([
      'Resource::arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*',
    ]);
    expect(verdict(() => [read({ 'Fn::Sub': ['arn:aws:secretsmanager:${R}:${A}:secret:*', { R: 'eu-west-1', A: '1' }] })])).toEqual([
      'Resource::arn:aws:secretsmanager:${R}:${A}:secret:*',
    ]);
  });

  it('reports a Fn::Join ARN over every secret (what `${Aws.PARTITION}` in a CDK string renders)', () => {
    expect(verdict(() => [read(`arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:*`)])).toEqual([
      'Resource::arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*',
    ]);
  });

  it('passes a built ARN scoped to a namespace, or to a secret known only at deploy time', () => {
    expect(verdict(() => [read({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/api/*' })])).toBe(COMPLIANT);
    expect(verdict(() => [read({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${Name}' })])).toBe(COMPLIANT);
    expect(verdict(() => [read({ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${!Literal}*' })])).toBe(COMPLIANT);
  });
});

describe('literalShape', () => {
  it('renders parts known only at deploy time by name, and keeps `${!…}` literal', () => {
    expect(literalShape({ 'Fn::Join': ['', ['a:', { Ref: 'X' }, ':', { 'Fn::GetAtt': ['R', 'Arn'] }, ':', { 'Fn::Select': [0, []] }]] })).toEqual({
      text: 'a:${X}:${R.Arn}:${?}',
      literal: 'a:\u0000:\u0000:\u0000',
    });
    expect(literalShape({ 'Fn::Sub': 'x${!Y}z' })).toEqual({ text: 'x${Y}z', literal: 'x${Y}z' });
    expect(literalShape(42)).toBeUndefined();
    expect(literalShape({ 'Fn::Join': [1, []] })).toBeUndefined();
    expect(literalShape({ 'Fn::Sub': [{ Ref: 'T' }] })).toBeUndefined();
  });
});

describe('Bulwark-IAM1 on policy documents without statements', () => {
  const context = () => ({ index: AppIndex.of(new App()), policy: buildPolicy(extendPreset('baseline', { name: 'demo' })) });

  it('passes a policy whose document has no statement, and a role whose inline policy has none or that has no inline policy', () => {
    const stack = new Stack(new App(), 'Iam');
    expect(
      NoWildcardSecretRead(new iam.CfnPolicy(stack, 'Empty', { policyName: 'p', roles: ['r'], policyDocument: { Version: '2012-10-17' } }), context()),
    ).toBe(COMPLIANT);
    expect(
      NoWildcardSecretRead(
        new iam.CfnRole(stack, 'EmptyInline', { assumeRolePolicyDocument: {}, policies: [{ policyName: 'p', policyDocument: {} }] }),
        context(),
      ),
    ).toBe(COMPLIANT);
    expect(NoWildcardSecretRead(new iam.CfnRole(stack, 'NoInline', { assumeRolePolicyDocument: {} }), context())).toBe(COMPLIANT);
  });

  it('reads a later document of a role after one without statements', () => {
    const stack = new Stack(new App(), 'Iam');
    const role = new iam.CfnRole(stack, 'Role', {
      assumeRolePolicyDocument: {},
      policies: [
        { policyName: 'empty', policyDocument: {} },
        { policyName: 'reads', policyDocument: { Statement: [read('*')] } },
      ],
    });
    expect(NoWildcardSecretRead(role, context())).toEqual(['Resource::*']);
  });
});
