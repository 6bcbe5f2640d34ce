import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, ArnFormat, Duration, SecretValue, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
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
import { isPrivateCidr } from '../../profile/cidr';
import { SecurityAlarms } from '../monitoring/security-alarms';
import { GENERATION_TAG } from './rotation-handler/rotate';

/** Tags that mark a service role; the secrets' resource policies key on them. */
export const ENVIRONMENT_TAG = 'bulwark:environment';
export const SERVICE_TAG = 'bulwark:service';
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
    const problems: HardeningProblem[] = [
      ...secrets.items.flatMap((item, index) => rotationProblems(item, index, secrets.maxRotationDays)),
      ...secrets.items.flatMap((item, index) => (item.source === 'database' && props.databases?.[item.name] === undefined
        ? [{ field: `secrets.items[${index}].database`, message: `${item.id} needs its database for hosted rotation: pass databases: { ${item.name}: <the DB instance or cluster> }` }]
        : [])),
    ];
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
      const stack = Stack.of(this);
      for (const prefix of service.readPrefixes) {
        // cdk-nag names wildcard findings by the rendered resource; this is the namespace the role exists to read.
        const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
        const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
        Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${region}:${account}:secret:${secretResourceName(prefix)}]`, reason: `The ${service.name} role reads its own namespace (${prefix}) and nothing else.` });
      }
      Tags.of(role).add(ENVIRONMENT_TAG, secrets.namespace);
      Tags.of(role).add(SERVICE_TAG, service.name);
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: service.readPrefixes.map((prefix) => this.secretArnPattern(prefix)),
      }));
      this.grantDecryptThroughSecretsManager(role);
      this.key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `Decrypt${service.name.replace(/[^A-Za-z0-9]/g, '')}ThroughSecretsManager`,
        principals: [role],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }));
      if (service.sessionSeconds < 3_600 || service.sessionSeconds > 43_200) {
        Annotations.of(this).addInfo(`${service.name}: a role session lasts 1 to 12 hours in IAM, so MaxSessionDuration is ${Math.max(3_600, Math.min(43_200, service.sessionSeconds))} s; ask for ${service.sessionSeconds} s (DurationSeconds) when assuming it`);
      }
      roles[service.name] = role;
    }
    this.roles = roles;
    this.createAuditRules();
  }

  /** Lets a principal you bring read one secret (by name, e.g. STRIPE_SECRET_KEY, or full id). */
  public grantRead(grantee: iam.IGrantable, name: string): iam.Grant {
    const matches = this.secrets[name] ? [this.secrets[name]] : Object.entries(this.secrets).filter(([secretId]) => secretId.endsWith(`/${name}`)).map(([, s]) => s);
    if (matches.length !== 1) {
      const why = matches.length === 0 ? `no secret named ${name}` : `${name} names ${matches.length} secrets; use the full name`;
      throw new HardeningValidationError(this, [{ field: 'secrets.items', message: `${why}; known: ${Object.keys(this.secrets).join(', ')}` }]);
    }
    const secret = matches[0];
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
      // A bundle starts as its flat map with empty values; everything else as a random placeholder.
      ...(item.bundle
        ? { secretObjectValue: Object.fromEntries(item.bundle.map((name) => [name, SecretValue.unsafePlainText('')])) }
        : { generateSecretString: initialValue(item) }),
    });
    Tags.of(secret).add(ENVIRONMENT_TAG, this.policy.secrets.namespace);
    Tags.of(secret).add('bulwark:tier', item.tier);
    const every = Duration.days(item.rotationDays);
    if (item.source === 'generated' && item.generate && this.rotationFunction) {
      Tags.of(secret).add(GENERATION_TAG, JSON.stringify(item.generate));
      secret.addRotationSchedule('Rotation', { rotationLambda: this.rotationFunction, automaticallyAfter: every });
    } else if (item.source === 'database' && item.database) {
      const options = props.databaseRotation ?? {};
      if (!props.databaseRotation) {
        Annotations.of(this).addWarningV2(`bulwark:db-rotation-outside-vpc-${item.name}`, `hosted rotation of ${item.id} runs outside any VPC: pass databaseRotation.vpc when the database is private`);
      }
      const hosted = {
        postgres: secretsmanager.HostedRotation.postgreSqlSingleUser,
        mysql: secretsmanager.HostedRotation.mysqlSingleUser,
        mariadb: secretsmanager.HostedRotation.mariaDbSingleUser,
      }[item.database.engine](options);
      // The attachment adds the host, port and engine that hosted rotation reads from the secret.
      const attached = secret.attach(props.databases?.[item.name] as secretsmanager.ISecretAttachmentTarget);
      attached.addRotationSchedule('Rotation', { hostedRotation: hosted, automaticallyAfter: every });
    } else {
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: `The value is set out of band (no function can create it); its owners are reminded to rotate it every ${item.rotationDays} days.` });
      // A value set out of band cannot be rotated by a function: remind the owners on schedule instead,
      // and say so on the secret, where the Bulwark checks read it.
      (secret.node.defaultChild as secretsmanager.CfnSecret).tags.setTag(ROTATION_REMINDER_TAG, String(item.rotationDays));
      new events.Rule(this, `Reminder-${item.service}-${item.name}`, {
        description: `Rotation reminder for ${item.id}`,
        schedule: events.Schedule.rate(every),
        targets: [new targets.SnsTopic(this.notificationTopic, { message: events.RuleTargetInput.fromText(`Rotate ${item.id}: its value is set out of band and is due every ${item.rotationDays} days.`) })],
      });
    }
    // Hosted rotation runs as a role Secrets Manager names, which a network rule cannot exempt.
    if (item.source === 'database' && (this.policy.secrets.access.allowedCidrs.length > 0 || this.policy.secrets.access.vpcEndpointIds.length > 0)) {
      Annotations.of(this).addWarningV2(`bulwark:db-secret-network-rule-${item.name}`, `${item.id} has no network rule in its resource policy: its hosted rotation role cannot be exempted from one`);
    }
    this.addResourcePolicy(secret, item.source === 'database');
    return secret;
  }

  /**
   * Reads only from the allowed networks (public CIDRs by source IP, private ones by the VPC
   * source IP of an endpoint request, or named endpoints), except Bulwark's rotation function
   * and AWS services acting for you (CloudFormation dynamic references); and never by a
   * principal tagged for another environment.
   */
  private addResourcePolicy(secret: secretsmanager.Secret, exemptNetworkRule: boolean): void {
    const { access, namespace } = this.policy.secrets;
    const read = ['secretsmanager:GetSecretValue'];
    const privateCidrs = access.allowedCidrs.filter(isPrivateCidr);
    const publicCidrs = access.allowedCidrs.filter((cidr) => !isPrivateCidr(cidr));
    if (!exemptNetworkRule && (access.allowedCidrs.length > 0 || access.vpcEndpointIds.length > 0)) {
      const notIp: Record<string, string[]> = {
        ...(publicCidrs.length > 0 ? { 'aws:SourceIp': publicCidrs } : {}),
        ...(privateCidrs.length > 0 ? { 'aws:VpcSourceIp': privateCidrs } : {}),
      };
      secret.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'DenyReadsFromOtherNetworks',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: read,
        resources: ['*'],
        conditions: {
          ...(Object.keys(notIp).length > 0 ? { NotIpAddress: notIp } : {}),
          ...(access.vpcEndpointIds.length > 0 ? { StringNotEquals: { 'aws:SourceVpce': [...access.vpcEndpointIds] } } : {}),
          BoolIfExists: { 'aws:ViaAWSService': 'false' },
          ...(this.rotationFunction ? { ArnNotEquals: { 'aws:PrincipalArn': this.rotationFunction.role?.roleArn ?? '' } } : {}),
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
      // RSA-4096 key generation needs the headroom.
      timeout: Duration.seconds(120),
      memorySize: 512,
      logGroup,
    });
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'secretsmanager:GetRandomPassword, granted by CDK for rotation, has no resource to scope to.' });
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
          detail: { eventName: ['GetSecretValue'], requestParameters: { secretId: critical.flatMap((item) => [item.id, { wildcard: `arn:*:secretsmanager:*:*:secret:${item.id}` }, { wildcard: `arn:*:secretsmanager:*:*:secret:${item.id}-??????` }]) } },
        },
        targets: [topic],
      });
      // GetSecretValue is a read-only management event: EventBridge delivers those only in this state.
      (reads.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
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
    return Stack.of(this).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: secretResourceName(prefix), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}

/** A name prefix (`…/`) as every secret under it, or one name with the suffix Secrets Manager appends. */
function secretResourceName(prefix: string): string {
  return prefix.endsWith('/') ? `${prefix}*` : `${prefix}-??????`;
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
 * What CloudFormation generates first: a random placeholder (for a database secret, the
 * username and a random password), replaced by rotation or by the owner. Never a value from the
 * profile or the environment.
 */
function initialValue(item: PolicySecret): secretsmanager.SecretStringGenerator {
  if (item.database) {
    return { secretStringTemplate: JSON.stringify({ username: item.database.username }), generateStringKey: 'password', excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\', passwordLength: 32 };
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
