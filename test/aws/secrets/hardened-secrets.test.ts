import { App, Stack, Tags, type CfnElement } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { describe, expect, it } from 'vitest';
import { Harden } from '../../../lib/aws/harden/harden';
import { HardenedSecrets } from '../../../lib/aws/secrets/hardened-secrets';
import { ServiceRole } from '../../../lib/aws/secrets/service-role';
import { ProfileValidationError, type HardeningProfileInput, Profile } from '../../../lib/tooling';

const env = { account: '123456789012', region: 'eu-west-1' };
const serviceRole = (hardened: HardenedSecrets, name: string) => hardened.roles[name] as ServiceRole;
const secretsProfile = (secrets: HardeningProfileInput['secrets'], extra: Partial<HardeningProfileInput> = {}) =>
  Profile.fromObject({ name: 'demo', monitoring: { notify: { email: ['security@example.com'] } }, secrets, ...extra });

function build(secrets: HardeningProfileInput['secrets'], extra: Partial<HardeningProfileInput> = {}) {
  const stack = new Stack(new App(), 'Stack', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const database = new rds.DatabaseInstance(stack, 'Db', {
    engine: rds.DatabaseInstanceEngine.POSTGRES,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const hardened = new HardenedSecrets(stack, 'Secrets', {
    profile: secretsProfile(secrets, extra),
    databases: { DATABASE: database },
    databaseRotation: { vpc },
  });
  return { stack, hardened, template: Template.fromStack(stack) };
}

const items = [
  { name: 'JWT_SECRET', service: 'gateway', tier: 'critical', generate: { bytes: 64 }, rotateAfterDays: 30 },
  { name: 'JWT_KEYS', service: 'gateway', tier: 'critical', generate: { keyPair: 'rsa-2048' } },
  { name: 'STRIPE_SECRET_KEY', service: 'payment', tier: 'critical' },
  { name: 'DATABASE', service: 'payment', tier: 'sensitive', database: { engine: 'postgres', username: 'app' } },
  { name: 'ASTRA', service: 'gateway', bundle: ['JWT_SECRET', 'OPENAI_API_KEY'] },
] as const;

describe('HardenedSecrets', () => {
  const { template, hardened, stack } = build({
    maxRotationDays: 60,
    items: items as never,
    services: [
      { name: 'gateway', reads: ['gateway/*'] },
      { name: 'payment', reads: ['payment/*'], tokenTtl: '2h' },
    ],
    access: { allowedCidrs: ['10.0.0.0/16', '203.0.113.0/24'], vpcEndpointIds: ['vpce-0123456789abcdef0'] },
  });
  const secretLogicalId = (name: string) => stack.getLogicalId(hardened.secretResources[`production/${name}`].secret);

  it('names secrets <environment>/<service>/<NAME> and encrypts them with the environment key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: 'Encrypts the production secrets (Bulwark)' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: Match.stringLikeRegexp('^alias/bulwark/production/Stack-Secrets-[A-Z0-9]{8}$') });
    for (const { name, service } of items) {
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `production/${service}/${name}`,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecretsKey'), 'Arn'] },
      });
    }
  });

  it("rotates generated secrets with Bulwark's function on the item schedule, tagged with how to generate", () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: Match.stringLikeRegexp('^nodejs'), Handler: 'index.handler' });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretLogicalId('gateway/JWT_SECRET') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecretsRotationFunction'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'production/gateway/JWT_SECRET',
      Tags: Match.arrayWith([{ Key: 'bulwark:generate', Value: '{"bytes":64,"encoding":"hex"}' }]),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 240 });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'production/gateway/JWT_KEYS',
      Tags: Match.arrayWith([{ Key: 'bulwark:generate', Value: '{"bytes":64,"encoding":"hex","keyPair":"rsa-2048"}' }]),
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretLogicalId('gateway/JWT_KEYS') },
      RotationRules: { ScheduleExpression: 'rate(60 days)' },
    });
  });

  it("sets rotation up as aws-cdk-lib's RotationSchedule does: invoke permission first, the function's access, no deletion", () => {
    const schedule = hardened.secretResources['production/gateway/JWT_SECRET'].rotationSchedule as CfnElement;
    const [permission] = Object.entries(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'secretsmanager.amazonaws.com', SourceArn: { Ref: secretLogicalId('gateway/JWT_SECRET') } },
      }),
    ).map(([id]) => id);
    expect(permission).toBeDefined();
    template.hasResource('AWS::SecretsManager::RotationSchedule', {
      Properties: { SecretId: { Ref: secretLogicalId('gateway/JWT_SECRET') } },
      DependsOn: Match.arrayWith([permission]),
    });
    expect(stack.resolve(schedule.logicalId)).toMatch(/^SecretsSecretgatewayJWTSECRETRotation/);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^SecretsRotationRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          // One statement for the rotated secrets, each by ARN.
          Match.objectLike({
            Action: [
              'secretsmanager:DescribeSecret',
              'secretsmanager:GetSecretValue',
              'secretsmanager:PutSecretValue',
              'secretsmanager:UpdateSecretVersionStage',
            ],
            Resource: Match.arrayWith([{ Ref: secretLogicalId('gateway/JWT_SECRET') }]),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: { Ref: secretLogicalId('gateway/JWT_SECRET') },
      ResourcePolicy: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'secretsmanager:DeleteSecret', Resource: '*' })]) },
    });
    // What Secrets Manager needs of the key for this account's callers.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:CreateGrant', 'kms:DescribeKey'],
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          }),
        ]),
      },
    });
    // Secrets are deleted with the stack, as aws-cdk-lib's Secret deletes them by default.
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: { Name: 'production/gateway/JWT_SECRET' },
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  it('rotates database credentials with hosted rotation, attached to their database', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'production/payment/DATABASE',
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password' }),
    });
    template.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', {
      SecretId: { Ref: secretLogicalId('payment/DATABASE') },
      TargetType: 'AWS::RDS::DBInstance',
    });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('Attachment') },
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser', VpcSubnetIds: Match.anyValue() }),
      RotationRules: { ScheduleExpression: 'rate(60 days)' },
    });
    expect(Template.fromStack(stack).toJSON().Transform).toContain('AWS::SecretsManager-2024-09-16');
  });

  it('creates a JSON bundle: a flat map of the variable names, values empty until set', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'production/gateway/ASTRA',
      SecretString: '{"JWT_SECRET":"","OPENAI_API_KEY":""}',
      GenerateSecretString: Match.absent(),
    });
  });

  it('reminds the owners on schedule to rotate values set out of band', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Rotation reminder for production/payment/STRIPE_SECRET_KEY',
      ScheduleExpression: 'rate(60 days)',
      Targets: [
        Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Topic') }, Input: Match.stringLikeRegexp('Rotate production/payment/STRIPE_SECRET_KEY') }),
      ],
    });
  });

  it('gives each service a role reading only its namespace, decrypting only through Secrets Manager', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      MaxSessionDuration: 7_200,
      Tags: Match.arrayWith([
        { Key: 'bulwark:environment', Value: 'production' },
        { Key: 'bulwark:service', Value: 'payment' },
      ]),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(serviceRole(hardened, 'payment').cfnRole) }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secretsmanager:eu-west-1:123456789012:secret:production/payment/\\*$')])] },
          },
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecretsKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 3_600, Tags: Match.arrayWith([{ Key: 'bulwark:service', Value: 'gateway' }]) });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(serviceRole(hardened, 'gateway').cfnRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secret:production/gateway/\\*$')])] } }),
        ]),
      },
    });
  });

  it('lets the service roles decrypt in the key policy, only through Secrets Manager', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DecryptpaymentThroughSecretsManager',
            Action: 'kms:Decrypt',
            Principal: { AWS: { 'Fn::GetAtt': [stack.getLogicalId(serviceRole(hardened, 'payment').cfnRole), 'Arn'] } },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
          }),
        ]),
      },
    });
  });

  it('denies service reads from outside the allowed networks and principals of other environments', () => {
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: { Ref: secretLogicalId('payment/STRIPE_SECRET_KEY') },
      ResourcePolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyReadsFromOtherNetworks',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
            Condition: {
              NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'], 'aws:VpcSourceIp': ['10.0.0.0/16'] },
              StringNotEquals: { 'aws:SourceVpce': ['vpce-0123456789abcdef0'] },
              BoolIfExists: { 'aws:ViaAWSService': 'false' },
            },
          },
          {
            Sid: 'DenyOtherEnvironments',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'secretsmanager:GetSecretValue',
            Resource: '*',
            Condition: { Null: { 'aws:PrincipalTag/bulwark:environment': 'false' }, StringNotEquals: { 'aws:PrincipalTag/bulwark:environment': 'production' } },
          },
        ]),
      },
    });
  });

  it('routes reads of critical secrets (a read-only management event) and rotation failures to the notification topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      EventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventName: ['GetSecretValue'],
          requestParameters: {
            secretId: Match.arrayWith([
              'production/payment/STRIPE_SECRET_KEY',
              { wildcard: 'arn:*:secretsmanager:*:*:secret:production/payment/STRIPE_SECRET_KEY-??????' },
            ]),
          },
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Topic') } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { detail: { eventName: ['RotationFailed', 'RotationAbandoned'] } },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Topic') } })],
    });
  });
  it("keeps the logical IDs aws-cdk-lib's Secret, RotationSchedule, ResourcePolicy and Role give at the same paths", () => {
    // Bulwark writes these resources as L1s; a changed logical ID would replace a secret (and lose its value) on upgrade.
    const l2 = new Construct(new Stack(new App(), 'L2', { env }), 'Secrets');
    const l2Secret = new secretsmanager.Secret(l2, 'Secret-gateway-JWT_SECRET');
    const l2Schedule = l2Secret.addRotationSchedule('Rotation', {
      rotationLambda: new lambda.Function(l2, 'Fn', {
        runtime: lambda.Runtime.NODEJS_LATEST,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => undefined;'),
      }),
    });
    l2Secret.addToResourcePolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], principals: [new iam.AnyPrincipal()], resources: ['*'], effect: iam.Effect.DENY }),
    );
    const l2Role = new iam.Role(l2, 'Role-gateway', { assumedBy: new iam.AccountRootPrincipal() });
    l2Role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['*'] }));
    const l2Stack = Stack.of(l2);
    const logicalId = (element: CfnElement) => Stack.of(element).resolve(element.logicalId) as string;
    const resources = hardened.secretResources['production/gateway/JWT_SECRET'];
    expect(logicalId(resources.secret)).toBe(l2Stack.resolve((l2Secret.node.defaultChild as CfnElement).logicalId));
    expect(logicalId(resources.rotationSchedule as CfnElement)).toBe(l2Stack.resolve((l2Schedule.node.defaultChild as CfnElement).logicalId));
    expect(logicalId(resources.resourcePolicy)).toBe(l2Stack.resolve((l2Secret.node.findChild('Policy').node.defaultChild as CfnElement).logicalId));
    expect(logicalId(serviceRole(hardened, 'gateway').cfnRole)).toBe(l2Stack.resolve((l2Role.node.defaultChild as CfnElement).logicalId));
    const l2Policy = l2Role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
    expect(logicalId(serviceRole(hardened, 'gateway').cfnPolicy)).toBe(l2Stack.resolve(l2Policy.logicalId));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: logicalId(serviceRole(hardened, 'gateway').cfnPolicy),
      Roles: [{ Ref: logicalId(serviceRole(hardened, 'gateway').cfnRole) }],
    });
  });
});

describe('HardenedSecrets defaults and grants', () => {
  it('gives each owning service its own role when none are declared, and rotates at the profile maximum', () => {
    const { template, hardened } = build({ items: [{ name: 'API_KEY', service: 'search', generate: { bytes: 32, encoding: 'base64' } }] });
    expect(Object.keys(hardened.roles)).toEqual(['search']);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(90 days)' } });
    template.resourcePropertiesCountIs(
      'AWS::SecretsManager::ResourcePolicy',
      { ResourcePolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyServiceReadsFromOtherNetworks' })]) } },
      0,
    );
  });

  it('grants roles you bring read access to one secret or a namespace', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const hardened = new HardenedSecrets(stack, 'Secrets', { profile: secretsProfile({ items: [{ name: 'API_KEY', service: 'search' }] }) });
    const worker = new iam.Role(stack, 'Worker', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    hardened.grantRead(worker, 'API_KEY');
    hardened.grantReadNamespace(worker, 'search');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Worker') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { Ref: Match.stringLikeRegexp('^SecretsSecretsearchAPIKEY') },
          }),
          Match.objectLike({ Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':secret:production/search/\\*$')])] } }),
        ]),
      },
    });
    expect(() => hardened.grantRead(worker, 'NOPE')).toThrow(/no secret named NOPE; known: production\/search\/API_KEY/);
  });

  it("makes each secret's ISecret on its first read, and grants through it", () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const hardened = new HardenedSecrets(stack, 'Secrets', {
      profile: secretsProfile({
        items: [
          { name: 'API_KEY', service: 'search' },
          { name: 'OTHER', service: 'search' },
        ],
      }),
    });
    expect(Object.keys(hardened.secrets)).toEqual(['production/search/API_KEY', 'production/search/OTHER']);
    const views = () => hardened.node.children.filter((child) => child.node.id.startsWith('Ref-'));
    expect(views()).toHaveLength(0);
    const secret = hardened.secrets['production/search/API_KEY'];
    expect(hardened.secrets['production/search/API_KEY']).toBe(secret);
    expect(views()).toHaveLength(1);
    expect(secret.secretName).toBe('production/search/API_KEY');
    const worker = new iam.Role(stack, 'Worker', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const resourcePolicy = () => stack.resolve(hardened.secretResources['production/search/API_KEY'].resourcePolicy.resourcePolicy) as { Statement: unknown[] };
    const before = resourcePolicy().Statement;
    secret.grantRead(worker);
    // A principal of this account is granted on its side only, as with an owned Secret.
    expect(resourcePolicy().Statement).toEqual(before);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Worker') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
            Resource: { Ref: stack.resolve(hardened.secretResources['production/search/API_KEY'].secret.logicalId) },
          }),
        ]),
      },
    });
  });

  it("adds statements to a secret's one resource policy, from addToResourcePolicy or through its ISecret", () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const hardened = new HardenedSecrets(stack, 'Secrets', { profile: secretsProfile({ items: [{ name: 'API_KEY', service: 'search' }] }) });
    const deny = (sid: string) =>
      new iam.PolicyStatement({
        sid,
        effect: iam.Effect.DENY,
        actions: ['secretsmanager:PutSecretValue'],
        principals: [new iam.AnyPrincipal()],
        resources: ['*'],
      });
    expect(hardened.addToResourcePolicy('API_KEY', deny('ByName')).statementAdded).toBe(true);
    const throughView = hardened.secrets['production/search/API_KEY'].addToResourcePolicy(deny('ThroughView'));
    expect(throughView).toEqual({ statementAdded: true, policyDependable: hardened.secretResources['production/search/API_KEY'].resourcePolicy });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 1);
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      ResourcePolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DenyOtherEnvironments' }),
          Match.objectLike({ Sid: 'ByName' }),
          Match.objectLike({ Sid: 'ThroughView' }),
        ]),
      },
    });
    expect(() => hardened.addToResourcePolicy('NOPE', deny('X'))).toThrow(/no secret named NOPE/);
  });

  it('gives each service a ServiceRole whose statements and grants go into its own inline policy', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const hardened = new HardenedSecrets(stack, 'Secrets', { profile: secretsProfile({ items: [{ name: 'API_KEY', service: 'search' }] }) });
    const role = serviceRole(hardened, 'search');
    expect(role.node.defaultChild).toBe(role.cfnRole);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/*'] }));
    role.grantAssumeRole(new iam.ArnPrincipal('arn:aws:iam::123456789012:role/ci'));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.resolve(role.cfnRole.logicalId) }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' })]) },
    });
    expect(stack.resolve(role.roleArn)).toEqual({ 'Fn::GetAtt': [stack.resolve(role.cfnRole.logicalId), 'Arn'] });
    expect(stack.resolve(role.roleName)).toEqual({ Ref: stack.resolve(role.cfnRole.logicalId) });
  });

  it('keeps its own tags over an app-wide tag of the same key, since the resource policies key on them', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    new HardenedSecrets(stack, 'Secrets', { profile: secretsProfile({ items: [{ name: 'API_KEY', service: 'search' }] }) });
    Tags.of(app).add('bulwark:environment', 'staging');
    Tags.of(app).add('team', 'search');
    const template = Template.fromStack(stack);
    for (const type of ['AWS::SecretsManager::Secret', 'AWS::IAM::Role']) {
      template.hasResourceProperties(type, {
        Tags: Match.arrayWith([
          { Key: 'bulwark:environment', Value: 'production' },
          { Key: 'team', Value: 'search' },
        ]),
      });
    }
    template.resourcePropertiesCountIs('AWS::IAM::Role', { Tags: Match.arrayWith([{ Key: 'bulwark:environment', Value: 'staging' }]) }, 0);
  });

  it("leaves its out-of-band secrets, rotated by reminder as BulwarkChecks accepts, off Harden's findings; still reports one past the maximum", () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    const profile = secretsProfile({ maxRotationDays: 90, items: [{ name: 'PARTNER_TOKEN', service: 'search', rotateAfterDays: 30 }] });
    new HardenedSecrets(stack, 'Secrets', { profile });
    const loose = new secretsmanager.CfnSecret(stack, 'Loose', {});
    Tags.of(loose).add('bulwark:rotation-reminder-days', '365');
    const report = Harden.apply(app, { profile });
    expect(report.findings.map((finding) => finding.constructPath)).toEqual(['Stack/Loose']);
  });

  it('keeps a rename of its key and secrets made after Harden.apply resolved them, so a deployed key keeps its logical ID', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env });
    const profile = secretsProfile({ items: [{ name: 'API_KEY', service: 'search', tier: 'critical' }] });
    const hardened = new HardenedSecrets(stack, 'Secrets', { profile });
    // Harden.apply reads every secret's key while the app is still being built.
    Harden.apply(app, { profile });
    stack.renameLogicalId(stack.getLogicalId(hardened.key.node.defaultChild as CfnElement), 'LegacySecretsKey');
    stack.renameLogicalId(stack.getLogicalId(hardened.secretResources['production/search/API_KEY'].secret), 'LegacyApiKey');
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toContain('LegacySecretsKey');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'production/search/API_KEY',
      KmsKeyId: { 'Fn::GetAtt': ['LegacySecretsKey', 'Arn'] },
    });
    template.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', { SecretId: { Ref: 'LegacyApiKey' } });
  });

  it('makes iam.Roles when iam.Role.customizeRoles is in effect, so that precreated roles replace them', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    iam.Role.customizeRoles(stack, { usePrecreatedRoles: { 'Stack/Secrets/Role-search': 'precreated-search' } });
    const hardened = new HardenedSecrets(stack, 'Secrets', { profile: secretsProfile({ items: [{ name: 'API_KEY', service: 'search' }] }) });
    expect(hardened.roles.search).toBeInstanceOf(iam.Role);
    expect(hardened.roles.search.roleName).toBe('precreated-search');
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::IAM::Role', { Description: Match.stringLikeRegexp('secrets of search') }, 0);
  });

  it('refuses an ambiguous name in grantRead, and a database secret without its database', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const hardened = new HardenedSecrets(stack, 'Secrets', {
      profile: secretsProfile({
        items: [
          { name: 'API_KEY', service: 'a' },
          { name: 'API_KEY', service: 'b' },
        ],
      }),
    });
    expect(() => hardened.grantRead(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }), 'API_KEY')).toThrow(
      /API_KEY names 2 secrets; use the full name/,
    );
    expect(
      () =>
        new HardenedSecrets(new Stack(new App(), 'Other', { env }), 'Secrets', {
          profile: secretsProfile({ items: [{ name: 'DB', service: 'a', database: { engine: 'mysql', username: 'app' } }] }),
        }),
    ).toThrow(/- secrets.items\[0\].database: production\/a\/DB needs its database for hosted rotation/);
  });
});

describe('HardenedSecrets read audit and trail', () => {
  const audited = [
    { name: 'STRIPE_SECRET_KEY', service: 'payment', tier: 'critical' },
    { name: 'SMTP_PASSWORD', service: 'mail', tier: 'sensitive' },
  ] as const;
  const hardened = (monitoring: HardeningProfileInput['monitoring']) => {
    const stack = new Stack(new App(), 'Stack', { env });
    const secrets = new HardenedSecrets(stack, 'Secrets', {
      profile: Profile.fromObject({ name: 'demo', monitoring, secrets: { items: audited.map((item) => ({ ...item })) } }),
    });
    return { stack, secrets, template: Template.fromStack(stack) };
  };
  const readRuleIds = (template: Template) =>
    Object.entries(template.findResources('AWS::Events::Rule'))
      .filter(([, rule]) => JSON.stringify(rule).includes('GetSecretValue'))
      .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));

  it('audits the reads of the tiers monitoring.auditSecretReads lists, critical only by default', () => {
    expect(readRuleIds(hardened({}).template)).toEqual(['SecretsCriticalReads']);
    expect(readRuleIds(hardened({ auditSecretReads: ['critical', 'sensitive'] }).template)).toEqual(['SecretsCriticalReads', 'SecretsSensitiveReads']);
  });

  it('creates no trail by default, and says at synth that the audit needs one', () => {
    const { secrets, stack, template } = hardened({});
    expect(secrets.auditTrail).toBeUndefined();
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    Annotations.fromStack(stack).hasInfo('/Stack/Secrets', Match.stringLikeRegexp('the account needs a trail'));
  });

  it('creates an encrypted, validated, multi-region trail when monitoring.cloudTrail is true', () => {
    const { secrets, template } = hardened({ cloudTrail: true });
    expect(secrets.auditTrail).toBeDefined();
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      KMSKeyId: Match.anyValue(),
    });
  });
});

describe('HardenedSecrets bad input', () => {
  it.each([
    [{ rotateAfterDays: 0 }, /- secrets.items\[0\].rotateAfterDays: production\/search\/API_KEY would never rotate/],
    [
      { rotateAfterDays: 91 },
      /- secrets.items\[0\].rotateAfterDays: production\/search\/API_KEY rotates every 91 days, later than secrets.maxRotationDays \(90\)/,
    ],
  ])('refuses rotation %j', (rotation, message) => {
    expect(() => build({ items: [{ name: 'API_KEY', service: 'search', ...rotation }] })).toThrow(message);
  });

  it.each([
    [{ items: [{ name: 'api_key', service: 'search' }] }, 'secrets.items[0].name'],
    [{ access: { allowedCidrs: ['10.0.0.0/33'] } }, 'secrets.access.allowedCidrs[0]'],
    [{ services: [{ name: 'reader', reads: ['staging/search/*'] }] }, 'secrets.services[0].reads[0]'],
  ] as const)('rejects %j at %s before any construct runs', (secrets, path) => {
    try {
      build(secrets as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProfileValidationError);
      expect((error as ProfileValidationError).issues.map((issue) => issue.path)).toContain(path);
    }
  });

  it('explains a scope from another environment', () => {
    expect(() => secretsProfile({ services: [{ name: 'reader', reads: ['staging/search/*'] }] })).toThrow(
      /reads the staging namespace from a production profile; environments never share secrets/,
    );
  });
});

describe('HardenedSecrets key alias', () => {
  const aliases = (stack: Stack) =>
    Object.values(Template.fromStack(stack).findResources('AWS::KMS::Alias')).map(
      (alias) => (alias as { Properties: { AliasName: string } }).Properties.AliasName,
    );

  it('is unique per stack and construct, so two teams in one account and region can both deploy', () => {
    const app = new App();
    const profile = secretsProfile({ items: [{ name: 'API_TOKEN', service: 'orders', generate: {} }], services: [] });
    const orders = new Stack(app, 'Orders', { env });
    const billing = new Stack(app, 'Billing', { env });
    new HardenedSecrets(orders, 'Secrets', { profile });
    new HardenedSecrets(billing, 'Secrets', { profile });
    new HardenedSecrets(billing, 'MoreSecrets', { profile });
    const all = [...aliases(orders), ...aliases(billing)];
    expect(all).toHaveLength(3);
    expect(new Set(all).size).toBe(3);
  });

  it('takes a name of your own, and refuses one KMS would refuse', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    new HardenedSecrets(stack, 'Secrets', { profile: secretsProfile({ items: [], services: [] }), keyAlias: 'alias/payments/secrets' });
    expect(aliases(stack)).toEqual(['alias/payments/secrets']);
    expect(() => new HardenedSecrets(stack, 'Bad', { profile: secretsProfile({ items: [], services: [] }), keyAlias: 'alias/aws/secrets' })).toThrow(
      /keyAlias.*"alias\/aws\/secrets" is not a key alias/s,
    );
  });
});

describe('HardenedSecrets key policy', () => {
  it('gives each service its own statement ID, even when their names differ only in hyphens', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    new HardenedSecrets(stack, 'Secrets', {
      profile: secretsProfile({
        items: [{ name: 'TOKEN', service: 'apigw', generate: {} }],
        services: [
          { name: 'api-gw', reads: ['apigw/*'] },
          { name: 'apigw', reads: ['apigw/*'] },
        ],
      }),
    });
    const [key] = Object.values(
      Template.fromStack(stack).findResources('AWS::KMS::Key', { Properties: { Description: 'Encrypts the production secrets (Bulwark)' } }),
    ) as { Properties: { KeyPolicy: { Statement: { Sid?: string }[] } } }[];
    const sids = key.Properties.KeyPolicy.Statement.map((statement) => statement.Sid).filter((sid) => sid !== undefined);
    expect(sids).toEqual(expect.arrayContaining(['DecryptapigwThroughSecretsManager', 'DecryptapigwThroughSecretsManager2']));
    expect(new Set(sids).size).toBe(sids.length);
  });
});
