import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { HardenedSecrets } from '../../../lib/aws/secrets/hardened-secrets';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { readPinnedSpecs } from '../../../lib/aws/secrets/rotation-handler/generation-spec';
import { parseProfile, type HardeningProfileInput, Profile, toProfile } from '../../../lib/tooling';

/* What HardenedSecrets deploys so that rotation never promotes an untested or weaker value (issue #25). */

const env = { account: '123456789012', region: 'eu-west-1' };
type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

function build(items: NonNullable<HardeningProfileInput['secrets']>['items'], access: NonNullable<HardeningProfileInput['secrets']>['access'] = undefined) {
  const stack = new Stack(new App(), 'Stack', { env });
  const profile = parseProfile({
    name: 'demo',
    monitoring: { notify: { email: ['security@example.com'] } },
    secrets: { items, services: [{ name: 'gateway', reads: ['gateway/*'] }], ...(access ? { access } : {}) },
  });
  const hardened = new HardenedSecrets(stack, 'Secrets', { profile: toProfile(profile) });
  const template = Template.fromStack(stack);
  const id = (name: string) => stack.resolve(hardened.secretResources[`production/${name}`].secret.logicalId) as string;
  return { stack, hardened, template, id, resources: template.toJSON().Resources as Record<string, Resource> };
}

const items = [
  { name: 'JWT_SECRET', service: 'gateway', generate: { bytes: 64 } },
  { name: 'JWT_KEYS', service: 'gateway', generate: { keyPair: 'rsa-4096' } },
  { name: 'STRIPE_KEY', service: 'gateway' },
] as const;

describe('HardenedSecrets rotation: the spec is pinned in the function', () => {
  it("writes each generated secret's spec into the function's environment at synth", () => {
    const { template } = build(items as never);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } })) as Resource[];
    const variables = (fn.Properties.Environment as { Variables: Record<string, string> }).Variables;
    expect(Object.fromEntries(readPinnedSpecs(variables.BULWARK_GENERATION_SPECS))).toEqual({
      'production/gateway/JWT_SECRET': { bytes: 64, encoding: 'hex' },
      'production/gateway/JWT_KEYS': { bytes: 64, encoding: 'hex', keyPair: 'rsa-4096' },
    });
  });

  it("refuses more secrets than Lambda's 4 KB of environment can pin", () => {
    const many = Array.from({ length: 160 }, (_, index) => ({ name: `TOKEN_${String(index).padStart(3, '0')}`, service: 'gateway', generate: { bytes: 32 } }));
    expect(() => build(many as never)).toThrow(
      /the pinned specs of 160 generated secrets take \d+ bytes of the rotation function's environment, above Lambda's 4096: split the secrets over several HardenedSecrets/,
    );
  });
});

describe('HardenedSecrets rotation: the first value fits the spec before anything reads it', () => {
  const { template, resources, id, stack, hardened } = build(items as never);
  const logicalIdOf = (type: string) =>
    Object.entries(resources)
      .filter(([, r]) => r.Type === type)
      .map(([logicalId]) => logicalId);

  it('rotates each generated secret when its schedule is created', () => {
    for (const name of ['gateway/JWT_SECRET', 'gateway/JWT_KEYS']) {
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { SecretId: { Ref: id(name) }, RotateImmediatelyOnUpdate: true });
    }
  });

  it("orders the deployment: permission, schedule (first rotation), gate, then the service roles' grants", () => {
    const [gate] = logicalIdOf('Custom::BulwarkInitialValues');
    expect(gate).toBe(stack.resolve((hardened.initialValues?.node.defaultChild as CfnElement).logicalId));
    const gateResource = resources[gate];
    // The gate is served by the rotation function and names the generated secrets only (by reference: no value).
    expect(gateResource.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^SecretsRotationFunction/), 'Arn'] },
      // CloudFormation waits 300 s for the answer (not an hour); the function (240 s) answers first.
      ServiceTimeout: '300',
      SecretIds: [{ Ref: id('gateway/JWT_SECRET') }, { Ref: id('gateway/JWT_KEYS') }],
    });
    const schedules = logicalIdOf('AWS::SecretsManager::RotationSchedule');
    expect(schedules).toHaveLength(2);
    expect(gateResource.DependsOn).toEqual(expect.arrayContaining(schedules));
    for (const schedule of schedules) {
      const permission = logicalIdOf('AWS::Lambda::Permission').find(
        (p) => JSON.stringify(resources[p].Properties.SourceArn) === JSON.stringify(resources[schedule].Properties.SecretId),
      );
      expect(resources[schedule].DependsOn).toEqual([permission]);
    }
    const servicePolicy = Object.entries(resources).find(
      ([, r]) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('SecretsRolegateway'),
    );
    expect(servicePolicy?.[1].DependsOn).toEqual([gate]);
  });

  it('has no gate when nothing is generated', () => {
    const { hardened: plain, template: plainTemplate } = build([{ name: 'STRIPE_KEY', service: 'gateway' }] as never);
    expect(plain.initialValues).toBeUndefined();
    plainTemplate.resourceCountIs('Custom::BulwarkInitialValues', 0);
  });
});

describe('HardenedSecrets rotation: least privilege', () => {
  const { template, resources, id } = build(items as never, { allowedCidrs: ['10.0.0.0/16'] });
  const rotationPolicy = () =>
    Object.values(resources).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('SecretsRotationRole')) as Resource;

  it('lets the function call only what it calls: no GetRandomPassword, no wildcard', () => {
    const statements = (rotationPolicy().Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('secretsmanager:GetRandomPassword');
    expect(statements.map((s) => s.Resource)).not.toContain('*');
    expect(JSON.stringify(template.toJSON())).not.toContain('GetRandomPassword');
  });

  it('lets the function use the key for Decrypt and GenerateDataKey only, through Secrets Manager, for the secrets it rotates', () => {
    const statements = (rotationPolicy().Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement;
    const kms = statements.filter((s) => JSON.stringify(s.Action).includes('kms:'));
    expect(kms).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SecretsKey/), 'Arn'] },
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': [{ Ref: id('gateway/JWT_SECRET') }, { Ref: id('gateway/JWT_KEYS') }],
          },
        },
      },
    ]);
    // And nothing in the key policy names the rotation role (grantEncryptDecrypt put Encrypt and ReEncrypt* there).
    const [key] = Object.values(template.findResources('AWS::KMS::Key')) as Resource[];
    expect(JSON.stringify(key.Properties.KeyPolicy)).not.toContain('SecretsRotationRole');
  });

  it("lets Secrets Manager invoke the function only for this account's secrets that it rotates", () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')) as Resource[];
    expect(permissions.map((p) => p.Properties)).toEqual(
      [id('gateway/JWT_SECRET'), id('gateway/JWT_KEYS')].map((secret) => ({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [expect.stringMatching(/^SecretsRotationFunction/), 'Arn'] },
        Principal: 'secretsmanager.amazonaws.com',
        SourceAccount: '123456789012',
        SourceArn: { Ref: secret },
      })),
    );
  });

  it("falls back to one permission for the environment's secrets when many are rotated (20 KB function policy)", () => {
    const many = Array.from({ length: 21 }, (_, index) => ({ name: `TOKEN_${index}`, service: 'gateway', generate: { bytes: 32 } }));
    const { template: manyTemplate } = build(many as never);
    manyTemplate.resourceCountIs('AWS::Lambda::Permission', 1);
    manyTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      SourceAccount: '123456789012',
      SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:123456789012:secret:production/*']] },
    });
    manyTemplate.resourcePropertiesCountIs('AWS::SecretsManager::RotationSchedule', { RotateImmediatelyOnUpdate: true }, 21);
  });

  it('reserves one concurrent execution per rotated secret, plus the gate', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', ReservedConcurrentExecutions: 3 });
  });

  it('exempts the function from the network rule only on the secrets it rotates', () => {
    const networkRule = (name: string) => {
      const [policy] = Object.values(
        template.findResources('AWS::SecretsManager::ResourcePolicy', { Properties: { SecretId: { Ref: id(name) } } }),
      ) as Resource[];
      return (policy.Properties.ResourcePolicy as { Statement: { Sid?: string; Condition: Record<string, unknown> }[] }).Statement.find(
        (s) => s.Sid === 'DenyReadsFromOtherNetworks',
      );
    };
    expect(networkRule('gateway/JWT_SECRET')?.Condition.ArnNotEquals).toEqual({
      'aws:PrincipalArn': { 'Fn::GetAtt': [expect.stringMatching(/^SecretsRotationRole/), 'Arn'] },
    });
    expect(networkRule('gateway/STRIPE_KEY')?.Condition).toEqual({
      NotIpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16'] },
      BoolIfExists: { 'aws:ViaAWSService': 'false' },
    });
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: { Ref: id('gateway/STRIPE_KEY') },
      ResourcePolicy: { Statement: Match.not(Match.arrayWith([Match.objectLike({ Condition: Match.objectLike({ ArnNotEquals: Match.anyValue() }) })])) },
    });
  });

  it('needs no cdk-nag acknowledgement for the rotation role: it has no wildcard left', () => {
    const stack = new Stack(new App(), 'Nag', { env });
    new HardenedSecrets(stack, 'Secrets', {
      profile: Profile.fromObject({ name: 'demo', monitoring: { notify: { email: ['security@example.com'] } }, secrets: { items: items as never } }),
    });
    const findings = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`);
    expect(findings).toEqual([]);
  });
});

describe("HardenedSecrets rotation: the rotation role's policies fit IAM's limits once deployed", () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, index) => ({ name: `TOKEN_${String(index).padStart(3, '0')}`, service: 'gateway', generate: { bytes: 32 } }));

  /** Resolves references as CloudFormation would, with long real values (the aws-us-gov partition, a generated log group name). */
  function resolveLikeCloudFormation(value: unknown, resources: Record<string, Resource>): unknown {
    if (Array.isArray(value)) return value.map((item) => resolveLikeCloudFormation(item, resources));
    if (typeof value !== 'object' || value === null) return value;
    const object = value as Record<string, unknown>;
    if ('Ref' in object) {
      const ref = object.Ref as string;
      if (ref === 'AWS::Partition') return 'aws-us-gov';
      const target = resources[ref];
      if (target?.Type === 'AWS::SecretsManager::Secret')
        return `arn:aws-us-gov:secretsmanager:eu-west-1:123456789012:secret:${target.Properties.Name as string}-AbCdEf`;
      throw new Error(`unexpected Ref ${ref}`);
    }
    if ('Fn::GetAtt' in object) {
      const [id] = object['Fn::GetAtt'] as string[];
      if (resources[id].Type === 'AWS::KMS::Key') return 'arn:aws-us-gov:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      if (resources[id].Type === 'AWS::Logs::LogGroup') return `arn:aws-us-gov:logs:eu-west-1:123456789012:log-group:Stack-${id}-AbCdEfGhIjKlM:*`;
      throw new Error(`unexpected GetAtt ${id}`);
    }
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map((part) => resolveLikeCloudFormation(part, resources)).join(separator);
    }
    return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolveLikeCloudFormation(item, resources)]));
  }

  /** The resolved sizes (IAM does not count whitespace) of the rotation role's inline and managed policies. */
  function rotationPolicySizes(count: number) {
    const { resources } = build(many(count) as never);
    const ofRotationRole = (r: Resource) =>
      (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && JSON.stringify(r.Properties.Roles).includes('SecretsRotationRole');
    const size = (r: Resource) => JSON.stringify(resolveLikeCloudFormation(r.Properties.PolicyDocument, resources)).length;
    const policies = Object.values(resources).filter(ofRotationRole);
    return {
      inline: policies.filter((r) => r.Type === 'AWS::IAM::Policy').reduce((sum, r) => sum + size(r), 0),
      managed: policies.filter((r) => r.Type === 'AWS::IAM::ManagedPolicy').map(size),
    };
  }

  it.each([1, 20, 21, 65, 100, 130])('fits with %i generated secrets (inline 10,240 characters in all, managed 6,144 each)', (count) => {
    const { inline, managed } = rotationPolicySizes(count);
    expect(inline).toBeLessThanOrEqual(10_240);
    for (const one of managed) expect(one).toBeLessThanOrEqual(6_144);
  });

  it("lists each secret's ARN up to 20 rotated secrets, and uses one pattern for the environment's secrets above", () => {
    const statementsOf = (count: number) => {
      const { resources } = build(many(count) as never);
      return Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('SecretsRotationRole'))
        .flatMap(
          (r) =>
            (
              r.Properties.PolicyDocument as {
                Statement: { Action: string | string[]; Resource: unknown; Condition?: Record<string, Record<string, unknown>> }[];
              }
            ).Statement,
        );
    };
    const pattern = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:123456789012:secret:production/*']] };
    const few = statementsOf(20);
    expect(few.find((s) => JSON.stringify(s.Action).includes('kms:'))?.Condition?.StringEquals['kms:EncryptionContext:SecretARN']).toHaveLength(20);
    const lots = statementsOf(21);
    expect(lots.find((s) => JSON.stringify(s.Action).includes('secretsmanager:'))?.Resource).toEqual(pattern);
    expect(lots.find((s) => JSON.stringify(s.Action).includes('kms:'))?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' },
      StringLike: { 'kms:EncryptionContext:SecretARN': pattern },
    });
  });

  it("stops at the rotation function's environment (4 KB of pinned specs), well before 300 secrets", () => {
    expect(() => build(many(300) as never)).toThrow(
      /the pinned specs of 300 generated secrets take \d+ bytes of the rotation function's environment, above Lambda's 4096/,
    );
  });

  it('has zero BulwarkChecks and cdk-nag findings above 20 rotated secrets, the pattern acknowledged for the rotation role only', () => {
    const stack = new Stack(new App(), 'Nag', { env });
    const profile = parseProfile({
      name: 'demo',
      monitoring: { notify: { email: ['security@example.com'] } },
      secrets: { items: many(21) as never, services: [{ name: 'gateway', reads: ['gateway/*'] }] },
    });
    new HardenedSecrets(stack, 'Secrets', { profile: toProfile(profile) });
    const findings = (pack: { validateScope(scope: Stack): { violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[] } }) =>
      pack.validateScope(stack).violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`);
    expect(findings(new AwsSolutionsChecks())).toEqual([]);
    expect(findings(new BulwarkChecks(undefined, { profile: toProfile(profile) }))).toEqual([]);
  });

  it("refuses, naming the field and IAM's limit, a rotation role policy that could outgrow a managed policy once deployed", () => {
    const stack = new Stack(new App(), 'Long', { env });
    const namespace = 'n'.repeat(3_000);
    const profile = parseProfile({
      name: 'demo',
      monitoring: { notify: { email: ['security@example.com'] } },
      secrets: { items: many(1) as never, services: [{ name: 'gateway', reads: ['gateway/*'] }] },
    });
    const long = { ...profile, secrets: { ...profile.secrets, namespace } } as typeof profile;
    expect(() => new HardenedSecrets(stack, 'Secrets', { profile: toProfile(long), keyAlias: 'alias/long' })).toThrow(
      /secrets\.namespace: the rotation function's role policy could take \d+ characters once deployed, above IAM's 6144 for a managed policy/,
    );
  });
});
