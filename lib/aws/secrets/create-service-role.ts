import { Annotations, Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct, IDependable } from 'constructs';
import type { Policy } from '../../policy/model';
import { secretArnPattern, secretResourceName, secretWildcardFinding } from './secret-arn-pattern';
import { addOwnTags, ENVIRONMENT_TAG, SERVICE_TAG, setOwnTags } from './secret-tags';
import { uniqueSid, viaSecretsManager } from './secrets-key';
import { ServiceRole, type ServiceRoleProps } from './service-role';

/** Set by `iam.Role.customizeRoles`, which replaces `iam.Role`s with precreated roles. */
const CUSTOMIZE_ROLES_CONTEXT_KEY = '@aws-cdk/iam:customizeRoles';

/** IAM roles allow sessions of 1 to 12 hours; shorter credentials are asked for by the caller. */
const MIN_SESSION_SECONDS = 3_600;
const MAX_SESSION_SECONDS = 43_200;

type Service = Policy['secrets']['services'][number];

/** What a service role is made with: the HardenedSecrets scope, its key and the Sids already in the key policy. */
export interface ServiceRoleContext {
  readonly scope: Construct;
  readonly key: kms.Key;
  readonly namespace: string;
  readonly assumedBy: iam.IPrincipal;
  readonly keyPolicySids: Set<string>;
  /** The gate the role's grants wait for, when some secret is generated. */
  readonly initialValues?: IDependable;
}

/** One service's role (`Role-<service>`): reads its own namespace, decrypts through Secrets Manager only, is tagged with its environment. */
export function createServiceRole(context: ServiceRoleContext, service: Service): iam.IRole {
  const { scope } = context;
  const roleProps = serviceRoleProps(context, service);
  const role = writeRole(context, service, roleProps);
  // No service may read a generated secret before its first value fits the spec: its grants
  // wait for the gate (the role itself cannot, as the key policy names it).
  const grants = role instanceof ServiceRole ? role.cfnPolicy : role.node.tryFindChild('DefaultPolicy');
  if (context.initialValues && grants) grants.node.addDependency(context.initialValues);
  for (const prefix of service.readPrefixes) {
    // cdk-nag names wildcard findings by the rendered resource; this is the namespace the role exists to read.
    Validations.of(role).acknowledge({
      id: secretWildcardFinding(scope, secretResourceName(prefix)),
      reason: `The ${service.name} role reads its own namespace (${prefix}) and nothing else.`,
    });
  }
  context.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: uniqueSid(context.keyPolicySids, `Decrypt${service.name.replace(/[^A-Za-z0-9]/g, '')}ThroughSecretsManager`),
      principals: [role],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: viaSecretsManager(scope) },
    }),
  );
  if (service.sessionSeconds < MIN_SESSION_SECONDS || service.sessionSeconds > MAX_SESSION_SECONDS) {
    Annotations.of(scope).addInfo(
      `${service.name}: a role session lasts 1 to 12 hours in IAM, so MaxSessionDuration is ${roleProps.maxSessionDuration} s; ask for ${service.sessionSeconds} s (DurationSeconds) when assuming it`,
    );
  }
  return role;
}

/** The role's trust, session length and grants: the service's read prefixes, and the key through Secrets Manager. */
export function serviceRoleProps(context: Pick<ServiceRoleContext, 'scope' | 'key' | 'namespace' | 'assumedBy'>, service: Service): ServiceRoleProps {
  const { scope, namespace } = context;
  return {
    assumedBy: context.assumedBy,
    description: `Reads the ${namespace} secrets of ${service.name} (Bulwark)`,
    maxSessionDuration: Math.max(MIN_SESSION_SECONDS, Math.min(MAX_SESSION_SECONDS, service.sessionSeconds)),
    statements: [
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: service.readPrefixes.map((prefix) => secretArnPattern(scope, prefix)),
      }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [context.key.keyArn],
        conditions: { StringEquals: viaSecretsManager(scope) },
      }),
    ],
  };
}

/** A ServiceRole; an iam.Role when `iam.Role.customizeRoles` is in effect, as precreated roles replace iam.Roles only. */
function writeRole(context: ServiceRoleContext, service: Service, roleProps: ServiceRoleProps): iam.IRole {
  const id = `Role-${service.name}`;
  const tags = { [ENVIRONMENT_TAG]: context.namespace, [SERVICE_TAG]: service.name };
  if (context.scope.node.tryGetContext(CUSTOMIZE_ROLES_CONTEXT_KEY) === undefined) {
    const written = new ServiceRole(context.scope, id, roleProps);
    setOwnTags(written.cfnRole, tags);
    return written;
  }
  const { statements, ...base } = roleProps;
  const created = new iam.Role(context.scope, id, { ...base, maxSessionDuration: Duration.seconds(base.maxSessionDuration) });
  for (const statement of statements) created.addToPrincipalPolicy(statement);
  addOwnTags(created, tags);
  return created;
}
