import { join } from 'node:path';
import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack, Tags, type App } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { CfnLoggingConfiguration, CfnRegexPatternSet, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { NOTIFY_EMAIL, ROTATION_DAYS, SECRETS_PER_SERVICE, serviceName, stackGroups } from './fleet-shape';
import { badBotPatternSetProps, serviceWebAclProps } from './web-acl-rules';

const ENVIRONMENT = 'production';

/**
 * The same fleet written by hand with aws-cdk-lib's L2 constructs where they exist (CfnWebACL
 * and CfnLoggingConfiguration otherwise): what a team writes without Bulwark. Not a target
 * baseline; it separates what L2 constructs cost from what Bulwark adds on top of them.
 */
export function addL2Fleet(app: App, services: number): Stack[] {
  const rotationCode = join(__dirname, '..', '..', 'lib', 'aws', 'secrets', 'rotation-handler');
  return stackGroups(services).map((group, stackIndex) => {
    const stack = new Stack(app, `Fleet${stackIndex}`, { env: { account: '123456789012', region: 'eu-west-1' } });
    const region = stack.region;
    const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true, description: `Encrypts the security alarm topic of Fleet${stackIndex}` });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(stack, 'Topic', { masterKey: topicKey, enforceSSL: true, displayName: `Security alarms: fleet-${stackIndex}` });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          },
        },
      }),
    );
    topic.addSubscription(new subscriptions.EmailSubscription(NOTIFY_EMAIL));

    const secretsKey = new kms.Key(stack, 'SecretsKey', {
      enableKeyRotation: true,
      alias: 'alias/production/secrets',
      description: 'Encrypts the production secrets',
    });
    const rotationLogs = new logs.LogGroup(stack, 'RotationLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const rotationRole = new iam.Role(stack, 'RotationRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: 'Secret rotation' });
    rotationRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [rotationLogs.logGroupArn] }),
    );
    const secretNames = group.flatMap((index) => SECRETS_PER_SERVICE.map((name) => `${ENVIRONMENT}/${serviceName(index)}/${name}`));
    // Above 20 secrets, one pattern for the environment's secrets instead of RotationSchedule's
    // per-secret grants, whose ARNs outgrow IAM's policy size limits once resolved.
    const byPattern = secretNames.length > 20;
    if (byPattern) {
      const pattern = stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${ENVIRONMENT}/*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      rotationRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            'secretsmanager:DescribeSecret',
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          resources: [pattern],
        }),
      );
      rotationRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [secretsKey.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
            StringLike: { 'kms:EncryptionContext:SecretARN': pattern },
          },
        }),
      );
    }
    const rotation = new lambda.Function(stack, 'RotationFunction', {
      description: 'Rotates generated secrets',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(rotationCode, { exclude: ['*.ts', '*.map'] }),
      role: byPattern ? rotationRole.withoutPolicyUpdates() : rotationRole,
      timeout: Duration.seconds(240),
      memorySize: 512,
      logGroup: rotationLogs,
      environment: { BULWARK_GENERATION_SPECS: JSON.stringify({ 'hex:32': secretNames }) },
      reservedConcurrentExecutions: secretNames.length + 1,
    });
    const rotated: secretsmanager.Secret[] = [];
    const schedules: secretsmanager.RotationSchedule[] = [];
    const wafLogKey = new kms.Key(stack, 'WafLogKey', { enableKeyRotation: true, description: 'Encrypts the WAF logs of this fleet stack' });

    for (const index of group) {
      const service = serviceName(index);
      for (const name of SECRETS_PER_SERVICE) {
        const secret = new secretsmanager.Secret(stack, `Secret-${service}-${name}`, {
          secretName: `${ENVIRONMENT}/${service}/${name}`,
          description: `${name} of ${service}, rotated every ${ROTATION_DAYS} days`,
          encryptionKey: secretsKey,
          generateSecretString: { passwordLength: 64, excludePunctuation: true },
        });
        Tags.of(secret).add('bulwark:environment', ENVIRONMENT);
        Tags.of(secret).add('bulwark:generate', JSON.stringify({ bytes: 32, encoding: 'hex' }));
        Tags.of(secret).add('bulwark:tier', 'sensitive');
        schedules.push(
          secret.addRotationSchedule('Rotation', {
            rotationLambda: rotation,
            automaticallyAfter: Duration.days(ROTATION_DAYS),
            rotateImmediatelyOnUpdate: true,
          }),
        );
        rotated.push(secret);
        secret.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'DenyOtherEnvironments',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['secretsmanager:GetSecretValue'],
            resources: ['*'],
            conditions: { Null: { 'aws:PrincipalTag/bulwark:environment': 'false' }, StringNotEquals: { 'aws:PrincipalTag/bulwark:environment': ENVIRONMENT } },
          }),
        );
      }
      const role = new iam.Role(stack, `Role-${service}`, {
        assumedBy: new iam.AccountRootPrincipal(),
        description: `Reads the secrets of ${service}`,
        maxSessionDuration: Duration.hours(1),
      });
      Tags.of(role).add('bulwark:environment', ENVIRONMENT);
      Tags.of(role).add('bulwark:service', service);
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          resources: [
            stack.formatArn({
              service: 'secretsmanager',
              resource: 'secret',
              resourceName: `${ENVIRONMENT}/${service}/*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [secretsKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
        }),
      );
      secretsKey.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [role],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
        }),
      );

      const webAclName = `Fleet${stackIndex}-${service}`;
      const logGroupName = `aws-waf-logs-${webAclName}`;
      const logGroupArn = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      wafLogKey.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
        }),
      );
      const logGroup = new logs.LogGroup(stack, `WafLogs-${service}`, {
        logGroupName,
        encryptionKey: wafLogKey,
        retention: logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const badBots = new CfnRegexPatternSet(stack, `BadBots-${service}`, badBotPatternSetProps());
      const webAcl = new CfnWebACL(stack, `WebAcl-${service}`, serviceWebAclProps(webAclName, service, badBots.attrArn));
      const logging = new CfnLoggingConfiguration(stack, `WafLogging-${service}`, {
        resourceArn: webAcl.attrArn,
        logDestinationConfigs: [logGroupArn],
        redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
      });
      logging.node.addDependency(logGroup);
      const metric = (rule: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          dimensionsMap: { Region: region, Rule: rule, WebACL: webAclName },
          statistic: 'Sum',
          period: Duration.minutes(1),
        });
      const alarm = {
        threshold: 100,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      };
      const blocked = new cloudwatch.Alarm(stack, `BlockedSpike-${service}`, {
        ...alarm,
        alarmDescription: `WAF blocked requests above the threshold (${service})`,
        metric: metric('ALL'),
      });
      const limited = new cloudwatch.Alarm(stack, `RateLimitedSpike-${service}`, {
        ...alarm,
        alarmDescription: `Rate-limited requests above the threshold (${service})`,
        metric: new cloudwatch.MathExpression({
          expression: 'SUM([r0,r1,r2])',
          label: 'Rate-limited requests',
          period: Duration.minutes(1),
          usingMetrics: { r0: metric(`${webAclName}-rate-per-ip`), r1: metric(`${webAclName}-rate-auth`), r2: metric(`${webAclName}-rate-per-user`) },
        }),
      });
      // One alarm per attack class with rules of its own: SQL injection (the SQL database group) and bad bots.
      const attacks = [
        ['sqlInjection', 'managed-sqlDatabase', 10],
        ['badBots', 'bad-bots', 50],
      ] as const;
      const attackAlarms = attacks.map(
        ([attack, rule, threshold]) =>
          new cloudwatch.Alarm(stack, `AttackSpike-${attack}-${service}`, {
            ...alarm,
            threshold,
            alarmDescription: `${attack} requests blocked above the threshold (${service})`,
            metric: new cloudwatch.MathExpression({
              expression: 'SUM([a0])',
              label: `${attack} blocked`,
              period: Duration.minutes(1),
              usingMetrics: { a0: metric(`${webAclName}-${rule}`) },
            }),
          }),
      );
      for (const created of [blocked, limited, ...attackAlarms]) created.addAlarmAction(new actions.SnsAction(topic));
    }
    // The invoke permission RotationSchedule grants, scoped by escape hatch to this account and to
    // the first secret (one more per secret), or to the environment's secrets above 20.
    const [granted] = rotation.node.children.filter((child): child is lambda.CfnPermission => child instanceof lambda.CfnPermission);
    granted.addPropertyOverride('SourceAccount', stack.account);
    const perSecret = rotated.length <= 20;
    granted.addPropertyOverride(
      'SourceArn',
      perSecret
        ? rotated[0].secretArn
        : stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${ENVIRONMENT}/*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    if (perSecret) {
      rotated.slice(1).forEach((secret, position) =>
        rotation.addPermission(`Invoke${position + 1}`, {
          principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
          sourceAccount: stack.account,
          sourceArn: secret.secretArn,
        }),
      );
    }
    const gate = new CustomResource(stack, 'InitialValues', {
      serviceToken: rotation.functionArn,
      resourceType: 'Custom::BulwarkInitialValues',
      serviceTimeout: Duration.seconds(300),
      properties: { SecretIds: rotated.map((secret) => secret.secretArn) },
    });
    for (const schedule of schedules) gate.node.addDependency(schedule);
    new events.Rule(stack, 'RotationFailures', {
      description: 'Failed rotations of any secret',
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: { eventName: ['RotationFailed', 'RotationAbandoned'] },
      },
      targets: [new targets.SnsTopic(topic)],
    });
    return stack;
  });
}
