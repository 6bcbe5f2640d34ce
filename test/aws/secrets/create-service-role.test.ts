import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createServiceRole } from '../../../lib/aws/secrets/create-service-role';
import { ServiceRole } from '../../../lib/aws/secrets/service-role';

function roles(services: { name: string; sessionSeconds: number }[], customize = false) {
  const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  // Before any child: customizeRoles sets context.
  if (customize) iam.Role.customizeRoles(stack, { preventSynthesis: false });
  const scope = new Construct(stack, 'Secrets');
  const context = {
    scope,
    key: new kms.Key(scope, 'Key'),
    namespace: 'production',
    assumedBy: new iam.AccountRootPrincipal(),
    keyPolicySids: new Set<string>(),
  };
  const created = services.map((service) => createServiceRole(context, { ...service, readPrefixes: [`production/${service.name}/`], readsEverything: false }));
  return { stack, created };
}

describe('createServiceRole', () => {
  it('clamps the session to what IAM allows and says what to ask for instead', () => {
    const { stack } = roles([{ name: 'gateway', sessionSeconds: 900 }]);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3_600 });
    expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('MaxSessionDuration is 3600 s; ask for 900 s'))).toHaveLength(1);
  });

  it('gives services whose names differ only in hyphens their own key policy statement', () => {
    const { stack } = roles([
      { name: 'api-gw', sessionSeconds: 3_600 },
      { name: 'apigw', sessionSeconds: 3_600 },
    ]);
    const [key] = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key')) as { Properties: { KeyPolicy: { Statement: { Sid?: string }[] } } }[];
    expect(key.Properties.KeyPolicy.Statement.map((statement) => statement.Sid).filter((sid) => sid?.startsWith('Decrypt'))).toEqual([
      'DecryptapigwThroughSecretsManager',
      'DecryptapigwThroughSecretsManager2',
    ]);
  });

  it('writes a ServiceRole, or an iam.Role that precreated roles can replace', () => {
    expect(roles([{ name: 'gateway', sessionSeconds: 3_600 }]).created[0]).toBeInstanceOf(ServiceRole);
    const { stack, created } = roles([{ name: 'gateway', sessionSeconds: 3_600 }], true);
    expect(created[0]).toBeInstanceOf(iam.Role);
    expect(created[0].node.path).toBe('Stack/Secrets/Role-gateway');
    expect(stack.node.tryGetContext('@aws-cdk/iam:customizeRoles')).toBeDefined();
  });
});
