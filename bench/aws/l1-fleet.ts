import { join } from 'node:path';
import { Aws, CfnDeletionPolicy, CfnResource, Fn, Stack, type App } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnManagedPolicy, CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnAlias, CfnKey } from 'aws-cdk-lib/aws-kms';
import { CfnFunction, CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { CfnResourcePolicy, CfnRotationSchedule, CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnSubscription, CfnTopic, CfnTopicPolicy } from 'aws-cdk-lib/aws-sns';
import { CfnLoggingConfiguration, CfnRegexPatternSet, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { badBotPatternSetProps, serviceWebAclProps } from './web-acl-rules';
import { NOTIFY_EMAIL, ROTATION_DAYS, SECRETS_PER_SERVICE, serviceName, stackGroups } from './fleet-shape';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ENVIRONMENT = 'production';
/** What the rotation function generates: the secret's tag, and the spec pinned in the function's environment. */
const GENERATE = JSON.stringify({ bytes: 32, encoding: 'hex' });
/** Up to this many rotated secrets, an invoke permission each; above, one for the environment's secrets. */
const PER_SECRET_PERMISSIONS = 20;
/** Statements per inline and per managed policy of the rotation role, split where aws-cdk-lib splits them to stay within IAM's size limits. */
const INLINE_ROTATION_STATEMENTS = 30;
const MANAGED_ROTATION_STATEMENTS = 17;
const VIA_SECRETS_MANAGER = { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } };
const rootPrincipal = () => ({ AWS: Fn.join('', ['arn:', Aws.PARTITION, `:iam::${ACCOUNT}:root`]) });
const policyDocument = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const retain = (resource: CfnResource) => {
  resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
  resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
};

/** Where an L1 goes: the stack itself, or nested as a construct library nests its resources. */
type Placement = (id: string) => [Construct, string];

export interface L1FleetOptions {
  /**
   * Put each resource three levels below its stack (`<stack>/Fleet/<id>/Resource`), as a
   * construct library nests what it creates, instead of directly in the stack: variant a‴, which
   * measures what aws-cdk-lib charges for the depth alone (logical IDs hashed from longer paths,
   * a larger tree and metadata).
   * @default false
   */
  readonly nested?: boolean;
}

/**
 * The same fleet written by hand with aws-cdk-lib L1 constructs (variant a): the resources,
 * rules and policies Bulwark's constructs produce, without Bulwark.
 */
export function addL1Fleet(app: App, services: number, options: L1FleetOptions = {}): Stack[] {
  // The compiled handler beside the compiled library, as HardenedSecrets finds it.
  const rotationCode = join(__dirname, '..', '..', 'lib', 'aws', 'secrets', 'rotation-handler');
  return stackGroups(services).map((group, stackIndex) => {
    const stack = new Stack(app, `Fleet${stackIndex}`, { env: { account: ACCOUNT, region: REGION } });
    const fleet = options.nested ? new Construct(stack, 'Fleet') : undefined;
    const at: Placement = (id) => (fleet ? [new Construct(fleet, id), 'Resource'] : [stack, id]);
    const topicKey = new CfnKey(...at('TopicKey'), {
      description: `Encrypts the security alarm topic of Fleet${stackIndex}`,
      enableKeyRotation: true,
      keyPolicy: policyDocument([
        { Action: 'kms:*', Effect: 'Allow', Principal: rootPrincipal(), Resource: '*' },
        {
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Effect: 'Allow',
          Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
          Resource: '*',
        },
      ]),
    });
    retain(topicKey);
    const topic = new CfnTopic(...at('Topic'), { displayName: `Security alarms: fleet-${stackIndex}`, kmsMasterKeyId: topicKey.attrArn });
    new CfnTopicPolicy(...at('TopicPolicy'), {
      topics: [topic.ref],
      policyDocument: policyDocument([
        {
          Sid: 'AllowPublishThroughSSLOnly',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Effect: 'Deny',
          Principal: '*',
          Resource: topic.ref,
        },
        {
          Sid: 'AllowAlarmsOfThisAccount',
          Action: 'sns:Publish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Resource: topic.ref,
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: { 'aws:SourceArn': Fn.join('', ['arn:', Aws.PARTITION, `:cloudwatch:${REGION}:${ACCOUNT}:alarm:*`]) },
          },
        },
        { Sid: 'AllowEvents', Action: 'sns:Publish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Resource: topic.ref },
      ]),
    });
    new CfnSubscription(...at('Email'), { endpoint: NOTIFY_EMAIL, protocol: 'email', topicArn: topic.ref });

    // Secrets: one key, one rotation function, two rotating secrets and a reader role per service.
    const rotationLogs = new CfnLogGroup(...at('RotationLogs'), { retentionInDays: 365 });
    retain(rotationLogs);
    const rotationRole = new CfnRole(...at('RotationRole'), {
      description: 'Secret rotation',
      assumeRolePolicyDocument: policyDocument([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }]),
    });
    const secretsKeyStatements: unknown[] = [
      { Action: 'kms:*', Effect: 'Allow', Principal: rootPrincipal(), Resource: '*' },
      {
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        Condition: VIA_SECRETS_MANAGER,
        Effect: 'Allow',
        Principal: rootPrincipal(),
        Resource: '*',
      },
      { Action: ['kms:CreateGrant', 'kms:DescribeKey'], Condition: VIA_SECRETS_MANAGER, Effect: 'Allow', Principal: rootPrincipal(), Resource: '*' },
    ];
    const secretsKey = new CfnKey(...at('SecretsKey'), {
      description: 'Encrypts the production secrets',
      enableKeyRotation: true,
      keyPolicy: policyDocument(secretsKeyStatements),
    });
    retain(secretsKey);
    new CfnAlias(...at('SecretsKeyAlias'), { aliasName: 'alias/production/secrets', targetKeyId: secretsKey.attrArn });
    const rotationStatements: unknown[] = [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: rotationLogs.attrArn }];
    const rotationPolicy = new CfnPolicy(...at('RotationPolicy'), {
      policyName: 'RotationPolicy',
      roles: [rotationRole.ref],
      policyDocument: policyDocument(rotationStatements),
    });
    // An inline policy holds 10,240 characters: the statements of later secrets go to managed policies, as aws-cdk-lib splits them.
    const overflowPolicies: unknown[][] = [];
    const code = new Asset(stack, 'RotationCode', { path: rotationCode, exclude: ['*.ts', '*.map'] });
    const secretNames = group.flatMap((index) => SECRETS_PER_SERVICE.map((name) => `${ENVIRONMENT}/${serviceName(index)}/${name}`));
    const rotationFunction = new CfnFunction(...at('RotationFunction'), {
      description: 'Rotates generated secrets',
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      memorySize: 512,
      timeout: 240,
      role: rotationRole.attrArn,
      loggingConfig: { logGroup: rotationLogs.ref },
      code: { s3Bucket: code.s3BucketName, s3Key: code.s3ObjectKey },
      environment: { variables: { BULWARK_GENERATION_SPECS: JSON.stringify({ 'hex:32': secretNames }) } },
      reservedConcurrentExecutions: secretNames.length + 1,
    });
    rotationFunction.addResourceDependency(rotationPolicy);
    const perSecretInvoke = secretNames.length <= PER_SECRET_PERMISSIONS;
    const invokeFor = (id: string, sourceArn: string) =>
      new CfnPermission(...at(id), {
        action: 'lambda:InvokeFunction',
        functionName: rotationFunction.attrArn,
        principal: 'secretsmanager.amazonaws.com',
        sourceAccount: ACCOUNT,
        sourceArn,
      });
    const environmentInvoke = perSecretInvoke
      ? undefined
      : invokeFor('RotationInvoke', Fn.join('', ['arn:', Aws.PARTITION, `:secretsmanager:${REGION}:${ACCOUNT}:secret:${ENVIRONMENT}/*`]));
    const rotatedSecrets: CfnSecret[] = [];
    const schedules: CfnRotationSchedule[] = [];
    const readerPolicies: CfnPolicy[] = [];

    const wafLogKeyStatements: unknown[] = [{ Action: 'kms:*', Effect: 'Allow', Principal: rootPrincipal(), Resource: '*' }];
    const wafLogKey = new CfnKey(...at('WafLogKey'), {
      description: 'Encrypts the WAF logs of this fleet stack',
      enableKeyRotation: true,
      keyPolicy: policyDocument(wafLogKeyStatements),
    });
    retain(wafLogKey);

    for (const index of group) {
      const service = serviceName(index);
      for (const name of SECRETS_PER_SERVICE) {
        const secret = new CfnSecret(...at(`Secret-${service}-${name}`), {
          name: `${ENVIRONMENT}/${service}/${name}`,
          description: `${name} of ${service}, rotated every ${ROTATION_DAYS} days`,
          generateSecretString: { excludePunctuation: true, passwordLength: 64 },
          kmsKeyId: secretsKey.attrArn,
          tags: [
            { key: 'bulwark:environment', value: ENVIRONMENT },
            { key: 'bulwark:generate', value: GENERATE },
            { key: 'bulwark:tier', value: 'sensitive' },
          ],
        });
        const schedule = new CfnRotationSchedule(...at(`Rotation-${service}-${name}`), {
          secretId: secret.ref,
          rotationLambdaArn: rotationFunction.attrArn,
          rotationRules: { scheduleExpression: `rate(${ROTATION_DAYS} days)` },
          rotateImmediatelyOnUpdate: true,
        });
        schedule.addResourceDependency(environmentInvoke ?? invokeFor(`RotationInvoke-${service}-${name}`, secret.ref));
        rotatedSecrets.push(secret);
        schedules.push(schedule);
        new CfnResourcePolicy(...at(`Policy-${service}-${name}`), {
          secretId: secret.ref,
          resourcePolicy: policyDocument([
            { Action: 'secretsmanager:DeleteSecret', Effect: 'Deny', Principal: rootPrincipal(), Resource: '*' },
            {
              Sid: 'DenyOtherEnvironments',
              Action: 'secretsmanager:GetSecretValue',
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Resource: '*',
              Condition: {
                Null: { 'aws:PrincipalTag/bulwark:environment': 'false' },
                StringNotEquals: { 'aws:PrincipalTag/bulwark:environment': ENVIRONMENT },
              },
            },
          ]),
        });
        const statement = {
          Action: [
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          Effect: 'Allow',
          Resource: secret.ref,
        };
        // Above 20 secrets, one pattern for the environment's secrets (below, after the loop).
        if (!perSecretInvoke) continue;
        if (rotationStatements.length < INLINE_ROTATION_STATEMENTS) rotationStatements.push(statement);
        else if (overflowPolicies.length === 0 || overflowPolicies[overflowPolicies.length - 1].length >= MANAGED_ROTATION_STATEMENTS)
          overflowPolicies.push([statement]);
        else overflowPolicies[overflowPolicies.length - 1].push(statement);
      }
      const role = new CfnRole(...at(`Role-${service}`), {
        description: `Reads the secrets of ${service}`,
        maxSessionDuration: 3_600,
        assumeRolePolicyDocument: policyDocument([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: rootPrincipal() }]),
        tags: [
          { key: 'bulwark:environment', value: ENVIRONMENT },
          { key: 'bulwark:service', value: service },
        ],
      });
      readerPolicies.push(
        new CfnPolicy(...at(`RolePolicy-${service}`), {
          policyName: `read-${service}`,
          roles: [role.ref],
          policyDocument: policyDocument([
            {
              Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
              Effect: 'Allow',
              Resource: Fn.join('', ['arn:', Aws.PARTITION, `:secretsmanager:${REGION}:${ACCOUNT}:secret:${ENVIRONMENT}/${service}/*`]),
            },
            { Action: 'kms:Decrypt', Condition: VIA_SECRETS_MANAGER, Effect: 'Allow', Resource: secretsKey.attrArn },
          ]),
        }),
      );
      secretsKeyStatements.push({
        Sid: `Decrypt${service}`,
        Action: 'kms:Decrypt',
        Condition: VIA_SECRETS_MANAGER,
        Effect: 'Allow',
        Principal: { AWS: role.attrArn },
        Resource: '*',
      });

      const webAclName = `Fleet${stackIndex}-${service}`;
      const logGroupName = `aws-waf-logs-${webAclName}`;
      wafLogKeyStatements.push({
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Effect: 'Allow',
        Principal: { Service: `logs.${REGION}.amazonaws.com` },
        Resource: '*',
        Condition: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Fn.join('', ['arn:', Aws.PARTITION, `:logs:${REGION}:${ACCOUNT}:log-group:${logGroupName}`]) },
        },
      });
      const logGroup = new CfnLogGroup(...at(`WafLogs-${service}`), { logGroupName, kmsKeyId: wafLogKey.attrArn, retentionInDays: 365 });
      retain(logGroup);
      const badBots = new CfnRegexPatternSet(...at(`BadBots-${service}`), badBotPatternSetProps());
      const webAcl = new CfnWebACL(...at(`WebAcl-${service}`), serviceWebAclProps(webAclName, service, badBots.attrArn));
      new CfnLoggingConfiguration(...at(`WafLogging-${service}`), {
        resourceArn: webAcl.attrArn,
        logDestinationConfigs: [Fn.join('', ['arn:', Aws.PARTITION, `:logs:${REGION}:${ACCOUNT}:log-group:`, logGroup.ref])],
        redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
      });
      const dimensions = (rule: string) => [
        { name: 'Region', value: REGION },
        { name: 'Rule', value: rule },
        { name: 'WebACL', value: webAclName },
      ];
      const alarm = {
        alarmActions: [topic.ref],
        comparisonOperator: 'GreaterThanThreshold',
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        threshold: 100,
        treatMissingData: 'notBreaching',
      };
      new CfnAlarm(...at(`BlockedSpike-${service}`), {
        ...alarm,
        alarmDescription: `WAF blocked requests above the threshold (${service})`,
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensions: dimensions('ALL'),
        period: 60,
        statistic: 'Sum',
      });
      new CfnAlarm(...at(`RateLimitedSpike-${service}`), {
        ...alarm,
        alarmDescription: `Rate-limited requests above the threshold (${service})`,
        metrics: [
          { id: 'total', expression: 'SUM([r0,r1,r2])', label: 'Rate-limited requests', returnData: true },
          ...['per-ip', 'auth', 'per-user'].map((rule, position) => ({
            id: `r${position}`,
            returnData: false,
            metricStat: {
              metric: { namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensions: dimensions(`${webAclName}-rate-${rule}`) },
              period: 60,
              stat: 'Sum',
            },
          })),
        ],
      });
      // One alarm per attack class with rules of its own: SQL injection (the SQL database group) and bad bots.
      for (const [attack, rule, threshold] of [
        ['sqlInjection', 'managed-sqlDatabase', 10],
        ['badBots', 'bad-bots', 50],
      ] as const) {
        new CfnAlarm(...at(`AttackSpike-${attack}-${service}`), {
          ...alarm,
          threshold,
          alarmDescription: `${attack} requests blocked above the threshold (${service})`,
          metrics: [
            { id: 'total', expression: 'SUM([a0])', label: `${attack} blocked`, returnData: true },
            {
              id: 'a0',
              returnData: false,
              metricStat: {
                metric: { namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensions: dimensions(`${webAclName}-${rule}`) },
                period: 60,
                stat: 'Sum',
              },
            },
          ],
        });
      }
    }
    // The key, for the secrets it rotates only; then the gate on their first values, which the readers' grants wait for.
    const environmentSecrets = Fn.join('', ['arn:', Aws.PARTITION, `:secretsmanager:${REGION}:${ACCOUNT}:secret:${ENVIRONMENT}/*`]);
    if (!perSecretInvoke)
      rotationStatements.push({
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Effect: 'Allow',
        Resource: environmentSecrets,
      });
    const keyStatement = perSecretInvoke
      ? {
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { ...VIA_SECRETS_MANAGER.StringEquals, 'kms:EncryptionContext:SecretARN': rotatedSecrets.map((secret) => secret.ref) } },
          Effect: 'Allow',
          Resource: secretsKey.attrArn,
        }
      : {
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { ...VIA_SECRETS_MANAGER, StringLike: { 'kms:EncryptionContext:SecretARN': environmentSecrets } },
          Effect: 'Allow',
          Resource: secretsKey.attrArn,
        };
    if (rotationStatements.length < INLINE_ROTATION_STATEMENTS) rotationStatements.push(keyStatement);
    else if (overflowPolicies.length === 0 || overflowPolicies[overflowPolicies.length - 1].length >= MANAGED_ROTATION_STATEMENTS)
      overflowPolicies.push([keyStatement]);
    else overflowPolicies[overflowPolicies.length - 1].push(keyStatement);
    const gate = new CfnResource(...at('InitialValues'), {
      type: 'Custom::BulwarkInitialValues',
      properties: { ServiceToken: rotationFunction.attrArn, ServiceTimeout: '300', SecretIds: rotatedSecrets.map((secret) => secret.ref) },
    });
    for (const schedule of schedules) gate.addResourceDependency(schedule);
    for (const policy of readerPolicies) policy.addResourceDependency(gate);
    overflowPolicies.forEach((statements, position) => {
      new CfnManagedPolicy(...at(`RotationPolicy${position + 1}`), {
        description: "Part of the rotation role's policies",
        path: '/',
        roles: [rotationRole.ref],
        policyDocument: policyDocument(statements),
      });
    });
    new CfnRule(...at('RotationFailures'), {
      description: 'Failed rotations of any secret',
      state: 'ENABLED',
      eventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: { eventName: ['RotationFailed', 'RotationAbandoned'] },
      },
      targets: [{ arn: topic.ref, id: 'Topic' }],
    });
    return stack;
  });
}
