import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, Duration, Stack, Tags } from 'aws-cdk-lib';
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
import type { Policy, PolicySecret } from '../../policy/model';
import { policyFrom, type PolicySourceProps } from '../../policy/policy-source';
import { SecurityAlarms } from '../monitoring/security-alarms';
import { GENERATION_TAG } from './rotation-handler/rotate';

/** Tags that mark a service role; the secrets' resource policies key on them. */
export const ENVIRONMENT_TAG = 'bulwark:environment';
export const SERVICE_TAG = 'bulwark:service';

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
  /** Secrets by `<environment>/<service>/<NAME>`. */
  public readonly secrets: Readonly<Record<string, secretsmanager.Secret>>;
  /** Service roles by service name. */
  public readonly roles: Readonly<Record<string, iam.Role>>;
  /** Bulwark's rotation function, when some secret is generated. */
  public readonly rotationFunction?: lambda.Function;
  public readonly notificationTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: HardenedSecretsProps = {}) {
    super(scope, id);
    this.policy = policyFrom(props);
    const { secrets } = this.policy;
    const problems: HardeningProblem[] = secrets.items.flatMap((item, index) => rotationProblems(item, index, secrets.maxRotationDays));
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.notificationTopic = props.notificationTopic ?? new SecurityAlarms(this, 'Notifications', { policy: this.policy }).topic;
    this.key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      alias: `alias/bulwark/${secrets.namespace}/secrets`,
      description: `Encrypts the ${secrets.namespace} secrets (Bulwark)`,
    });

    this.rotationFunction = secrets.items.some((item) => item.source === 'generated') ? this.createRotationFunction() : undefined;
    const created: Record<string, secretsmanager.Secret> = {};
    for (const item of secrets.items) created[item.id] = this.createSecret(item, props);
    this.secrets = created;

    const roles: Record<string, iam.Role> = {};
    for (const service of secrets.services) {
      const role = new iam.Role(this, `Role-${service.name}`, {
        assumedBy: props.assumedBy ?? new iam.AccountRootPrincipal(),
        description: `Reads the ${secrets.namespace} secrets of ${service.name} (Bulwark)`,
        // IAM roles allow sessions of 1 to 12 hours; shorter credentials are asked for by the caller.
        maxSessionDuration: Duration.seconds(Math.max(3_600, Math.min(43_200, service.sessionSeconds))),
      });
      Tags.of(role).add(ENVIRONMENT_TAG, secrets.namespace);
      Tags.of(role).add(SERVICE_TAG, service.name);
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: service.readPrefixes.map((prefix) => this.secretArnPattern(prefix)),
      }));
      this.grantDecryptThroughSecretsManager(role);
      roles[service.name] = role;
    }
    this.roles = roles;
    this.createAuditRules();
  }

  /** Lets a principal you bring read one secret (by name, e.g. STRIPE_SECRET_KEY, or full id). */
  public grantRead(grantee: iam.IGrantable, name: string): iam.Grant {
    const secret = this.secrets[name] ?? Object.entries(this.secrets).find(([secretId]) => secretId.endsWith(`/${name}`))?.[1];
    if (!secret) throw new HardeningValidationError(this, [{ field: 'secrets.items', message: `no secret named ${name}; known: ${Object.keys(this.secrets).join(', ')}` }]);
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

  private createSecret(item: PolicySecret, props: HardenedSecretsProps): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, `Secret-${item.service}-${item.name}`, {
      secretName: item.id,
      description: describeSecret(item),
      encryptionKey: this.key,
      generateSecretString: initialValue(item),
    });
    Tags.of(secret).add(ENVIRONMENT_TAG, this.policy.secrets.namespace);
    Tags.of(secret).add('bulwark:tier', item.tier);
    const every = Duration.days(item.rotationDays);
    if (item.source === 'generated' && item.generate && this.rotationFunction) {
      Tags.of(secret).add(GENERATION_TAG, JSON.stringify(item.generate));
      secret.addRotationSchedule('Rotation', { rotationLambda: this.rotationFunction, automaticallyAfter: every });
    } else if (item.source === 'database' && item.database) {
      const options = props.databaseRotation ?? {};
      const hosted = {
        postgres: secretsmanager.HostedRotation.postgreSqlSingleUser,
        mysql: secretsmanager.HostedRotation.mysqlSingleUser,
        mariadb: secretsmanager.HostedRotation.mariaDbSingleUser,
      }[item.database.engine](options);
      secret.addRotationSchedule('Rotation', { hostedRotation: hosted, automaticallyAfter: every });
    } else {
      // A value set out of band cannot be rotated by a function: remind the owners on schedule instead.
      new events.Rule(this, `Reminder-${item.service}-${item.name}`, {
        description: `Rotation reminder for ${item.id}`,
        schedule: events.Schedule.rate(every),
        targets: [new targets.SnsTopic(this.notificationTopic, { message: events.RuleTargetInput.fromText(`Rotate ${item.id}: its value is set out of band and is due every ${item.rotationDays} days.`) })],
      });
    }
    this.addResourcePolicy(secret);
    return secret;
  }

  /**
   * Service roles (tagged) may read only from the allowed networks, and principals tagged for
   * another environment never. Untagged principals (rotation, administrators) are left to IAM.
   */
  private addResourcePolicy(secret: secretsmanager.Secret): void {
    const { access, namespace } = this.policy.secrets;
    const read = ['secretsmanager:GetSecretValue'];
    if (access.allowedCidrs.length > 0 || access.vpcEndpointIds.length > 0) {
      secret.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'DenyServiceReadsFromOtherNetworks',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: read,
        resources: ['*'],
        conditions: {
          Null: { [`aws:PrincipalTag/${SERVICE_TAG}`]: 'false' },
          ...(access.allowedCidrs.length > 0 ? { NotIpAddress: { 'aws:SourceIp': [...access.allowedCidrs] } } : {}),
          ...(access.vpcEndpointIds.length > 0 ? { StringNotEquals: { 'aws:SourceVpce': [...access.vpcEndpointIds] } } : {}),
        },
      }));
    }
    secret.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyOtherEnvironments',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: read,
      resources: ['*'],
      conditions: {
        Null: { [`aws:PrincipalTag/${ENVIRONMENT_TAG}`]: 'false' },
        StringNotEquals: { [`aws:PrincipalTag/${ENVIRONMENT_TAG}`]: namespace },
      },
    }));
  }

  private createRotationFunction(): lambda.Function {
    return new lambda.Function(this, 'RotationFunction', {
      description: 'Rotates secrets Bulwark generates (createSecret, setSecret, testSecret, finishSecret)',
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(rotationHandlerDirectory(), { exclude: ['*.ts', '*.map'] }),
      timeout: Duration.seconds(60),
      memorySize: 256,
      logGroup: new logs.LogGroup(this, 'RotationLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
  }

  private createAuditRules(): void {
    const critical = this.policy.secrets.items.filter((item) => item.tier === 'critical');
    const topic = new targets.SnsTopic(this.notificationTopic);
    if (critical.length > 0) {
      new events.Rule(this, 'CriticalReads', {
        description: 'Every read of a critical secret (CloudTrail GetSecretValue)',
        eventPattern: {
          source: ['aws.secretsmanager'],
          detailType: ['AWS API Call via CloudTrail'],
          detail: { eventName: ['GetSecretValue'], requestParameters: { secretId: critical.flatMap((item) => [{ prefix: item.id }, { wildcard: `*:secret:${item.id}-*` }]) } },
        },
        targets: [topic],
      });
    }
    if (this.policy.secrets.items.length > 0) {
      new events.Rule(this, 'RotationFailures', {
        description: 'Failed rotations of any secret',
        eventPattern: { source: ['aws.secretsmanager'], detailType: ['AWS Service Event via CloudTrail'], detail: { eventName: ['RotationFailed', 'RotationAbandoned'] } },
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
    return Stack.of(this).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: prefix.endsWith('/') ? `${prefix}*` : `${prefix}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}

function rotationProblems(item: PolicySecret, index: number, maxRotationDays: number): HardeningProblem[] {
  const field = `secrets.items[${index}].rotateAfterDays`;
  if (item.rotationDays === 0) return [{ field, message: `${item.id} would never rotate; set 1 to ${maxRotationDays} days` }];
  if (item.rotationDays > maxRotationDays) return [{ field, message: `${item.id} rotates every ${item.rotationDays} days, later than secrets.maxRotationDays (${maxRotationDays})` }];
  return [];
}

function describeSecret(item: PolicySecret): string {
  switch (item.source) {
    case 'generated': return `${item.name} of ${item.service}: generated and rotated by Bulwark every ${item.rotationDays} days`;
    case 'database': return `${item.name} of ${item.service}: ${item.database?.engine} credentials rotated by Secrets Manager every ${item.rotationDays} days`;
    case 'bundle': return `${item.name} of ${item.service}: JSON map of ${item.bundle?.join(', ')}; set the values out of band`;
    default: return `${item.name} of ${item.service}: set the value out of band (the initial value is a random placeholder)`;
  }
}

/**
 * What CloudFormation stores first. Never a value from the profile: a random placeholder (or
 * the JSON shape of a bundle or database secret with a random field), replaced by rotation or
 * by the owner.
 */
function initialValue(item: PolicySecret): secretsmanager.SecretStringGenerator {
  if (item.database) {
    return { secretStringTemplate: JSON.stringify({ username: item.database.username }), generateStringKey: 'password', excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\', passwordLength: 32 };
  }
  if (item.bundle) {
    return { secretStringTemplate: JSON.stringify(Object.fromEntries(item.bundle.map((name) => [name, '']))), generateStringKey: 'BULWARK_PLACEHOLDER', excludePunctuation: true };
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
