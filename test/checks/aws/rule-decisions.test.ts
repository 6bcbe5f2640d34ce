// The pass/fail decisions of the Bulwark pack's rules that the fixture table of
// bulwark-checks.test.ts leaves open (found by mutation testing, issue 28): each case is an
// insecure stack a rule must flag, or a secure one it must pass.
import { App, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { extendPreset } from '../../../lib/profile/load';
import { toProfile } from '../../../lib/tooling';

function findings(build: (stack: Stack) => void, code: string, overrides: Parameters<typeof extendPreset>[1] = { name: 'demo' }): string[] {
  const app = new App();
  build(new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } }));
  const report = new BulwarkChecks(undefined, { profile: toProfile(extendPreset('baseline', overrides)) }).validateScope(app);
  return report.violations.map((v) => v.ruleName).filter((name) => name === `Bulwark-${code}` || name.startsWith(`Bulwark-${code}[`));
}

describe('SEC1: a secret rotates within the maximum (baseline: 90 days)', () => {
  const secret = (s: Stack) => new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: 'alias/mine' });
  const rotated = (rotationRules: secretsmanager.CfnRotationSchedule.RotationRulesProperty | undefined) => (s: Stack) => {
    new secretsmanager.CfnRotationSchedule(s, 'Rotation', {
      secretId: secret(s).ref,
      rotationLambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate',
      rotationRules,
    });
  };
  const reminded = (days: string) => (s: Stack) => {
    const withTag = secret(s);
    withTag.tags.setTag('bulwark:rotation-reminder-days', days);
  };

  it('flags a secret with no rotation schedule at all', () => {
    expect(findings((s) => void secret(s), 'SEC1')).toEqual(['Bulwark-SEC1[no-rotation]']);
  });

  it('passes a reminder period within the maximum and flags one beyond it, or one that is not a positive number', () => {
    expect(findings(reminded('90'), 'SEC1')).toEqual([]);
    expect(findings(reminded('91'), 'SEC1')).toEqual(['Bulwark-SEC1[reminds-every-91-days]']);
    expect(findings(reminded('0'), 'SEC1')).toEqual(['Bulwark-SEC1[no-rotation]']);
    expect(findings(reminded('soon'), 'SEC1')).toEqual(['Bulwark-SEC1[no-rotation]']);
  });

  it('reads AutomaticallyAfterDays and rate() in days or hours, with the maximum itself allowed', () => {
    expect(findings(rotated({ automaticallyAfterDays: 90 }), 'SEC1')).toEqual([]);
    expect(findings(rotated({ automaticallyAfterDays: 91 }), 'SEC1')).toEqual(['Bulwark-SEC1[rotates-every-91-days]']);
    expect(findings(rotated({ scheduleExpression: 'rate(1 day)' }), 'SEC1')).toEqual([]);
    expect(findings(rotated({ scheduleExpression: 'rate(90 days)' }), 'SEC1')).toEqual([]);
    expect(findings(rotated({ scheduleExpression: 'rate(91 days)' }), 'SEC1')).toEqual(['Bulwark-SEC1[rotates-every-91-days]']);
    expect(findings(rotated({ scheduleExpression: 'rate(4 hours)' }), 'SEC1')).toEqual([]);
    expect(findings(rotated({ scheduleExpression: 'rate(2400 hours)' }), 'SEC1')).toEqual(['Bulwark-SEC1[rotates-every-100-days]']);
  });

  it('flags a schedule with no period as rotating at an unknown interval, and a cron or malformed expression as unresolved', () => {
    expect(findings(rotated(undefined), 'SEC1')).toEqual(['Bulwark-SEC1[rotates-every-unknown-days]']);
    expect(findings(rotated({}), 'SEC1')).toEqual(['Bulwark-SEC1[rotates-every-unknown-days]']);
    // A daily cron is bounded (one day); only what cannot be bounded is unresolved.
    expect(findings(rotated({ scheduleExpression: 'cron(0 12 * * ? *)' }), 'SEC1')).toEqual([]);
    // Surrounding spaces do not change the period.
    expect(findings(rotated({ scheduleExpression: 'rate(30 days) ' }), 'SEC1')).toEqual([]);
    expect(findings(rotated({ scheduleExpression: 'xrate(30 days)' }), 'SEC1')).toEqual(['Bulwark-SEC1[unresolved]']);
  });

  it('takes the longest of several schedules of one secret', () => {
    expect(
      findings((s) => {
        const one = secret(s);
        for (const [id, scheduleExpression] of [
          ['Often', 'rate(7 days)'],
          ['Rarely', 'rate(200 days)'],
        ])
          new secretsmanager.CfnRotationSchedule(s, id, {
            secretId: one.ref,
            rotationLambdaArn: 'arn:aws:lambda:eu-west-1:1:function:r',
            rotationRules: { scheduleExpression },
          });
      }, 'SEC1'),
    ).toEqual(['Bulwark-SEC1[rotates-every-200-days]']);
  });
});

describe('SEC2: a secret uses a customer-managed key', () => {
  const keyed = (kmsKeyId: string) => (s: Stack) => void new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId });

  it('flags the AWS-managed key by bare alias, alias name or alias ARN', () => {
    expect(findings(keyed('alias/aws/secretsmanager'), 'SEC2')).toEqual(['Bulwark-SEC2']);
    expect(findings(keyed('aws/secretsmanager'), 'SEC2')).toEqual(['Bulwark-SEC2']);
    expect(findings(keyed('arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager'), 'SEC2')).toEqual(['Bulwark-SEC2']);
  });

  it('passes customer keys whose names only resemble the AWS-managed alias', () => {
    expect(findings(keyed('alias/aws/secretsmanager-app'), 'SEC2')).toEqual([]);
    expect(findings(keyed('alias/myaws/secretsmanager'), 'SEC2')).toEqual([]);
    expect(findings(keyed('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'), 'SEC2')).toEqual([]);
    expect(findings(keyed('aws/secretsmanager-app'), 'SEC2')).toEqual([]);
  });

  it('flags a secret with no key (the AWS-managed key) as plainly non-compliant, not as unresolved', () => {
    expect(findings((s) => void new secretsmanager.CfnSecret(s, 'Secret', {}), 'SEC2')).toEqual(['Bulwark-SEC2']);
  });

  it('passes a secret encrypted with an alias or a replica key made in the app', () => {
    expect(
      findings((s) => {
        const alias = new kms.CfnAlias(s, 'Alias', { aliasName: 'alias/app', targetKeyId: new kms.CfnKey(s, 'Key', {}).ref });
        new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: alias.ref });
      }, 'SEC2'),
    ).toEqual([]);
    expect(
      findings((s) => {
        const replica = new kms.CfnReplicaKey(s, 'Replica', { keyPolicy: {}, primaryKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1' });
        new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: replica.attrArn });
      }, 'SEC2'),
    ).toEqual([]);
  });

  it('is unresolved for a key that is a resource of the app but not a KMS key (what it names is not known to be customer-managed)', () => {
    expect(
      findings((s) => {
        new secretsmanager.CfnSecret(s, 'Secret', { kmsKeyId: new secretsmanager.CfnSecret(s, 'Other', { kmsKeyId: 'alias/mine' }).ref });
      }, 'SEC2'),
    ).toEqual(['Bulwark-SEC2[unresolved]']);
  });
});

describe('IAM1: no read of every secret', () => {
  const readAll = { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 's3:GetObject'], Resource: '*' };

  it('flags a statement where any one of its actions reads secrets', () => {
    expect(
      findings((s) => {
        new iam.CfnPolicy(s, 'Policy', { policyName: 'p', roles: ['r'], policyDocument: { Statement: [readAll] } });
      }, 'IAM1'),
    ).toEqual(['Bulwark-IAM1[Resource::*]']);
  });

  it('flags a managed policy and a role inline policy that read every secret', () => {
    expect(
      findings((s) => {
        new iam.CfnManagedPolicy(s, 'Managed', { policyDocument: { Statement: [readAll] } });
      }, 'IAM1'),
    ).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(
      findings((s) => {
        new iam.ManagedPolicy(s, 'L2Managed', { statements: [new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] })] });
      }, 'IAM1'),
    ).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(
      findings((s) => {
        new iam.CfnRole(s, 'Role', { assumeRolePolicyDocument: {}, policies: [{ policyName: 'inline', policyDocument: { Statement: [readAll] } }] });
      }, 'IAM1'),
    ).toEqual(['Bulwark-IAM1[Resource::*]']);
  });

  it('matches actions case-insensitively, with ? for one character, and every-secret ARNs in any partition', () => {
    const policy = (statement: unknown) => (s: Stack) =>
      void new iam.CfnPolicy(s, 'Policy', { policyName: 'p', roles: ['r'], policyDocument: { Statement: [statement] } });
    expect(findings(policy({ Effect: 'Allow', Action: 'SecretsManager:getSecretValue', Resource: '*' }), 'IAM1')).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(findings(policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValu?', Resource: '*' }), 'IAM1')).toEqual(['Bulwark-IAM1[Resource::*]']);
    expect(findings(policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecret?', Resource: '*' }), 'IAM1')).toEqual([]);
    expect(findings(policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue.', Resource: '*' }), 'IAM1')).toEqual([]);
    expect(findings(policy({ Effect: 'Allow', Action: 'secretsmanager:DescribeSecret', Resource: '*' }), 'IAM1')).toEqual([]);
    const everySecret = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:*';
    expect(findings(policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: everySecret }), 'IAM1')).toEqual([
      `Bulwark-IAM1[Resource::${everySecret}]`,
    ]);
    expect(
      findings(
        policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app*' }),
        'IAM1',
      ),
    ).toEqual([]);
  });

  it("flags only every secret's ARN: not another ARN that ends like one, nor a wildcard followed by a secret's name", () => {
    const policy = (Resource: string) => (s: Stack) =>
      void new iam.CfnPolicy(s, 'Policy', {
        policyName: 'p',
        roles: ['r'],
        policyDocument: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource }] },
      });
    expect(findings(policy('arn:aws:s3:::bucket/arn:aws:secretsmanager:eu-west-1:123456789012:secret:*'), 'IAM1')).toEqual([]);
    expect(findings(policy('arn:aws:secretsmanager:eu-west-1:123456789012:secret:*/payment-??????'), 'IAM1')).toEqual([]);
  });

  it('passes a NotAction list that excludes the read, and a statement with an action that is not a string', () => {
    const policy = (statement: unknown) => (s: Stack) =>
      void new iam.CfnPolicy(s, 'Policy', { policyName: 'p', roles: ['r'], policyDocument: { Statement: [statement] } });
    expect(findings(policy({ Effect: 'Allow', NotAction: ['iam:*', 'secretsmanager:GetSecretValue'], Resource: '*' }), 'IAM1')).toEqual([]);
    expect(findings(policy({ Effect: 'Allow', Action: [42], Resource: '*' }), 'IAM1')).toEqual([]);
  });
});

describe('ELB2: a plain-HTTP listener only redirects to HTTPS', () => {
  const httpListener = (defaultActions: elbv2.CfnListener.ActionProperty[]) => (s: Stack) =>
    void new elbv2.CfnListener(s, 'Listener', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1',
      protocol: 'HTTP',
      port: 80,
      defaultActions,
    });

  it('flags a listener that redirects to plain HTTP', () => {
    expect(findings(httpListener([{ type: 'redirect', redirectConfig: { protocol: 'HTTP', port: '8080', statusCode: 'HTTP_301' } }]), 'ELB2')).toEqual([
      'Bulwark-ELB2',
    ]);
  });

  it('flags a listener with no default action', () => {
    expect(findings(httpListener([]), 'ELB2')).toEqual(['Bulwark-ELB2']);
  });
});

describe('WAF3: a Web ACL has a rate-based rule that blocks or challenges', () => {
  // One per-IP limit of 2,000 per 5 minutes, so one unscoped rule can meet the profile.
  const perIpOnly = { name: 'demo', rateLimits: [{ name: 'per-ip', key: 'ip' as const, limit: 2_000, windowSeconds: 300, action: 'block' as const }] };
  const visibility = { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'm' };
  const acl = (rules: wafv2.CfnWebACL.RuleProperty[] | undefined) => (s: Stack) =>
    void new wafv2.CfnWebACL(s, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: visibility, rules });
  const rateRule = (action: wafv2.CfnWebACL.RuleActionProperty | undefined): wafv2.CfnWebACL.RuleProperty => ({
    name: 'rate',
    priority: 0,
    action,
    statement: { rateBasedStatement: { limit: 100, aggregateKeyType: 'IP' } },
    visibilityConfig: visibility,
  });

  it('flags a Web ACL with no rules, and one whose only rules are not rate-based', () => {
    expect(findings(acl(undefined), 'WAF3', perIpOnly)).toEqual(['Bulwark-WAF3[per-ip]']);
    expect(
      findings(
        acl([{ name: 'block-bad', priority: 0, action: { block: {} }, statement: { ipSetReferenceStatement: { arn: 'arn' } }, visibilityConfig: visibility }]),
        'WAF3',
        perIpOnly,
      ),
    ).toEqual(['Bulwark-WAF3[per-ip]']);
  });

  it('passes a rate-based rule that challenges, and flags one with no action', () => {
    expect(findings(acl([rateRule({ challenge: {} })]), 'WAF3', perIpOnly)).toEqual([]);
    expect(findings(acl([rateRule(undefined)]), 'WAF3', perIpOnly)).toEqual(['Bulwark-WAF3[per-ip]']);
  });
});

describe('WAF3 reads the rules in the order AWS WAF evaluates them, rule groups of the app included', () => {
  const perIpOnly = { name: 'demo', rateLimits: [{ name: 'per-ip', key: 'ip' as const, limit: 2_000, windowSeconds: 300, action: 'block' as const }] };
  const visibility = { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'm' };
  const rate = (priority: number, action: wafv2.CfnWebACL.RuleActionProperty = { block: {} }) => ({
    name: `rate-${priority}`,
    priority,
    action,
    statement: { rateBasedStatement: { limit: 100, aggregateKeyType: 'IP' } },
    visibilityConfig: visibility,
  });
  const allow = (priority: number, statement: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty => ({
    name: `allow-${priority}`,
    priority,
    action: { allow: {} },
    statement,
    visibilityConfig: visibility,
  });
  const everyPath = {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'STARTS_WITH',
      searchString: '/',
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
  const under = (prefix: string) => ({ ...everyPath, byteMatchStatement: { ...everyPath.byteMatchStatement, searchString: prefix } });
  const acl = (rules: wafv2.CfnWebACL.RuleProperty[]) => (s: Stack) =>
    void new wafv2.CfnWebACL(s, 'Acl', { scope: 'REGIONAL', defaultAction: { allow: {} }, visibilityConfig: visibility, rules });

  it('flags a rate rule that an earlier Allow of every request pre-empts, whatever the order the rules are written in', () => {
    expect(findings(acl([rate(5), allow(1, everyPath)]), 'WAF3', perIpOnly)).toEqual(['Bulwark-WAF3[per-ip]']);
    expect(findings(acl([allow(9, everyPath), rate(5)]), 'WAF3', perIpOnly)).toEqual([]);
  });

  it('passes an earlier Allow of other paths, and an allowlist of addresses (requests the limit does not describe)', () => {
    expect(findings(acl([allow(1, under('/healthz')), rate(5)]), 'WAF3', perIpOnly)).toEqual([]);
    // A limit over every request also covers static assets: letting them through first leaves them unlimited.
    expect(findings(acl([allow(1, under('/static/')), rate(5)]), 'WAF3', perIpOnly)).toEqual(['Bulwark-WAF3[per-ip]']);
    expect(
      findings(acl([allow(1, { ipSetReferenceStatement: { arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/ok/1' } }), rate(5)]), 'WAF3', perIpOnly),
    ).toEqual([]);
  });

  const withGroup =
    (reference: Partial<wafv2.CfnWebACL.RuleProperty>, groupRules = [rate(0)], extra: wafv2.CfnWebACL.RuleProperty[] = []) =>
    (s: Stack) => {
      const group = new wafv2.CfnRuleGroup(s, 'Group', { scope: 'REGIONAL', capacity: 10, visibilityConfig: visibility, rules: groupRules });
      acl([
        ...extra,
        {
          name: 'group',
          priority: 3,
          overrideAction: { none: {} },
          statement: { ruleGroupReferenceStatement: { arn: group.attrArn } },
          visibilityConfig: visibility,
          ...reference,
        },
      ])(s);
    };

  it('finds the rate rule inside a rule group of the app, with the action the reference leaves it', () => {
    expect(findings(withGroup({}), 'WAF3', perIpOnly)).toEqual([]);
    expect(findings(withGroup({ overrideAction: { count: {} } }), 'WAF3', perIpOnly)).toEqual(['Bulwark-WAF3[per-ip]']);
    const counted = { ruleGroupReferenceStatement: { arn: '', ruleActionOverrides: [{ name: 'rate-0', actionToUse: { count: {} } }] } };
    expect(
      findings(
        (s) => {
          const group = new wafv2.CfnRuleGroup(s, 'Group', { scope: 'REGIONAL', capacity: 10, visibilityConfig: visibility, rules: [rate(0)] });
          acl([
            {
              name: 'group',
              priority: 3,
              overrideAction: { none: {} },
              statement: { ruleGroupReferenceStatement: { ...counted.ruleGroupReferenceStatement, arn: group.attrArn } },
              visibilityConfig: visibility,
            },
          ])(s);
        },
        'WAF3',
        perIpOnly,
      ),
    ).toEqual(['Bulwark-WAF3[per-ip]']);
    expect(findings(withGroup({}, [rate(0)], [allow(1, everyPath)]), 'WAF3', perIpOnly)).toEqual(['Bulwark-WAF3[per-ip]']);
  });

  it('is unresolved, not a finding, when the rate rule may sit in a rule group outside the app', () => {
    expect(
      findings(
        acl([
          {
            name: 'shared',
            priority: 0,
            overrideAction: { none: {} },
            statement: { ruleGroupReferenceStatement: { arn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/rulegroup/shared/1' } },
            visibilityConfig: visibility,
          },
        ]),
        'WAF3',
        perIpOnly,
      ),
    ).toEqual(['Bulwark-WAF3[unresolved]']);
  });
});

describe('WAF2: a Web ACL runs the common, known-bad-inputs and SQLi managed groups', () => {
  const visibility = { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'm' };
  const acl = (overrideAction: wafv2.CfnWebACL.OverrideActionProperty | undefined) => (s: Stack) =>
    void new wafv2.CfnWebACL(s, 'Acl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility,
      rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'].map((name, priority) => ({
        name,
        priority,
        overrideAction,
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility,
      })),
    });

  it('passes groups that set no override action (they block as the group says), and flags each group whose override only counts', () => {
    expect(findings(acl(undefined), 'WAF2')).toEqual([]);
    // An override action written as null (a template's `OverrideAction: null`) is no override either.
    expect(findings(acl(null as never), 'WAF2')).toEqual([]);
    expect(findings(acl({ none: {} }), 'WAF2')).toEqual([]);
    expect(findings(acl({ count: {} }), 'WAF2')).toEqual([
      'Bulwark-WAF2[count-only:AWSManagedRulesCommonRuleSet]',
      'Bulwark-WAF2[count-only:AWSManagedRulesKnownBadInputsRuleSet]',
      'Bulwark-WAF2[count-only:AWSManagedRulesSQLiRuleSet]',
    ]);
  });
});
