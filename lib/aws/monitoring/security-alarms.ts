import { Annotations, ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { AlarmedAttack, Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { CERTIFICATE_EXPIRY_COMPARISONS } from '../../policy/invariants';
import type { HardenedWebAcl } from '../waf/hardened-web-acl';
import { attackRuleMetrics } from './attack-rule-metrics';
import { WafRuleAction } from '../waf/waf-rule-action';
import { WebAclScope } from '../waf/web-acl-scope';

/** The metric each rate-limit rule action publishes. */
/** The AWS WAF metric a rule publishes for each action it takes. */
const RATE_RULE_METRICS: Readonly<Record<WafRuleAction, string>> = {
  [WafRuleAction.ALLOW]: 'AllowedRequests',
  [WafRuleAction.BLOCK]: 'BlockedRequests',
  [WafRuleAction.COUNT]: 'CountedRequests',
  [WafRuleAction.CHALLENGE]: 'ChallengeRequests',
  [WafRuleAction.CAPTCHA]: 'CaptchaRequests',
};

/** The words an attack alarm's description uses for its class. */
const ATTACK_LABELS: Readonly<Record<AlarmedAttack, string>> = {
  sqlInjection: 'SQL injection',
  crossSiteScripting: 'Cross-site scripting',
  pathTraversal: 'Path traversal',
  badBots: 'Bad bot',
};

/** How a spike alarm judges, L1 and L2 alike: above the threshold 2 minutes out of 2; no data is no spike. */
const SPIKE_EVALUATION = {
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  evaluationPeriods: 2,
  datapointsToAlarm: 2,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;

export interface SecurityAlarmsProps extends PolicySourceProps {
  /**
   * The topic every alarm notifies.
   * @default - the profile's monitoring.notify.snsTopicArn, else a new topic encrypted with a new KMS key and subscribed to the profile's emails
   */
  readonly topic?: sns.ITopic;
}

/** The alarms of one certificate. */
export interface CertificateExpiryAlarms {
  readonly warning: cloudwatch.Alarm;
  readonly critical: cloudwatch.Alarm;
}

/** Where a JSON failed-login event names its user and client IP, and how it says it is a failure. */
export interface FailedLoginFields {
  /**
   * The JSON path of the user name or id.
   * @default '$.user'
   */
  readonly userField?: string;
  /**
   * The JSON path of the client IP.
   * @default '$.ip'
   */
  readonly ipField?: string;
  /**
   * The JSON path of the field that marks an event a failed login.
   * @default '$.event'
   */
  readonly failureField?: string;
  /**
   * The values of failureField that mean a failed login.
   * @default ['login_failed', 'authentication_failed']
   */
  readonly failureValues?: string[];
}

/** The Contributor Insights rules and alarms of one log group's failed logins. */
export interface FailedLoginAlarms {
  readonly userRule: cloudwatch.CfnInsightRule;
  readonly ipRule: cloudwatch.CfnInsightRule;
  readonly userAlarm: cloudwatch.CfnAlarm;
  readonly ipAlarm: cloudwatch.CfnAlarm;
}

/** The failed-login fields with their defaults. */
function failedLoginFields(options: FailedLoginFields): Required<FailedLoginFields> {
  return {
    userField: options.userField ?? '$.user',
    ipField: options.ipField ?? '$.ip',
    failureField: options.failureField ?? '$.event',
    failureValues: options.failureValues ?? ['login_failed', 'authentication_failed'],
  };
}

/** `$.` then dot-separated names of letters, digits, underscores and hyphens: all a rule key needs, and nothing that could end the JSON string. */
function isJsonPath(path: string): boolean {
  if (!path.startsWith('$.') || path.length > 256) return false;
  return path
    .slice(2)
    .split('.')
    .every((part) => part.length > 0 && [...part].every((char) => /[A-Za-z0-9_-]/.test(char)));
}

/**
 * The security alarms of the checklists, each notifying one topic: WAF block spikes (in total and
 * per attack class), rate-limit blocks, load balancer 5xx spikes, certificate expiry, and
 * authentication failures in total and per user and per client IP (from a log group you pass).
 * Thresholds come from the profile's monitoring.alarms.
 */
export class SecurityAlarms extends Construct {
  public readonly topic: sns.ITopic;
  /** The key encrypting a topic Bulwark created. */
  public readonly topicKey?: kms.IKey;
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;
  /** Every alarm created so far: `Alarm`s, and the Web ACL alarms as `CfnAlarm`s. */
  public readonly alarms: cloudwatch.IAlarmRef[] = [];

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps = {}) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const { snsTopicArn } = this.policy.monitoring;
    if (props.topic) {
      this.topic = props.topic;
    } else if (snsTopicArn) {
      this.topic = this.importProfileTopic(snsTopicArn);
    } else {
      const created = this.createTopic();
      this.topic = created.topic;
      this.topicKey = created.key;
    }
  }

  /**
   * Alarms when the Web ACL blocks more than wafBlockedPerMinute, its rate limits stop more
   * than rateLimitedPerMinute, and the rules of an attack class block more than that class's
   * attacksPerMinute (see attackAlarms), for 2 minutes. One Web ACL per service makes these the alarms an
   * app has most of, so they are written as L1s (an L2 alarm costs about as much synth time
   * again); `cloudwatch.Alarm.fromAlarmArn(scope, id, alarm.attrArn)` gives an `IAlarm` of one.
   */
  public alarmOnWebAcl(webAcl: HardenedWebAcl): cloudwatch.CfnAlarm[] {
    this.checkWebAclMetricsRegion(webAcl);
    const created = [this.blockedSpikeAlarm(webAcl)];
    if (webAcl.rateLimitRules.length > 0) created.push(this.rateLimitedSpikeAlarm(webAcl));
    created.push(...this.attackAlarms(webAcl));
    this.alarms.push(...created);
    return created;
  }

  /**
   * Alarms, per attack class (SQL injection, cross-site scripting, path traversal, bad bots),
   * when the Web ACL rules of that class block more than monitoring.alarms.attacksPerMinute of
   * it for 2 minutes. A class stopped only by a managed group that stops other classes too has
   * no alarm of its own (AWS WAF publishes one metric per group): a synth message says so, and
   * its blocks still count in the total-blocks alarm.
   */
  private attackAlarms(webAcl: HardenedWebAcl): cloudwatch.CfnAlarm[] {
    const created: cloudwatch.CfnAlarm[] = [];
    const rules = webAcl.webAcl.rules as CfnWebACL.RuleProperty[];
    for (const { attack, metricNames, mixedGroups } of attackRuleMetrics(rules, policyOf(webAcl.profile).rules)) {
      if (metricNames.length === 0) {
        if (mixedGroups.length > 0) {
          Annotations.of(this).addInfo(
            `no ${attack} alarm for ${webAcl.node.path}: only the managed rule set(s) ${mixedGroups.join(', ')} stop it, and AWS WAF counts their blocks for the whole group; they count in the total-blocks alarm (set waf.customRulesWhenManaged: true for a rule, and an alarm, of its own)`,
          );
        }
        continue;
      }
      created.push(this.attackAlarm(webAcl, attack, metricNames));
    }
    return created;
  }

  /** Alarms when the load balancer and its targets answer more than serverErrorsPerMinute 5xx for 2 minutes. */
  public alarmOnLoadBalancer(loadBalancer: elbv2.IApplicationLoadBalancer): cloudwatch.Alarm {
    const options = { period: Duration.minutes(1), statistic: 'Sum' };
    const errors = new cloudwatch.MathExpression({
      expression: 'FILL(elb, 0) + FILL(targets, 0)',
      usingMetrics: {
        elb: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, options),
        targets: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, options),
      },
      period: Duration.minutes(1),
      label: '5xx responses',
    });
    return this.addAlarm(
      loadBalancer,
      'ServerErrorSpike',
      errors,
      this.policy.monitoring.serverErrorsPerMinute,
      '5xx responses per minute above the threshold',
    );
  }

  /**
   * Alarms when a certificate expires in fewer than the warning and the critical number of
   * days. Missing data counts as breaching: ACM stops publishing DaysToExpiry once it expired.
   */
  public alarmOnCertificate(certificate: acm.ICertificate, scope: Construct = this): CertificateExpiryAlarms {
    const stackRegion = Stack.of(scope).region;
    const certificateRegion = Token.isUnresolved(certificate.certificateArn) ? undefined : certificate.certificateArn.split(':')[3];
    if (certificateRegion !== undefined && !Token.isUnresolved(stackRegion) && certificateRegion !== stackRegion) {
      // An alarm cannot read another region's metric; with missing data breaching it would fire for ever.
      throw new HardeningValidationError(scope, [
        {
          field: 'certificate',
          message: `the certificate is in ${certificateRegion}, but the alarms would be in ${stackRegion}: create them in a ${certificateRegion} stack`,
        },
      ]);
    }
    const { warning, critical } = this.policy.monitoring.certificateExpiryDays;
    // The first certificate in a scope keeps the plain IDs; each further one is told apart by its construct address.
    const idFor = (kind: string) => (scope.node.tryFindChild(kind) === undefined ? kind : alarmId(kind, certificate));
    const expiry = (kind: string, days: number, level: string) =>
      this.register(
        new cloudwatch.Alarm(scope, idFor(kind), {
          alarmDescription: `${level}: the certificate expires in fewer than ${days} days (or has expired)`,
          metric: certificate.metricDaysToExpiry({ period: Duration.days(1) }),
          threshold: days,
          comparisonOperator: CERTIFICATE_EXPIRY_COMPARISONS[0] as cloudwatch.ComparisonOperator,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        }),
      );
    return { warning: expiry('ExpiryWarning', warning, 'Warning'), critical: expiry('ExpiryCritical', critical, 'Critical') };
  }

  /**
   * Counts authentication failures in a log group with a metric filter and alarms above
   * authFailuresPerHour.
   *
   * @param filterPattern which log events are failures (default: events containing "authentication failed" or "login failed")
   */
  public alarmOnAuthFailures(
    logGroup: logs.ILogGroup,
    filterPattern: logs.IFilterPattern = logs.FilterPattern.anyTerm('authentication failed', 'login failed'),
  ): cloudwatch.Alarm {
    const filter = new logs.MetricFilter(this, `AuthFailures${this.node.children.length}`, {
      logGroup,
      filterPattern,
      metricNamespace: `Bulwark/${this.policy.name}`,
      // One metric per log group, so each alarm counts only its own failures.
      metricName: `AuthenticationFailures-${logGroup.node.addr.slice(0, 8)}`,
      metricValue: '1',
    });
    const metric = filter.metric({ statistic: 'Sum', period: Duration.hours(1) });
    return this.register(
      new cloudwatch.Alarm(this, `AuthFailureAlarm${this.node.children.length}`, {
        alarmDescription: 'Authentication failures per hour above the threshold: possible credential stuffing',
        metric,
        threshold: this.policy.monitoring.authFailuresPerHour,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /**
   * Ranks failed logins in a log group of JSON events per user and per client IP with two
   * CloudWatch Contributor Insights rules, and alarms when the top user or the top IP fails more
   * than monitoring.alarms.authFailuresPerHour times in an hour: credential stuffing against one
   * account, or one source trying many. Bulwark cannot see the application's logs by itself: pass
   * the log group its failed-login events go to.
   */
  public alarmOnFailedLoginsPerContributor(logGroup: logs.ILogGroup, options: FailedLoginFields = {}): FailedLoginAlarms {
    const fields = failedLoginFields(options);
    const problems = Object.entries({ userField: fields.userField, ipField: fields.ipField, failureField: fields.failureField })
      .filter(([, path]) => !isJsonPath(path))
      .map(([field, path]) => ({ field, message: `"${path}" is not a JSON field path like $.user or $.request.ip` }));
    if (problems.length > 0) throw new HardeningValidationError(this, problems);
    const id = `FailedLogins-${logGroup.node.addr.slice(0, 8)}`;
    const contributors = (by: 'User' | 'Ip', key: string) => {
      const scope = new Construct(this, `${id}-By${by}`);
      const ruleName = `bulwark-failed-logins-by-${by.toLowerCase()}-${scope.node.addr.slice(0, 16)}`;
      const rule = new cloudwatch.CfnInsightRule(scope, 'Rule', {
        ruleName,
        ruleState: 'ENABLED',
        // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
        ruleBody: Stack.of(this).toJsonString({
          Schema: { Name: 'CloudWatchLogRule', Version: 1 },
          LogGroupNames: [logGroup.logGroupName],
          LogFormat: 'JSON',
          Contribution: { Keys: [key], Filters: [{ Match: fields.failureField, In: [...fields.failureValues] }] },
          AggregateOn: 'Count',
        }),
      });
      const alarm = new cloudwatch.CfnAlarm(scope, 'Alarm', {
        alarmActions: [this.topic.topicArn],
        alarmDescription: alarmDescription(
          `Failed logins of the top ${by === 'User' ? 'user' : 'client IP'} per hour above the threshold: possible credential stuffing`,
          logGroup,
        ),
        metrics: [
          {
            id: 'top',
            expression: `INSIGHT_RULE_METRIC('${ruleName}', 'MaxContributorValue')`,
            period: 3_600,
            label: `Failed logins of the top ${by}`,
            returnData: true,
          },
        ],
        threshold: this.policy.monitoring.authFailuresPerHour,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      // The alarm reads the rule by name, which CloudFormation cannot see: create the rule first.
      alarm.node.addDependency(rule);
      this.alarms.push(alarm);
      return { rule, alarm };
    };
    const byUser = contributors('User', fields.userField);
    const byIp = contributors('Ip', fields.ipField);
    return { userRule: byUser.rule, ipRule: byIp.rule, userAlarm: byUser.alarm, ipAlarm: byIp.alarm };
  }

  /** The profile's topic, which must be in this stack's region: an alarm notifies only a topic of its own region. */
  private importProfileTopic(snsTopicArn: string): sns.ITopic {
    const topicRegion = snsTopicArn.split(':')[3];
    const stackRegion = Stack.of(this).region;
    if (!Token.isUnresolved(stackRegion) && topicRegion !== stackRegion) {
      throw new HardeningValidationError(this, [
        {
          field: 'monitoring.notify.snsTopicArn',
          message: `the topic is in ${topicRegion}; alarms in ${stackRegion} can only notify a topic of their own region`,
        },
      ]);
    }
    if (this.policy.monitoring.emails.length > 0) {
      Annotations.of(this).addWarningV2(
        'bulwark:alarm-emails-ignored',
        'monitoring.notify.email is ignored because monitoring.notify.snsTopicArn is set: subscribe the addresses to that topic',
      );
    }
    return sns.Topic.fromTopicArn(this, 'Topic', snsTopicArn);
  }

  /** A TLS-only topic encrypted with a key of its own, that this account's alarms may publish to, with the profile's emails subscribed. */
  private createTopic(): { topic: sns.Topic; key: kms.Key } {
    const key = this.createTopicKey();
    const topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true, displayName: `Security alarms: ${this.policy.name}` });
    allowAlarmsOfThisAccount(topic);
    this.subscribeProfileEmails(topic);
    return { topic, key };
  }

  private createTopicKey(): kms.Key {
    const key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: `Encrypts the security alarm topic of ${this.node.path}` });
    // CloudWatch (alarms) and EventBridge (audit events) publish to an encrypted topic only when the key lets them.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    return key;
  }

  private subscribeProfileEmails(topic: sns.Topic): void {
    const { emails } = this.policy.monitoring;
    for (const email of emails) topic.addSubscription(new subscriptions.EmailSubscription(email));
    if (emails.length === 0) {
      Annotations.of(this).addWarningV2(
        'bulwark:alarm-topic-without-subscribers',
        'the alarm topic has no subscriber: set monitoring.notify.email in the profile or subscribe to the topic',
      );
    }
  }

  /** CloudWatch publishes a CLOUDFRONT Web ACL's metrics in us-east-1 only: alarms elsewhere would never see them. */
  private checkWebAclMetricsRegion(webAcl: HardenedWebAcl): void {
    const region = Stack.of(this).region;
    if (webAcl.scope === WebAclScope.CLOUDFRONT && !Token.isUnresolved(region) && region !== 'us-east-1') {
      throw new HardeningValidationError(this, [
        {
          field: 'alarmOnWebAcl',
          message: `CloudWatch publishes CLOUDFRONT Web ACL metrics in us-east-1 only; create these alarms in a us-east-1 stack, not ${region}`,
        },
      ]);
    }
  }

  private blockedSpikeAlarm(webAcl: HardenedWebAcl): cloudwatch.CfnAlarm {
    return new cloudwatch.CfnAlarm(new Construct(this, alarmId('BlockedSpike', webAcl)), 'Resource', {
      ...this.spikeAlarmSettings(),
      alarmDescription: alarmDescription('WAF blocked requests per minute above the threshold: possible attack', webAcl),
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensions: webAclDimensions(webAcl, 'ALL'),
      statistic: 'Sum',
      period: 60,
      threshold: this.policy.monitoring.wafBlockedPerMinute,
    });
  }

  /** One alarm on the blocks of an attack class's rules, summed. */
  private attackAlarm(webAcl: HardenedWebAcl, attack: AlarmedAttack, metricNames: readonly string[]): cloudwatch.CfnAlarm {
    const ids = metricNames.map((_, index) => `a${index}`);
    return new cloudwatch.CfnAlarm(new Construct(this, alarmId(`AttackSpike-${attack}`, webAcl)), 'Resource', {
      ...this.spikeAlarmSettings(),
      alarmDescription: alarmDescription(`${ATTACK_LABELS[attack]} requests blocked per minute above the threshold: attack under way`, webAcl),
      metrics: [
        { id: 'expr_1', expression: `SUM([${ids.join(',')}])`, label: `${ATTACK_LABELS[attack]} blocked`, returnData: true },
        ...metricNames.map((metricName, index) => ({
          id: ids[index],
          metricStat: {
            metric: { namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensions: webAclDimensions(webAcl, metricName) },
            period: 60,
            stat: 'Sum',
          },
          returnData: false,
        })),
      ],
      threshold: this.policy.monitoring.attacksPerMinute[attack],
    });
  }

  /** One alarm on the sum of what every rate-limit rule stops: each publishes what it does (blocked, challenged or counted requests). */
  private rateLimitedSpikeAlarm(webAcl: HardenedWebAcl): cloudwatch.CfnAlarm {
    const rateRules = webAcl.rateLimitRules;
    const ids = rateRules.map((_, index) => `r${index}`);
    return new cloudwatch.CfnAlarm(new Construct(this, alarmId('RateLimitedSpike', webAcl)), 'Resource', {
      ...this.spikeAlarmSettings(),
      alarmDescription: alarmDescription('Requests blocked by rate limits per minute above the threshold', webAcl),
      metrics: [
        { id: 'expr_1', expression: `SUM([${ids.join(',')}])`, label: 'Rate-limited requests', returnData: true },
        ...rateRules.map((rule, index) => ({
          id: ids[index],
          metricStat: {
            metric: { namespace: 'AWS/WAFV2', metricName: RATE_RULE_METRICS[rule.action], dimensions: webAclDimensions(webAcl, rule.metricName) },
            period: 60,
            stat: 'Sum',
          },
          returnData: false,
        })),
      ],
      threshold: this.policy.monitoring.rateLimitedPerMinute,
    });
  }

  /** Above the threshold for 2 minutes, notifying the topic; a fresh actions list each time, since an L1 keeps the array it is given. */
  private spikeAlarmSettings() {
    return { alarmActions: [this.topic.topicArn], ...SPIKE_EVALUATION };
  }

  private addAlarm(target: Construct, id: string, metric: cloudwatch.IMetric, perMinute: number, description: string): cloudwatch.Alarm {
    return this.register(
      new cloudwatch.Alarm(this, alarmId(id, target), {
        alarmDescription: alarmDescription(description, target),
        metric,
        threshold: perMinute,
        ...SPIKE_EVALUATION,
      }),
    );
  }

  private register(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}

/** An alarm's construct id: what it watches for, and which construct (one alarm of a kind per target). */
function alarmId(kind: string, target: Construct): string {
  return `${kind}-${target.node.addr.slice(0, 8)}`;
}

/** An alarm's description, naming the construct it watches. */
function alarmDescription(description: string, target: Construct): string {
  return `${description} (${target.node.path})`;
}

/** A Web ACL rule's metric dimensions, sorted by name as aws-cdk-lib writes a metric's. */
function webAclDimensions(webAcl: HardenedWebAcl, rule: string): cloudwatch.CfnAlarm.DimensionProperty[] {
  return [
    ...(webAcl.scope === WebAclScope.REGIONAL ? [{ name: 'Region', value: Stack.of(webAcl).region }] : []),
    { name: 'Rule', value: rule },
    { name: 'WebACL', value: webAcl.metricName },
  ];
}

/** The topic policy replaces SNS's default one, which let this account's alarms publish: let them in again, and no one else's. */
function allowAlarmsOfThisAccount(topic: sns.Topic): void {
  const stack = Stack.of(topic);
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
}
