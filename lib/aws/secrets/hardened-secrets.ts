import { Annotations, CustomResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import { lazyRecord } from '../../core/lazy-record';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { AuditTrail } from '../monitoring/audit-trail';
import { SecurityAlarms } from '../monitoring/security-alarms';
import { createAuditRules } from './audit-rules';
import { createServiceRole } from './create-service-role';
import { createDatabaseSecret } from './database-secret';
import { gateInitialValues, type RotatedSecret } from './initial-values-gate';
import { createRotationFunction } from './rotation-function';
import type { GenerationSpec } from './rotation-handler/generation-spec';
import { limitRotationKeyUse } from './rotation-role-policy';
import type { FunctionRotation } from './rotation-schedule';
import { secretArnPattern } from './secret-arn-pattern';
import { createSecretResources, type SecretContext, type SecretResources, type WrittenSecret } from './secret-resources';
import { createSecretsKey, defaultKeyAlias, grantDecryptThroughSecretsManager, keyAliasProblems } from './secrets-key';
import { secretsProblems } from './secrets-problems';
import type { DatabaseRotationOptions } from './database-rotation-options';

export { ENVIRONMENT_TAG, ROTATION_REMINDER_TAG, SERVICE_TAG } from './secret-tags';
export type { SecretResources } from './secret-resources';

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
  readonly databaseRotation?: DatabaseRotationOptions;
  /**
   * The database behind each `database` secret, by secret name: its host, port and engine are
   * attached to the secret, which hosted rotation needs.
   * @default - none; a `database` secret without its database is refused
   */
  readonly databases?: { [key: string]: secretsmanager.ISecretAttachmentTarget };
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
/**
 * The profile's secrets in Secrets Manager, named `<environment>/<service>/<NAME>` and
 * encrypted with one customer-managed key for the environment; rotated on schedule (Bulwark's
 * own function for generated values, hosted rotation for database credentials, a reminder for
 * values set out of band); read through one role per service that reaches only its namespace;
 * guarded by resource policies (allowed networks, no other environment); and audited.
 */
export class HardenedSecrets extends Construct {
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;
  public readonly key: kms.Key;
  /**
   * Secrets by `<environment>/<service>/<NAME>`, to grant on or pass to other constructs: an
   * `ISecret` made on first read (a database secret is its `Secret`). Statements added to it go
   * into the secret's one resource policy, which Bulwark writes.
   */
  public readonly secrets: { [key: string]: secretsmanager.ISecret };
  /** The CloudFormation resources of each secret, by `<environment>/<service>/<NAME>`: escape hatches. */
  public readonly secretResources: { [key: string]: SecretResources };
  /**
   * Service roles by service name: `ServiceRole`s, whose grants go into their own inline policy
   * (`iam.Role`s when `iam.Role.customizeRoles` is in effect, so that it can replace them).
   */
  public readonly roles: { [key: string]: iam.IRole };
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
  /** The CloudTrail trail, when the profile's monitoring.cloudTrail asks for one. */
  public readonly auditTrail?: AuditTrail;

  private readonly resourcePolicyAdders: Record<string, (statement: iam.PolicyStatement) => iam.AddToResourcePolicyResult> = {};

  constructor(scope: Construct, id: string, props: HardenedSecretsProps = {}) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const { secrets } = this.policy;
    const keyAlias = props.keyAlias ?? defaultKeyAlias(this, secrets.namespace);
    const problems = [...keyAliasProblems(keyAlias), ...secretsProblems(secrets, props.databases)];
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.notificationTopic = props.notificationTopic ?? new SecurityAlarms(this, 'Notifications', { profile: this.profile }).topic;
    this.key = createSecretsKey(this, secrets.namespace, keyAlias, secrets.items.length > 0);
    const pins: Record<string, GenerationSpec> = {};
    for (const item of secrets.items) if (item.source === 'generated' && item.generate) pins[item.id] = item.generate;
    this.rotationFunction = Object.keys(pins).length > 0 ? createRotationFunction(this, pins) : undefined;
    const rotation = this.rotationFunction
      ? { rotation: this.rotationFunction, pinnedCount: Object.keys(pins).length, namespace: secrets.namespace }
      : undefined;
    const { created, rotated } = this.createSecrets(props, rotation);
    if (this.rotationFunction) {
      limitRotationKeyUse({ scope: this, key: this.key, rotated }, this.rotationFunction, secrets.namespace);
      this.initialValues = gateInitialValues(this, this.rotationFunction, rotated);
    }
    this.secretResources = Object.fromEntries(Object.entries(created).map(([secretId, entry]) => [secretId, entry.resources]));
    this.secrets = lazyRecord(Object.keys(created), (secretId) => created[secretId].database ?? this.secretView(secretId, created[secretId].resources.secret));
    this.roles = this.createServiceRoles(props);
    const { auditSecretReads, cloudTrail } = this.policy.monitoring;
    createAuditRules(this, secrets.items, this.notificationTopic, auditSecretReads);
    this.auditTrail = cloudTrail ? new AuditTrail(this, 'AuditTrail') : undefined;
    if (!cloudTrail && secrets.items.some((item) => auditSecretReads.includes(item.tier))) {
      // Synth cannot see the account: say what the read audit depends on.
      Annotations.of(this).addInfo(
        `reads of ${auditSecretReads.join(', ')} secrets are audited from CloudTrail management events: the account needs a trail (set monitoring.cloudTrail: true if it has none)`,
      );
    }
  }

  /** Lets a principal you bring read one secret (by name, e.g. STRIPE_SECRET_KEY, or full id). */
  public grantRead(grantee: iam.IGrantable, name: string): iam.Grant {
    const secret = this.secrets[this.secretId(name)];
    grantDecryptThroughSecretsManager(this.key, grantee);
    return secret.grantRead(grantee);
  }

  /** Lets a principal you bring read every secret of one service's namespace. */
  public grantReadNamespace(grantee: iam.IGrantable, service: string): iam.Grant {
    grantDecryptThroughSecretsManager(this.key, grantee);
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: [secretArnPattern(this, `${this.policy.secrets.namespace}/${service}/`)],
    });
  }

  /**
   * Adds a statement to one secret's resource policy (by name, e.g. STRIPE_SECRET_KEY, or full
   * id). Secrets Manager keeps one resource policy per secret, and Bulwark writes it.
   */
  public addToResourcePolicy(name: string, statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return this.resourcePolicyAdders[this.secretId(name)](statement);
  }

  /** Every secret of the profile, in its order; and those Bulwark's function rotates, with their schedules. */
  private createSecrets(
    props: HardenedSecretsProps,
    rotation: FunctionRotation | undefined,
  ): { created: Record<string, WrittenSecret & { database?: secretsmanager.Secret }>; rotated: RotatedSecret[] } {
    const context: SecretContext = { scope: this, key: this.key, secrets: this.policy.secrets, notificationTopic: this.notificationTopic, rotation };
    const created: Record<string, WrittenSecret & { database?: secretsmanager.Secret }> = {};
    const rotated: RotatedSecret[] = [];
    for (const item of this.policy.secrets.items) {
      const written =
        item.source === 'database' && item.database
          ? createDatabaseSecret(context, item, props.databases?.[item.name] as secretsmanager.ISecretAttachmentTarget, props.databaseRotation)
          : createSecretResources(context, item);
      const { secret, rotationSchedule } = written.resources;
      // Database secrets rotate too, but hosted: only generated ones are the function's.
      if (item.source === 'generated' && rotationSchedule) rotated.push({ secret, schedule: rotationSchedule });
      this.resourcePolicyAdders[item.id] = written.addToResourcePolicy;
      created[item.id] = written;
    }
    return { created, rotated };
  }

  private createServiceRoles(props: HardenedSecretsProps): Record<string, iam.IRole> {
    const context = {
      scope: this,
      key: this.key,
      namespace: this.policy.secrets.namespace,
      assumedBy: props.assumedBy ?? new iam.AccountRootPrincipal(),
      keyPolicySids: new Set<string>(),
      initialValues: this.initialValues,
    };
    const roles: Record<string, iam.IRole> = {};
    for (const service of this.policy.secrets.services) roles[service.name] = createServiceRole(context, service);
    return roles;
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
}
