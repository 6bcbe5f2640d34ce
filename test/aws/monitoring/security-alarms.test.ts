import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { SecurityAlarms } from '../../../lib/aws/monitoring/security-alarms';
import { HardenedCertificate } from '../../../lib/aws/tls/hardened-certificate';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { type HardeningProfileInput, Profile } from '../../../lib/tooling';

const env = { account: '123456789012', region: 'eu-west-1' };
const profile = (input: Partial<HardeningProfileInput> = {}) =>
  Profile.fromObject({ name: 'demo', monitoring: { notify: { email: ['security@example.com'] } }, ...input });

function everyAlarmHasAnAction(template: Template) {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as { Properties: { AlarmActions?: unknown[] } }[];
  expect(alarms.length).toBeGreaterThan(0);
  for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
}

describe('SecurityAlarms', () => {
  it('creates one encrypted, TLS-only topic with the profile emails subscribed', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    // The topic policy replaces SNS's default one, so it must let this account's alarms publish, and only them.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:*']] } },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    expect(alarms.topicKey).toBeDefined();
  });

  it('uses the profile topic ARN when there is one, and warns when nobody is subscribed', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', {
      profile: profile({ monitoring: { notify: { snsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:security' } } }),
    });
    expect(alarms.topic.topicArn).toBe('arn:aws:sns:eu-west-1:123456789012:security');
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Topic', 0);
    const quiet = new Stack(new App(), 'Quiet', { env });
    new SecurityAlarms(quiet, 'Alarms', { profile: Profile.fromObject({ name: 'demo' }) });
    Annotations.fromStack(quiet).hasWarning('/Quiet/Alarms', Match.stringLikeRegexp('has no subscriber'));
  });

  it('alarms on WAF block spikes and on rate-limited requests over 2 minutes', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const p = profile({ monitoring: { notify: { email: ['security@example.com'] }, alarms: { wafBlockedPerMinute: 50, rateLimitedPerMinute: 100 } } });
    const waf = new HardenedWebAcl(stack, 'Waf', { profile: p });
    const created = new SecurityAlarms(stack, 'Alarms', { profile: p }).alarmOnWebAcl(waf);
    const template = Template.fromStack(stack);
    // Total blocks, rate limits, then one per attack class with a rule of its own (SQL injection, bad bots).
    expect(created.length).toBe(4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Threshold: 50,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Period: 60,
      Statistic: 'Sum',
      Dimensions: [
        { Name: 'Region', Value: 'eu-west-1' },
        { Name: 'Rule', Value: 'ALL' },
        { Name: 'WebACL', Value: waf.webAclName },
      ],
    });
    const [acl] = Object.values(template.findResources('AWS::WAFv2::WebACL')) as {
      Properties: { VisibilityConfig: { MetricName: string }; Rules: { Name: string; VisibilityConfig: { MetricName: string } }[] };
    }[];
    // AWS WAF publishes the WebACL dimension under the Web ACL's metric name.
    expect(acl.Properties.VisibilityConfig.MetricName).toBe(waf.metricName);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'BlockedRequests',
      Dimensions: Match.arrayWith([{ Name: 'WebACL', Value: acl.Properties.VisibilityConfig.MetricName }]),
    });
    const metricOf = (name: string) => acl.Properties.Rules.find((rule) => rule.Name === name)?.VisibilityConfig.MetricName;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 100,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'SUM([r0,r1])' }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'BlockedRequests', Dimensions: Match.arrayWith([{ Name: 'Rule', Value: metricOf('rate-per-ip') }]) }),
          }),
        }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'BlockedRequests', Dimensions: Match.arrayWith([{ Name: 'Rule', Value: metricOf('rate-auth') }]) }),
          }),
        }),
      ]),
    });
    everyAlarmHasAnAction(template);
  });

  it("writes the Web ACL alarms as CfnAlarms with the logical IDs aws-cdk-lib's Alarm gives at the same paths", () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const waf = new HardenedWebAcl(stack, 'Waf', { profile: profile() });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    const created = alarms.alarmOnWebAcl(waf);
    expect(created.every((alarm) => alarm instanceof cloudwatch.CfnAlarm)).toBe(true);
    expect(alarms.alarms).toEqual(created);
    const l2Scope = new Construct(new Stack(new App(), 'L2', { env }), 'Alarms');
    const metric = new cloudwatch.Metric({ namespace: 'AWS/WAFV2', metricName: 'BlockedRequests' });
    const suffix = waf.node.addr.slice(0, 8);
    const l2Ids = [`BlockedSpike-${suffix}`, `RateLimitedSpike-${suffix}`, `AttackSpike-sqlInjection-${suffix}`, `AttackSpike-badBots-${suffix}`]
      .map((id) => new cloudwatch.Alarm(l2Scope, id, { metric, threshold: 1, evaluationPeriods: 1 }))
      .map((l2) => Stack.of(l2).resolve((l2.node.defaultChild as cloudwatch.CfnAlarm).logicalId));
    expect(created.map((alarm) => stack.resolve(alarm.logicalId))).toEqual(l2Ids);
    // Each alarm has its own actions list: adding to one leaves the other as it was.
    (created[0].alarmActions as string[]).push('arn:aws:sns:eu-west-1:123456789012:pager');
    expect(created[1].alarmActions).toHaveLength(1);
    const imported = cloudwatch.Alarm.fromAlarmArn(stack, 'Imported', created[0].attrArn);
    expect(stack.resolve(imported.alarmArn)).toEqual({ 'Fn::GetAtt': [stack.resolve(created[0].logicalId), 'Arn'] });
  });

  it('counts challenged requests for a rate limit that challenges', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const p = profile({ rateLimits: [{ name: 'api', limit: 100, windowSeconds: 60, action: 'challenge' }] });
    new SecurityAlarms(stack, 'Alarms', { profile: p }).alarmOnWebAcl(new HardenedWebAcl(stack, 'Waf', { profile: p }));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ChallengeRequests' }) }) })]),
    });
  });

  it("counts each log group's failures on its own metric", () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    alarms.alarmOnAuthFailures(new logs.LogGroup(stack, 'A'));
    alarms.alarmOnAuthFailures(new logs.LogGroup(stack, 'B'));
    const names = Object.values(Template.fromStack(stack).findResources('AWS::Logs::MetricFilter')).map(
      (f) => (f as { Properties: { MetricTransformations: { MetricName: string }[] } }).Properties.MetricTransformations[0].MetricName,
    );
    expect(new Set(names).size).toBe(2);
  });

  it("refuses alarms that could never see their metric: another region's certificate, topic or CloudFront ACL", () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    expect(() => new HardenedCertificate(stack, 'Cert', { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', alarms })).toThrow(
      /- certificate: the certificate is in us-east-1, but the alarms would be in eu-west-1/,
    );
    expect(() => alarms.alarmOnWebAcl(HardenedWebAcl.fromWebAclArn(stack, 'Cf', 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1') as never)).toThrow(
      /CLOUDFRONT Web ACL metrics in us-east-1 only/,
    );
    const other = new Stack(new App(), 'Other', { env });
    expect(
      () =>
        new SecurityAlarms(other, 'Alarms', { profile: profile({ monitoring: { notify: { snsTopicArn: 'arn:aws:sns:us-west-2:123456789012:security' } } }) }),
    ).toThrow(/- monitoring.notify.snsTopicArn: the topic is in us-west-2; alarms in eu-west-1 can only notify a topic of their own region/);
  });

  it('alarms on 5xx from the load balancer and its targets', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc });
    new SecurityAlarms(stack, 'Alarms', { profile: profile() }).alarmOnLoadBalancer(alb);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 50,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(elb, 0) + FILL(targets, 0)' }),
        Match.objectLike({ Id: 'elb', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_ELB_5XX_Count' }) }) }),
        Match.objectLike({ Id: 'targets', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count' }) }) }),
      ]),
    });
    everyAlarmHasAnAction(template);
  });

  it('counts authentication failures in a log group and alarms above the hourly threshold', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const logGroup = new logs.LogGroup(stack, 'AppLogs');
    new SecurityAlarms(stack, 'Alarms', { profile: profile() }).alarmOnAuthFailures(logGroup);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '?"authentication failed" ?"login failed"',
      MetricTransformations: [{ MetricNamespace: 'Bulwark/demo', MetricName: Match.stringLikeRegexp('^AuthenticationFailures-'), MetricValue: '1' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Bulwark/demo',
      MetricName: Match.stringLikeRegexp('^AuthenticationFailures-'),
      Threshold: 20,
      Period: 3600,
      Statistic: 'Sum',
    });
    everyAlarmHasAnAction(template);
  });
});

describe('SecurityAlarms per attack class', () => {
  /** The metric names of the rules an attack alarm sums, and its threshold. */
  function attackAlarm(template: Template, attack: string) {
    const found = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).find(([id]) => id.includes(`AttackSpike${attack}`));
    if (found === undefined) return undefined;
    const { Threshold, Metrics } = (
      found[1] as {
        Properties: { Threshold: number; Metrics: { MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] } } }[] };
      }
    ).Properties;
    const rules = Metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : [])).map((metric) => {
      expect(metric.MetricName).toBe('BlockedRequests');
      return metric.Dimensions.find((d) => d.Name === 'Rule')?.Value;
    });
    return { threshold: Threshold, rules };
  }

  it("alarms on each class's blocks at the profile's threshold: the custom rules of the class, or a managed group covering that class only", () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const p = profile({
      waf: { managedRules: ['sqlDatabase'] },
      monitoring: { notify: { email: ['security@example.com'] }, alarms: { attacksPerMinute: { crossSiteScripting: 3, pathTraversal: 4, badBots: 5 } } },
    });
    const waf = new HardenedWebAcl(stack, 'Waf', { profile: p });
    new SecurityAlarms(stack, 'Alarms', { profile: p }).alarmOnWebAcl(waf);
    const template = Template.fromStack(stack);
    const metric = (name: string) => `${waf.metricName}-${name}`;
    // The SQL database group covers SQL injection, so the custom rule is skipped and the group's blocks are SQL injection's.
    expect(attackAlarm(template, 'sqlInjection')).toEqual({ threshold: 10, rules: [metric('managed-sqlDatabase')] });
    expect(attackAlarm(template, 'crossSiteScripting')).toEqual({ threshold: 3, rules: [metric('cross-site-scripting')] });
    expect(attackAlarm(template, 'pathTraversal')).toEqual({ threshold: 4, rules: [metric('path-traversal')] });
    expect(attackAlarm(template, 'badBots')).toEqual({ threshold: 5, rules: [metric('bad-bots')] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'SUM([a0])', ReturnData: true })]),
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
    everyAlarmHasAnAction(template);
  });

  it('gives no alarm to a class only a group covering several classes stops, and says so at synth', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const p = profile({ waf: { managedRules: ['common'], badBots: { userAgents: [] } } });
    new SecurityAlarms(stack, 'Alarms', { profile: p }).alarmOnWebAcl(new HardenedWebAcl(stack, 'Waf', { profile: p }));
    const template = Template.fromStack(stack);
    expect(attackAlarm(template, 'crossSiteScripting')).toBeUndefined();
    expect(attackAlarm(template, 'pathTraversal')).toBeUndefined();
    expect(attackAlarm(template, 'badBots')).toBeUndefined();
    expect(attackAlarm(template, 'sqlInjection')).toBeDefined();
    Annotations.fromStack(stack).hasInfo('/Stack/Alarms', Match.stringLikeRegexp('no crossSiteScripting alarm .* common'));
  });
});

describe('SecurityAlarms on failed logins per contributor', () => {
  it('ranks failed logins per user and per IP with Contributor Insights and alarms on the top contributor above the hourly threshold', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const logGroup = new logs.LogGroup(stack, 'AppLogs');
    const created = new SecurityAlarms(stack, 'Alarms', {
      profile: profile({ monitoring: { alarms: { authFailuresPerHour: 15 } } }),
    }).alarmOnFailedLoginsPerContributor(logGroup, { userField: '$.auth.user' });
    const template = Template.fromStack(stack);
    // The body is JSON joined around the log group's name (a token): read it with the name as a placeholder.
    const bodyOf = (rule: cloudwatch.CfnInsightRule): unknown => {
      const joined = stack.resolve(rule.ruleBody) as { 'Fn::Join': [string, unknown[]] };
      return JSON.parse(joined['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<group>')).join(''));
    };
    const body = (key: string) => ({
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: ['<group>'],
      LogFormat: 'JSON',
      Contribution: { Keys: [key], Filters: [{ Match: '$.event', In: ['login_failed', 'authentication_failed'] }] },
      AggregateOn: 'Count',
    });
    expect(bodyOf(created.userRule)).toEqual(body('$.auth.user'));
    expect(bodyOf(created.ipRule)).toEqual(body('$.ip'));
    template.resourceCountIs('AWS::CloudWatch::InsightRule', 2);
    template.hasResourceProperties('AWS::CloudWatch::InsightRule', { RuleState: 'ENABLED', RuleName: created.userRule.ruleName });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 15,
      Metrics: [Match.objectLike({ Expression: `INSIGHT_RULE_METRIC('${created.userRule.ruleName}', 'MaxContributorValue')`, Period: 3600 })],
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [Match.objectLike({ Expression: `INSIGHT_RULE_METRIC('${created.ipRule.ruleName}', 'MaxContributorValue')` })],
    });
    everyAlarmHasAnAction(template);
  });

  it('refuses a field that is not a plain JSON path, so a field name cannot rewrite the rule', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    expect(() => alarms.alarmOnFailedLoginsPerContributor(new logs.LogGroup(stack, 'AppLogs'), { ipField: '$.ip"],"Keys":["$.x' })).toThrow(
      /ipField: .* is not a JSON field path/,
    );
  });
});

describe('HardenedCertificate', () => {
  it('creates a DNS-validated certificate with expiry alarms at 30 and 7 days, missing data breaching', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    const cert = new HardenedCertificate(stack, 'Cert', { domainName: 'api.example.com', subjectAlternativeNames: ['www.example.com'], alarms });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'api.example.com',
      SubjectAlternativeNames: ['www.example.com'],
      ValidationMethod: 'DNS',
    });
    for (const threshold of [30, 7]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/CertificateManager',
        MetricName: 'DaysToExpiry',
        Statistic: 'Minimum',
        Period: 86400,
        Threshold: threshold,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
      });
    }
    expect(cert.warningAlarm).not.toBe(cert.criticalAlarm);
  });

  it('alarms on a second certificate in the same scope under IDs of its own', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    const first = alarms.alarmOnCertificate(acm.Certificate.fromCertificateArn(stack, 'Api', 'arn:aws:acm:eu-west-1:123456789012:certificate/a'));
    const second = alarms.alarmOnCertificate(acm.Certificate.fromCertificateArn(stack, 'Www', 'arn:aws:acm:eu-west-1:123456789012:certificate/b'));
    expect(first.warning.node.id).toBe('ExpiryWarning');
    expect(second.warning.node.id).not.toBe(first.warning.node.id);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('watches an imported certificate', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', {
      topic: sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:eu-west-1:123456789012:t'),
      profile: profile({ monitoring: { alarms: { certificateExpiryDays: { warning: 45, critical: 14 } } } }),
    });
    new HardenedCertificate(stack, 'Cert', { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc', alarms });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 45,
      Dimensions: [{ Name: 'CertificateArn', Value: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 14 });
  });

  it('needs exactly one of domainName and certificateArn', () => {
    const stack = new Stack(new App(), 'Stack', { env });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: profile() });
    expect(() => new HardenedCertificate(stack, 'Cert', { alarms })).toThrow(/- domainName: give exactly one of domainName/);
  });
});
