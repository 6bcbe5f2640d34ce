import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, ArnFormat, CustomResource, Duration, Fn, Names, RemovalPolicy, Stack, Tags, Token, Validations, type TagManager } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import { lazyRecord } from '../../core/lazy-record';
import type { Policy, PolicySecret } from '../../policy/model';
import { policyFrom, type PolicySourceProps } from '../../policy/policy-source';
import { isPrivateCidr } from '../../profile/cidr';
import { SecurityAlarms } from '../monitoring/security-alarms';
import { GENERATION_TAG, PINNED_SPECS_VARIABLE, writePinnedSpecs, type GenerationSpec } from './rotation-handler/generation-spec';
import { IAM_INLINE_ROLE_POLICY_LIMIT, IAM_MANAGED_POLICY_LIMIT, resolvedSizeBound } from './policy-size';
import { ServiceRole } from './service-role';

/** Tags that mark a service role; the secrets' resource policies key on them. */
export const ENVIRONMENT_TAG = 'bulwark:environment';
export const SERVICE_TAG = 'bulwark:service';
/** What KMS accepts as an alias name (aliases under alias/aws/ are AWS's own). */
const KEY_ALIAS = /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/;

/** On a secret set out of band: the days between rotation reminders. */
export const ROTATION_REMINDER_TAG = 'bulwark:rotation-reminder-days';

export interface HardenedSecretsProps extends PolicySourceProps {
  /**
   * Who may assume the service roles.
   * @default - principals of this account allowed to assume them (new iam.AccountRootPrincipal())
   */
  readonly assumedBy?: iam.IPrincipal;
  /**
   * Where audit events (reads of critical secrets, rotation failures) and rotation reminders go.
   * @default - the topic of a new SecurityAlarms for the same policy
   */
  readonly notificationTopic?: sns.ITopic;
  /**
   * Network placement of the hosted rotation functions of database secrets.
   * @default - outside any VPC
   */
  readonly databaseRotation?: { readonly vpc: ec2.IVpc; readonly vpcSubnets?: ec2.SubnetSelection; readonly securityGroups?: ec2.ISecurityGroup[] };
  /**
   * The database behind each `database` secret, by secret name: its host, port and engine are
   * attached to the secret, which hosted rotation needs.
   * @default - none; a `database` secret without its database is refused
   */
  readonly databases?: Readonly<Record<string, secretsmanager.ISecretAttachmentTarget>>;
  /**
   * The alias of the key that encrypts the secrets. An alias name is unique in an account and
   * region, so a fixed one would stop a second HardenedSecrets (another stack, another team)
   * from deploying.
   * @default - `alias/bulwark/<environment>/<unique name of this construct>`, unique per stack and construct
   */
  readonly keyAlias?: string;
}

/**
 * The profile's secrets in Secrets Manager, named `<environment>/<service>/<NAME>` and
 * encrypted with one customer-managed key for the environment; rotated on schedule (Bulwark's
 * own function for generated values, hosted rotation for database credentials, a reminder for
 * values set out of band); read through one role per service that reaches only its namespace;
 * guarded by resource policies (allowed networks, no other environment); and audited.
 */
export class HardenedSecrets extends Construct {
  public readonly policy: Policy;
  public readonly key: kms.Key;
  /**
   * Secrets by `<environment>/<service>/<NAME>`, to grant on or pass to other constructs: an
   * `ISecret` made on first read (a database secret is its `Secret`). Statements added to it go
   * into the secret's one resource policy, which Bulwark writes.
   */
  public readonly secrets: Readonly<Record<string, secretsmanager.ISecret>>;
  /** The CloudFormation resources of each secret, by `<environment>/<service>/<NAME>`: escape hatches. */
  public readonly secretResources: Readonly<Record<string, SecretResources>>;
  /**
   * Service roles by service name: `ServiceRole`s, whose grants go into their own inline policy
   * (`iam.Role`s when `iam.Role.customizeRoles` is in effect, so that it can replace them).
   */
  public readonly roles: Readonly<Record<string, iam.IRole>>;
  /** Bulwark's rotation function, when some secret is generated. */
  public readonly rotationFunction?: lambda.Function;
  /**
   * The deploy-time gate, when some secret is generated: a custom resource that succeeds only
   * once every generated secret holds a first value that fits its spec (the first rotation,
   * started when its rotation schedule is created, has finished). Make whatever reads a
   * generated secret at deploy time (a dynamic reference, a task definition) depend on it:
   * `resource.node.addDependency(secrets.initialValues)`. The service roles' policies already do.
   */
  public readonly initialValues?: CustomResource;
  public readonly notificationTopic: sns.ITopic;

  private readonly resourcePolicyAdders: Record<string, (statement: iam.PolicyStatement) => iam.AddToResourcePolicyResult> = {};
  private readonly keyPolicySids = new Set<string>();
  /** How many secrets the rotation function rotates (known before their resources are made). */
  private pinnedCount = 0;
  /** The secrets Bulwark's function rotates and their schedules: what its key use is limited to, and what the gate waits for. */
  private readonly rotated: { readonly secret: secretsmanager.CfnSecret; readonly schedule: secretsmanager.CfnRotationSchedule }[] = [];

  constructor(scope: Construct, id: string, props: HardenedSecretsProps = {}) {
    super(scope, id);
    this.policy = policyFrom(props);
    const { secrets } = this.policy;
    const aliasPrefix = `alias/bulwark/${secrets.namespace}/`;
    // KMS takes alias names of up to 256 characters.
    const keyAlias = props.keyAlias ?? `${aliasPrefix}${Names.uniqueResourceName(this, { maxLength: Math.max(16, 256 - aliasPrefix.length), separator: '-' })}`;
    const problems: HardeningProblem[] = [
      ...(Token.isUnresolved(keyAlias) || KEY_ALIAS.test(keyAlias)
        ? []
        : [{ field: 'keyAlias', message: `"${keyAlias}" is not a key alias: alias/ then 1 to 250 letters, digits, /, _ and -, not under alias/aws/` }]),
      ...secrets.items.flatMap((item, index) => rotationProblems(item, index, secrets.maxRotationDays)),
      ...secrets.items.flatMap((item, index) =>
        item.source === 'database' && props.databases?.[item.name] === undefined
          ? [
              {
                field: `secrets.items[${index}].database`,
                message: `${item.id} needs its database for hosted rotation: pass databases: { ${item.name}: <the DB instance or cluster> }`,
              },
            ]
          : [],
      ),
    ];
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.notificationTopic = props.notificationTopic ?? new SecurityAlarms(this, 'Notifications', { policy: this.policy }).topic;
    this.key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      alias: keyAlias,
      description: `Encrypts the ${secrets.namespace} secrets (Bulwark)`,
    });
    const stack = Stack.of(this);
    if (secrets.items.length > 0) {
      // What Secrets Manager needs of the key to encrypt and decrypt for this account's callers.
      const viaSecretsManager = new kms.ViaServicePrincipal(`secretsmanager.${stack.region}.amazonaws.com`, new iam.AccountPrincipal(stack.account));
      this.key.grantEncryptDecrypt(viaSecretsManager);
      this.key.grant(viaSecretsManager, 'kms:CreateGrant', 'kms:DescribeKey');
    }

    const pins: Record<string, GenerationSpec> = {};
    for (const item of secrets.items) if (item.source === 'generated' && item.generate) pins[item.id] = item.generate;
    this.rotationFunction = Object.keys(pins).length > 0 ? this.createRotationFunction(pins) : undefined;
    const created: Record<string, { resources: SecretResources; database?: secretsmanager.Secret }> = {};
    for (const item of secrets.items) created[item.id] = this.createSecret(item, props);
    if (this.rotationFunction) {
      this.limitRotationKeyUse(this.rotationFunction);
      this.initialValues = this.gateInitialValues(this.rotationFunction);
    }
    this.secretResources = Object.fromEntries(Object.entries(created).map(([secretId, entry]) => [secretId, entry.resources]));
    this.secrets = lazyRecord(Object.keys(created), (secretId) => created[secretId].database ?? this.secretView(secretId, created[secretId].resources.secret));

    const roles: Record<string, iam.IRole> = {};
    for (const service of secrets.services) roles[service.name] = this.createServiceRole(service, props);
    this.roles = roles;
    this.createAuditRules();
  }

  /** Lets a principal you bring read one secret (by name, e.g. STRIPE_SECRET_KEY, or full id). */
  public grantRead(grantee: iam.IGrantable, name: string): iam.Grant {
    const secret = this.secrets[this.secretId(name)];
    this.grantDecryptThroughSecretsManager(grantee);
    return secret.grantRead(grantee);
  }

  /** Lets a principal you bring read every secret of one service's namespace. */
  public grantReadNamespace(grantee: iam.IGrantable, service: string): iam.Grant {
    this.grantDecryptThroughSecretsManager(grantee);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: [this.secretArnPattern(`${this.policy.secrets.namespace}/${service}/`)],
    });
  }

  /**
   * Adds a statement to one secret's resource policy (by name, e.g. STRIPE_SECRET_KEY, or full
   * id). Secrets Manager keeps one resource policy per secret, and Bulwark writes it.
   */
  public addToResourcePolicy(name: string, statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.resourcePolicyAdders[this.secretId(name)](statement);
  }

  /**
   * An `ISecret` of a secret written as an L1. Its resource policy is Bulwark's: statements
   * added through it (yours, or a cross-account grant's) go there, where an imported secret
   * would drop them.
   */
  private secretView(secretId: string, secret: secretsmanager.CfnSecret): secretsmanager.ISecret {
    const view = secretsmanager.Secret.fromSecretAttributes(this, `Ref-${secretId}`, { secretCompleteArn: secret.ref, encryptionKey: this.key });
    const stack = Stack.of(this);
    // Its account, region and name are this stack's and the item's, not parsed from the ARN at
    // deploy time: grants to this account's principals then stay on the principal side, as an
    // owned Secret's do.
    Object.defineProperty(view, 'env', { value: { account: stack.account, region: stack.region } });
    return Object.assign(view, {
      secretName: secretId,
      addToResourcePolicy: (statement: iam.PolicyStatement) => this.addToResourcePolicy(secretId, statement),
    });
  }

  /** The full id of the one secret a name or full id names. */
  private secretId(name: string): string {
    const ids = Object.keys(this.secretResources);
    const matches = ids.includes(name) ? [name] : ids.filter((secretId) => secretId.endsWith(`/${name}`));
    if (matches.length !== 1) {
      const why = matches.length === 0 ? `no secret named ${name}` : `${name} names ${matches.length} secrets; use the full name`;
      throw new HardeningValidationError(this, [{ field: 'secrets.items', message: `${why}; known: ${ids.join(', ')}` }]);
    }
    return matches[0];
  }

  private createSecret(item: PolicySecret, props: HardenedSecretsProps): { resources: SecretResources; database?: secretsmanager.Secret } {
    if (item.source === 'database' && item.database) return this.createDatabaseSecret(item, props);
    const scope = new Construct(this, `Secret-${item.service}-${item.name}`);
    const rotation = item.source === 'generated' && item.generate ? this.rotationFunction : undefined;
    const secret = new secretsmanager.CfnSecret(scope, 'Resource', {
      name: item.id,
      description: describeSecret(item),
      kmsKeyId: this.key.keyArn,
      // A bundle starts as its flat map with empty values; everything else as a random placeholder.
      ...(item.bundle
        ? { secretString: JSON.stringify(Object.fromEntries(item.bundle.map((name) => [name, '']))) }
        : { generateSecretString: initialValue(item) }),
    });
    setOwnTags(secret, {
      [ENVIRONMENT_TAG]: this.policy.secrets.namespace,
      'bulwark:tier': item.tier,
      // What Bulwark's function generates; or, for a value set out of band, the reminder the Bulwark checks read.
      ...(rotation ? { [GENERATION_TAG]: JSON.stringify(item.generate) } : { [ROTATION_REMINDER_TAG]: String(item.rotationDays) }),
    });
    secret.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const document = new iam.PolicyDocument();
    const every = Duration.days(item.rotationDays);
    let rotationSchedule: secretsmanager.CfnRotationSchedule | undefined;
    if (rotation) {
      rotationSchedule = this.rotateWithBulwarkFunction(scope, item, secret, every, rotation);
      // No one, not even the account, deletes a secret that rotates on schedule.
      document.addStatements(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['secretsmanager:DeleteSecret'],
          principals: [new iam.AccountRootPrincipal()],
          resources: ['*'],
        }),
      );
    } else {
      Validations.of(scope).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `The value is set out of band (no function can create it); its owners are reminded to rotate it every ${item.rotationDays} days.`,
      });
      // A value set out of band cannot be rotated by a function: remind the owners on schedule instead.
      this.remindToRotate(item, every);
    }
    const resourcePolicy = new secretsmanager.CfnResourcePolicy(new Construct(scope, 'Policy'), 'Resource', { secretId: secret.ref, resourcePolicy: document });
    this.node.addValidation({ validate: () => document.validateForResourcePolicy() });
    this.resourcePolicyAdders[item.id] = (statement) => {
      document.addStatements(statement);
      return { statementAdded: true, policyDependable: resourcePolicy };
    };
    this.addResourcePolicy(item.id, false, rotation !== undefined);
    return { resources: { secret, resourcePolicy, rotationSchedule } };
  }

  /**
   * Rotation by Bulwark's function, as aws-cdk-lib's RotationSchedule sets it up, on the L1s;
   * but the function may only call what it calls, on this secret, and Secrets Manager may
   * invoke it only for this account's secrets (this one, when few enough).
   */
  private rotateWithBulwarkFunction(
    scope: Construct,
    item: PolicySecret,
    secret: secretsmanager.CfnSecret,
    every: Duration,
    rotation: lambda.Function,
  ): secretsmanager.CfnRotationSchedule {
    const schedule = new secretsmanager.CfnRotationSchedule(new Construct(scope, 'Rotation'), 'Resource', {
      secretId: secret.ref,
      rotationLambdaArn: rotation.functionArn,
      rotationRules: { scheduleExpression: events.Schedule.rate(every).expressionString },
      // Rotates when created, so the first value fits the spec before the gate (initialValues) lets dependants read it.
      rotateImmediatelyOnUpdate: true,
    });
    this.rotated.push({ secret, schedule });
    // Secrets Manager may invoke the function only once the permission exists.
    schedule.node.addDependency(this.invokePermission(item, secret, rotation));
    return schedule;
  }

  /**
   * Lets Secrets Manager invoke the rotation function for this account only (SourceAccount) and
   * for this secret (SourceArn); beyond PER_SECRET_PERMISSIONS secrets, for this environment's
   * secrets (one statement, as the function's policy is limited to 20 KB).
   */
  private invokePermission(item: PolicySecret, secret: secretsmanager.CfnSecret, rotation: lambda.Function): lambda.CfnPermission {
    const stack = Stack.of(this);
    const perSecret = this.pinnedCount <= PER_SECRET_PERMISSIONS;
    const id = perSecret ? `InvokedBySecretsManager-${item.service}-${item.name}` : 'InvokedBySecretsManager';
    const existing = rotation.node.tryFindChild(id);
    if (existing) return existing as lambda.CfnPermission;
    rotation.addPermission(id, {
      principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceAccount: stack.account,
      sourceArn: perSecret ? secret.ref : this.secretArnPattern(`${this.policy.secrets.namespace}/`),
    });
    return rotation.node.findChild(id) as lambda.CfnPermission;
  }

  /**
   * The rotation function's use of the key: Decrypt (GetSecretValue) and GenerateDataKey
   * (PutSecretValue), through Secrets Manager, for the secrets it rotates only (Secrets
   * Manager's encryption context names the secret's ARN).
   */
  private limitRotationKeyUse(rotation: lambda.Function): void {
    const stack = Stack.of(this);
    const { namespace } = this.policy.secrets;
    const secretActions = [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ];
    const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` };
    const arns = this.rotated.map(({ secret }) => secret.ref);
    const listed = [
      new iam.PolicyStatement({ actions: secretActions, resources: arns }),
      // A single-valued key: StringEquals with a list matches any of the rotated secrets.
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { ...viaSecretsManager, 'kms:EncryptionContext:SecretARN': arns } },
      }),
    ];
    // Each secret by ARN when few enough for IAM's policy size limits (a list of ARNs outgrows
    // them at about 60 secrets); else one pattern for the environment's secrets.
    const perSecret = this.rotated.length <= PER_SECRET_PERMISSIONS && this.rotationPolicySize(listed) <= IAM_MANAGED_POLICY_LIMIT;
    const pattern = this.secretArnPattern(`${namespace}/`);
    const statements = perSecret
      ? listed
      : [
          new iam.PolicyStatement({ actions: secretActions, resources: [pattern] }),
          new iam.PolicyStatement({
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [this.key.keyArn],
            conditions: { StringEquals: viaSecretsManager, StringLike: { 'kms:EncryptionContext:SecretARN': pattern } },
          }),
        ];
    for (const statement of statements) rotation.addToRolePolicy(statement);
    if (!perSecret) {
      const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
      const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
      Validations.of(rotation.role ?? rotation).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${region}:${account}:secret:${namespace}/*]`,
        reason: `With ${this.rotated.length} rotated secrets the rotation function reaches the ${namespace} secrets by pattern (a list of their ARNs would outgrow IAM's policy size limits); it rotates only those whose spec is pinned in its configuration.`,
      });
    }
    // Proof that the deployed policy fits: under the managed policy limit, any split aws-cdk-lib makes fits too.
    const size = this.rotationPolicySize(statements);
    if (size > IAM_MANAGED_POLICY_LIMIT) {
      throw new HardeningValidationError(this, [
        {
          field: 'secrets.namespace',
          message: `the rotation function's role policy could take ${size} characters once deployed, above IAM's ${IAM_MANAGED_POLICY_LIMIT} for a managed policy (aws-cdk-lib moves statements into one when the role's inline policy, at most ${IAM_INLINE_ROLE_POLICY_LIMIT} in all, is full): use a shorter environment name`,
        },
      ]);
    }
  }

  /**
   * The most characters the rotation role's policy can take once CloudFormation resolves it
   * (aws-cdk-lib sizes it unresolved, where a secret's ARN counts as its short reference): the
   * given statements and the role's log statement.
   */
  private rotationPolicySize(statements: readonly iam.PolicyStatement[]): number {
    const stack = Stack.of(this);
    const arnPrefix = 'arn:aws-us-gov:'.length + (Token.isUnresolved(stack.region) ? 14 : stack.region.length) + 1 + 12 + 1;
    const bounds = new Map<string, number>();
    for (const { secret } of this.rotated)
      bounds.set(stack.resolve(secret.logicalId) as string, arnPrefix + 'secretsmanager:secret:'.length + String(secret.name).length + '-XXXXXX'.length);
    bounds.set(stack.resolve((this.key.node.defaultChild as kms.CfnKey).logicalId) as string, arnPrefix + 'kms:key/'.length + 36);
    const logGroup = this.node.findChild('RotationLogs').node.defaultChild as logs.CfnLogGroup;
    const logGroupId = stack.resolve(logGroup.logicalId) as string;
    // CloudFormation names the log group <stack>-<logical ID>-<13 random characters>.
    bounds.set(
      logGroupId,
      arnPrefix + 'logs:log-group:'.length + (Token.isUnresolved(stack.stackName) ? 128 : stack.stackName.length) + 1 + logGroupId.length + 14 + ':*'.length,
    );
    const logStatement = new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [Fn.getAtt(logGroupId, 'Arn').toString()],
    });
    const document = {
      Version: '2012-10-17',
      Statement: [logStatement, ...statements].map((statement): unknown => stack.resolve(statement.toStatementJson())),
    };
    return resolvedSizeBound(document, (logicalId) => bounds.get(logicalId));
  }

  /**
   * The custom resource that fails the deployment unless every generated secret's first value
   * fits its spec once its schedule's first rotation has run; the service roles' policies wait for it.
   */
  private gateInitialValues(rotation: lambda.Function): CustomResource {
    const gate = new CustomResource(this, 'InitialValues', {
      serviceToken: rotation.functionArn,
      resourceType: 'Custom::BulwarkInitialValues',
      // CloudFormation gives up on an answer after this (default: one hour); the function answers before its own timeout, which is shorter.
      serviceTimeout: GATE_SERVICE_TIMEOUT,
      properties: { SecretIds: this.rotated.map(({ secret }) => secret.ref) },
    });
    for (const { schedule } of this.rotated) gate.node.addDependency(schedule);
    return gate;
  }

  /** A database secret: aws-cdk-lib's Secret, attachment and hosted rotation (rare; kept on L2 for the hosted rotation they set up). */
  private createDatabaseSecret(item: PolicySecret, props: HardenedSecretsProps): { resources: SecretResources; database: secretsmanager.Secret } {
    const database = item.database as NonNullable<PolicySecret['database']>;
    const secret = new secretsmanager.Secret(this, `Secret-${item.service}-${item.name}`, {
      secretName: item.id,
      description: describeSecret(item),
      encryptionKey: this.key,
      generateSecretString: initialValue(item),
    });
    Tags.of(secret).add(ENVIRONMENT_TAG, this.policy.secrets.namespace, { priority: OWN_TAG_PRIORITY });
    Tags.of(secret).add('bulwark:tier', item.tier, { priority: OWN_TAG_PRIORITY });
    if (!props.databaseRotation) {
      Annotations.of(this).addWarningV2(
        `bulwark:db-rotation-outside-vpc-${item.name}`,
        `hosted rotation of ${item.id} runs outside any VPC: pass databaseRotation.vpc when the database is private`,
      );
    }
    const options = props.databaseRotation ?? {};
    const hosted = {
      postgres: () => secretsmanager.HostedRotation.postgreSqlSingleUser(options),
      mysql: () => secretsmanager.HostedRotation.mysqlSingleUser(options),
      mariadb: () => secretsmanager.HostedRotation.mariaDbSingleUser(options),
    }[database.engine]();
    // The attachment adds the host, port and engine that hosted rotation reads from the secret.
    const attached = secret.attach(props.databases?.[item.name] as secretsmanager.ISecretAttachmentTarget);
    const schedule = attached.addRotationSchedule('Rotation', { hostedRotation: hosted, automaticallyAfter: Duration.days(item.rotationDays) });
    // Hosted rotation runs as a role Secrets Manager names, which a network rule cannot exempt.
    if (this.policy.secrets.access.allowedCidrs.length > 0 || this.policy.secrets.access.vpcEndpointIds.length > 0) {
      Annotations.of(this).addWarningV2(
        `bulwark:db-secret-network-rule-${item.name}`,
        `${item.id} has no network rule in its resource policy: its hosted rotation role cannot be exempted from one`,
      );
    }
    this.resourcePolicyAdders[item.id] = (statement) => secret.addToResourcePolicy(statement);
    this.addResourcePolicy(item.id, true, false);
    return {
      database: secret,
      resources: {
        secret: secret.node.defaultChild as secretsmanager.CfnSecret,
        resourcePolicy: secret.node.findChild('Policy').node.defaultChild as secretsmanager.CfnResourcePolicy,
        rotationSchedule: schedule.node.defaultChild as secretsmanager.CfnRotationSchedule,
      },
    };
  }

  private remindToRotate(item: PolicySecret, every: Duration): void {
    new events.Rule(this, `Reminder-${item.service}-${item.name}`, {
      description: `Rotation reminder for ${item.id}`,
      schedule: events.Schedule.rate(every),
      targets: [
        new targets.SnsTopic(this.notificationTopic, {
          message: events.RuleTargetInput.fromText(`Rotate ${item.id}: its value is set out of band and is due every ${item.rotationDays} days.`),
        }),
      ],
    });
  }

  /**
   * Reads only from the allowed networks (public CIDRs by source IP, private ones by the VPC
   * source IP of an endpoint request, or named endpoints), except Bulwark's rotation function
   * on the secrets it rotates and AWS services acting for you (CloudFormation dynamic
   * references); and never by a principal tagged for another environment.
   */
  private addResourcePolicy(secretId: string, exemptNetworkRule: boolean, rotatedByFunction: boolean): void {
    const add = this.resourcePolicyAdders[secretId];
    const { access, namespace } = this.policy.secrets;
    const read = ['secretsmanager:GetSecretValue'];
    const privateCidrs = access.allowedCidrs.filter(isPrivateCidr);
    const publicCidrs = access.allowedCidrs.filter((cidr) => !isPrivateCidr(cidr));
    if (!exemptNetworkRule && (access.allowedCidrs.length > 0 || access.vpcEndpointIds.length > 0)) {
      const notIp: Record<string, string[]> = {
        ...(publicCidrs.length > 0 ? { 'aws:SourceIp': publicCidrs } : {}),
        ...(privateCidrs.length > 0 ? { 'aws:VpcSourceIp': privateCidrs } : {}),
      };
      add(
        new iam.PolicyStatement({
          sid: 'DenyReadsFromOtherNetworks',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: read,
          resources: ['*'],
          conditions: {
            ...(Object.keys(notIp).length > 0 ? { NotIpAddress: notIp } : {}),
            ...(access.vpcEndpointIds.length > 0 ? { StringNotEquals: { 'aws:SourceVpce': [...access.vpcEndpointIds] } } : {}),
            BoolIfExists: { 'aws:ViaAWSService': 'false' },
            ...(rotatedByFunction && this.rotationFunction ? { ArnNotEquals: { 'aws:PrincipalArn': this.rotationFunction.role?.roleArn ?? '' } } : {}),
          },
        }),
      );
    }
    add(
      new iam.PolicyStatement({
        sid: 'DenyOtherEnvironments',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: read,
        resources: ['*'],
        conditions: {
          Null: { [`aws:PrincipalTag/${ENVIRONMENT_TAG}`]: 'false' },
          StringNotEquals: { [`aws:PrincipalTag/${ENVIRONMENT_TAG}`]: namespace },
        },
      }),
    );
  }

  /** One service's role: reads its own namespace, decrypts through Secrets Manager only, is tagged with its environment. */
  private createServiceRole(service: Policy['secrets']['services'][number], props: HardenedSecretsProps): iam.IRole {
    const { namespace } = this.policy.secrets;
    const stack = Stack.of(this);
    const id = `Role-${service.name}`;
    const tags = { [ENVIRONMENT_TAG]: namespace, [SERVICE_TAG]: service.name };
    const roleProps = {
      assumedBy: props.assumedBy ?? new iam.AccountRootPrincipal(),
      description: `Reads the ${namespace} secrets of ${service.name} (Bulwark)`,
      // IAM roles allow sessions of 1 to 12 hours; shorter credentials are asked for by the caller.
      maxSessionDuration: Math.max(3_600, Math.min(43_200, service.sessionSeconds)),
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: service.readPrefixes.map((prefix) => this.secretArnPattern(prefix)),
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
        }),
      ],
    };
    let role: iam.IRole;
    if (this.node.tryGetContext(CUSTOMIZE_ROLES_CONTEXT_KEY) === undefined) {
      const written = new ServiceRole(this, id, roleProps);
      setOwnTags(written.cfnRole, tags);
      role = written;
    } else {
      // Precreated roles replace iam.Roles only.
      const { statements, ...base } = roleProps;
      const created = new iam.Role(this, id, { ...base, maxSessionDuration: Duration.seconds(base.maxSessionDuration) });
      for (const statement of statements) created.addToPrincipalPolicy(statement);
      for (const [key, value] of Object.entries(tags)) Tags.of(created).add(key, value, { priority: OWN_TAG_PRIORITY });
      role = created;
    }
    // No service may read a generated secret before its first value fits the spec: its grants
    // wait for the gate (the role itself cannot, as the key policy names it).
    const grants = role instanceof ServiceRole ? role.cfnPolicy : role.node.tryFindChild('DefaultPolicy');
    if (this.initialValues && grants) grants.node.addDependency(this.initialValues);
    const { maxSessionDuration } = roleProps;
    for (const prefix of service.readPrefixes) {
      // cdk-nag names wildcard findings by the rendered resource; this is the namespace the role exists to read.
      const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
      const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${region}:${account}:secret:${secretResourceName(prefix)}]`,
        reason: `The ${service.name} role reads its own namespace (${prefix}) and nothing else.`,
      });
    }
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: this.uniqueSid(`Decrypt${service.name.replace(/[^A-Za-z0-9]/g, '')}ThroughSecretsManager`),
        principals: [role],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }),
    );
    if (service.sessionSeconds < 3_600 || service.sessionSeconds > 43_200) {
      Annotations.of(this).addInfo(
        `${service.name}: a role session lasts 1 to 12 hours in IAM, so MaxSessionDuration is ${maxSessionDuration} s; ask for ${service.sessionSeconds} s (DurationSeconds) when assuming it`,
      );
    }
    return role;
  }

  /**
   * A statement ID not yet used in the key policy: service names that differ only in their
   * hyphens (api-gw, apigw) would otherwise give two statements one Sid, which KMS refuses.
   */
  private uniqueSid(sid: string): string {
    let unique = sid;
    for (let count = 2; this.keyPolicySids.has(unique); count += 1) unique = `${sid}${count}`;
    this.keyPolicySids.add(unique);
    return unique;
  }

  private createRotationFunction(pins: Readonly<Record<string, GenerationSpec>>): lambda.Function {
    const logGroup = new logs.LogGroup(this, 'RotationLogs', { retention: logs.RetentionDays.ONE_YEAR });
    // Its own role, allowed to write only its own logs (instead of the AWS-managed basic execution policy).
    const role = new iam.Role(this, 'RotationRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: 'Bulwark secret rotation' });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    const rotation = new lambda.Function(this, 'RotationFunction', {
      description: 'Rotates secrets Bulwark generates (createSecret, setSecret, testSecret, finishSecret)',
      // The latest Node.js runtime in every region; looking it up per region loads the region database (~100 ms per synth).
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(rotationHandlerDirectory(), { exclude: ['*.ts', '*.map'] }),
      role,
      // RSA-4096 key generation, and the gate's wait for the first rotations, need the headroom;
      // shorter than the gate's serviceTimeout, so that CloudFormation always has the gate's answer.
      timeout: ROTATION_FUNCTION_TIMEOUT,
      memorySize: 512,
      logGroup,
      // The spec of each secret, pinned where a tag edit cannot reach it (the tag is only informative).
      environment: { [PINNED_SPECS_VARIABLE]: writePinnedSpecs(pins) },
      // At most one rotation per secret runs at a time, plus the gate: no more are ever needed.
      reservedConcurrentExecutions: Object.keys(pins).length + 1,
    });
    this.pinnedCount = Object.keys(pins).length;
    this.node.addValidation({
      validate: () => {
        const size = PINNED_SPECS_VARIABLE.length + writePinnedSpecs(pins).length;
        return size > LAMBDA_ENVIRONMENT_LIMIT
          ? [
              `the pinned specs of ${Object.keys(pins).length} generated secrets take ${size} bytes of the rotation function's environment, above Lambda's ${LAMBDA_ENVIRONMENT_LIMIT}: split the secrets over several HardenedSecrets`,
            ]
          : [];
      },
    });
    return rotation;
  }

  private createAuditRules(): void {
    const critical = this.policy.secrets.items.filter((item) => item.tier === 'critical');
    const topic = new targets.SnsTopic(this.notificationTopic);
    if (critical.length > 0) {
      const reads = new events.Rule(this, 'CriticalReads', {
        description: 'Every read of a critical secret (CloudTrail GetSecretValue; needs a CloudTrail trail in the account)',
        eventPattern: {
          source: ['aws.secretsmanager'],
          detailType: ['AWS API Call via CloudTrail'],
          // By name, by full ARN (name plus the 6-character suffix) or by partial ARN.
          detail: {
            eventName: ['GetSecretValue'],
            requestParameters: {
              secretId: critical.flatMap((item) => [
                item.id,
                { wildcard: `arn:*:secretsmanager:*:*:secret:${item.id}` },
                { wildcard: `arn:*:secretsmanager:*:*:secret:${item.id}-??????` },
              ]),
            },
          },
        },
        targets: [topic],
      });
      // GetSecretValue is a read-only management event: EventBridge delivers those only in this state.
      (reads.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    }
    if (this.policy.secrets.items.length > 0) {
      new events.Rule(this, 'RotationFailures', {
        description: 'Failed rotations of any secret',
        eventPattern: {
          source: ['aws.secretsmanager'],
          detailType: ['AWS Service Event via CloudTrail'],
          detail: { eventName: ['RotationFailed', 'RotationAbandoned'] },
        },
        targets: [topic],
      });
    }
  }

  private grantDecryptThroughSecretsManager(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt'],
      resourceArns: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
    });
  }

  /** Secret ARNs under a name prefix (`…/`) or for one name (Secrets Manager appends -XXXXXX). */
  private secretArnPattern(prefix: string): string {
    return Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: secretResourceName(prefix),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

/** The CloudFormation resources of one secret. */
export interface SecretResources {
  readonly secret: secretsmanager.CfnSecret;
  /** Its one resource policy; add statements with `HardenedSecrets.addToResourcePolicy`. */
  readonly resourcePolicy: secretsmanager.CfnResourcePolicy;
  /** Its rotation: by Bulwark's function (generated secrets) or hosted (database secrets). */
  readonly rotationSchedule?: secretsmanager.CfnRotationSchedule;
}

/**
 * Bulwark's own tags, above the default priority: an app-wide tag of the same key (say
 * `Tags.of(app).add('bulwark:environment', …)`) must not change them, since the resource
 * policies key on them.
 */
function setOwnTags(resource: { readonly tags: TagManager }, tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) resource.tags.setTag(key, value, OWN_TAG_PRIORITY);
}

/** Set by `iam.Role.customizeRoles`, which replaces `iam.Role`s with precreated roles. */
const CUSTOMIZE_ROLES_CONTEXT_KEY = '@aws-cdk/iam:customizeRoles';

/** Lambda's limit on the total size of a function's environment variables. */
const LAMBDA_ENVIRONMENT_LIMIT = 4_096;

/** Up to this many rotated secrets, each has its own invoke permission (SourceArn = the secret); above, one for the environment's secrets. */
const PER_SECRET_PERMISSIONS = 20;

/** The rotation function's timeout, and how long CloudFormation waits for the gate's answer (longer: the function answers first). */
const ROTATION_FUNCTION_TIMEOUT = Duration.seconds(240);
const GATE_SERVICE_TIMEOUT = Duration.seconds(300);

/** Above `Tags.of(…).add`'s default priority (100). */
const OWN_TAG_PRIORITY = 101;

/** A name prefix (`…/`) as every secret under it, or one name with the suffix Secrets Manager appends. */
function secretResourceName(prefix: string): string {
  return prefix.endsWith('/') ? `${prefix}*` : `${prefix}-??????`;
}

function rotationProblems(item: PolicySecret, index: number, maxRotationDays: number): HardeningProblem[] {
  const field = `secrets.items[${index}].rotateAfterDays`;
  if (item.rotationDays === 0) return [{ field, message: `${item.id} would never rotate; set 1 to ${maxRotationDays} days` }];
  if (item.rotationDays > maxRotationDays)
    return [{ field, message: `${item.id} rotates every ${item.rotationDays} days, later than secrets.maxRotationDays (${maxRotationDays})` }];
  return [];
}

function describeSecret(item: PolicySecret): string {
  switch (item.source) {
    case 'generated':
      return `${item.name} of ${item.service}: generated and rotated by Bulwark every ${item.rotationDays} days`;
    case 'database':
      return `${item.name} of ${item.service}: ${item.database?.engine} credentials rotated by Secrets Manager every ${item.rotationDays} days`;
    case 'bundle':
      return `${item.name} of ${item.service}: JSON map of ${item.bundle?.join(', ')}; set the values out of band`;
    default:
      return `${item.name} of ${item.service}: set the value out of band (the initial value is a random placeholder)`;
  }
}

/**
 * What CloudFormation generates first: a random placeholder (for a database secret, the
 * username and a random password), replaced by rotation or by the owner. Never a value from the
 * profile or the environment.
 */
function initialValue(item: PolicySecret): secretsmanager.SecretStringGenerator {
  if (item.database) {
    return {
      secretStringTemplate: JSON.stringify({ username: item.database.username }),
      generateStringKey: 'password',
      excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      passwordLength: 32,
    };
  }
  return { passwordLength: 64, excludePunctuation: true };
}

/**
 * The compiled rotation handler: next to this file when running from the package's dist/,
 * else in dist/ of the project (built by `npm run build`, which npm ci runs through prepare).
 */
function rotationHandlerDirectory(): string {
  const beside = join(__dirname, 'rotation-handler');
  if (existsSync(join(beside, 'index.js'))) return beside;
  const built = join(__dirname, '..', '..', '..', 'dist', 'lib', 'aws', 'secrets', 'rotation-handler');
  if (existsSync(join(built, 'index.js'))) return built;
  throw new Error(`the compiled rotation handler is missing (looked in ${beside} and ${built}); run npm run build`);
}
