import { App, Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { FirewallManagerWafPolicy, type FirewallManagerWafPolicyProps } from '../../../lib/aws/organization/firewall-manager-waf-policy';
import { HardenedWebAcl } from '../../../lib/aws/waf/hardened-web-acl';
import { BulwarkChecks } from '../../../lib/checks/aws/bulwark-checks';
import { HardeningValidationError } from '../../../lib/core/hardening-validation-error';
import { type HardeningProfileInput, Preset, Profile } from '../../../lib/tooling';
import { synthValidated, useCloudFormationValidator } from '../../support/synth-validated';
import { WafRuleAction } from '../../../lib/aws/waf/waf-rule-action';
import { WebAclScope } from '../../../lib/aws/waf/web-acl-scope';

const LOGS = 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/aws-waf-logs-central';
const EU = { account: '111122223333', region: 'eu-west-1' };
const US_EAST_1 = { account: '111122223333', region: 'us-east-1' };

function build(props: Partial<FirewallManagerWafPolicyProps> = {}, profile: Partial<HardeningProfileInput> = {}, env = EU) {
  const app = new App();
  const stack = new Stack(app, 'Admin', { env });
  const fms = new FirewallManagerWafPolicy(stack, 'Fms', {
    profile: Profile.fromPreset(Preset.BASELINE, 'demo', { ...profile }),
    logDestinationArn: LOGS,
    ...props,
  });
  return { app, stack, fms, template: Template.fromStack(stack) };
}

interface GroupEntry {
  ruleGroupType: string;
  ruleGroupArn?: unknown;
  managedRuleGroupIdentifier?: Record<string, unknown>;
  overrideAction: { type: string };
  ruleActionOverrides?: unknown[];
}
interface ServiceData {
  type: string;
  preProcessRuleGroups: GroupEntry[];
  postProcessRuleGroups: GroupEntry[];
  defaultAction: { type: string };
  overrideCustomerWebACLAssociation: boolean;
  optimizeUnassociatedWebACL: boolean;
  loggingConfiguration?: { logDestinationConfigs: unknown[]; redactedFields: unknown[] };
}

/** ManagedServiceData parsed, each rule group ARN (a GetAtt) written as `GetAtt:<logical id>`. */
function serviceData(template: Template): ServiceData {
  const [policy] = Object.values(template.findResources('AWS::FMS::Policy')) as {
    Properties: { SecurityServicePolicyData: { ManagedServiceData: string | { 'Fn::Join': [string, unknown[]] } } };
  }[];
  const data = policy.Properties.SecurityServicePolicyData.ManagedServiceData;
  const text =
    typeof data === 'string'
      ? data
      : data['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : `GetAtt:${(part as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}`)).join('');
  return JSON.parse(text) as ServiceData;
}

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } } | { logicalId: string }) =>
  stack.resolve((construct as { logicalId: string }).logicalId) as string;

describe('FirewallManagerWafPolicy defaults', () => {
  const { template, fms, stack } = build();

  it('is a WAFV2 policy over the organization that remediates, on load balancers and API Gateway stages', () => {
    template.hasResourceProperties('AWS::FMS::Policy', {
      SecurityServicePolicyData: { Type: 'WAFV2' },
      RemediationEnabled: true,
      ExcludeResourceTags: false,
      ResourceType: 'ResourceTypeList',
      ResourceTypeList: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGateway::Stage'],
      IncludeMap: Match.absent(),
      ExcludeMap: Match.absent(),
      ResourceTags: Match.absent(),
    });
  });

  it("runs the profile's rules first, in profile order: its own rules as rule groups between the managed groups", () => {
    const data = serviceData(template);
    expect(data.type).toBe('WAFV2');
    expect(
      data.preProcessRuleGroups.map((g) => (g.ruleGroupType === 'RuleGroup' ? g.ruleGroupArn : g.managedRuleGroupIdentifier?.managedRuleGroupName)),
    ).toEqual([
      `GetAtt:${logicalId(stack, fms.firstRuleGroups[0])}`,
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
      'AWSManagedRulesAmazonIpReputationList',
      `GetAtt:${logicalId(stack, fms.firstRuleGroups[1])}`,
    ]);
    expect(data.preProcessRuleGroups.every((g) => g.overrideAction.type === 'NONE')).toBe(true);
    expect(data.postProcessRuleGroups).toEqual([]);
  });

  it('allows what no rule stops and leaves a Web ACL a team attached itself in place', () => {
    const data = serviceData(template);
    expect(data.defaultAction).toEqual({ type: 'ALLOW' });
    expect(data.overrideCustomerWebACLAssociation).toBe(false);
  });

  it('creates a Web ACL only in accounts with a resource to protect, unless told otherwise', () => {
    expect(serviceData(template).optimizeUnassociatedWebACL).toBe(true);
    expect(serviceData(build({ optimizeUnassociatedWebAcl: false }).template).optimizeUnassociatedWebACL).toBe(false);
  });

  it('logs to the central destination with the profile headers redacted', () => {
    expect(serviceData(template).loggingConfiguration).toEqual({
      logDestinationConfigs: [LOGS],
      redactedFields: expect.arrayContaining([
        { redactedFieldType: 'SingleHeader', redactedFieldValue: 'authorization' },
        { redactedFieldType: 'SingleHeader', redactedFieldValue: 'cookie' },
      ]) as unknown,
    });
  });

  it('puts the rate limits in a rule group whose capacity is what the rules cost, with the 429 body they name', () => {
    template.hasResourceProperties('AWS::WAFv2::RuleGroup', {
      Scope: 'REGIONAL',
      Capacity: 8,
      CustomResponseBodies: { 'bulwark-rate-limited': { ContentType: 'APPLICATION_JSON', Content: '{"error":"too many requests"}' } },
      Rules: [
        Match.objectLike({
          Name: 'rate-per-ip',
          Priority: 0,
          Action: { Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'bulwark-rate-limited' } } },
        }),
        Match.objectLike({ Name: 'rate-auth', Priority: 1 }),
      ],
    });
  });

  it('has the same rules and WCU as a HardenedWebAcl from the same profile', () => {
    const acl = new HardenedWebAcl(new Stack(new App(), 'Acl', { env: EU }), 'Waf', { profile: Profile.fromPreset(Preset.BASELINE, 'demo') });
    expect(fms.capacity).toBe(acl.capacity);
    expect(fms.ruleCapacities.map((r) => [r.name, r.capacity])).toEqual(acl.ruleCapacities.map((r) => [r.name, r.capacity]));
  });
});

describe('FirewallManagerWafPolicy scope', () => {
  it('takes chosen OUs and accounts as its IncludeMap', () => {
    build({ includeAccounts: ['444455556666'], includeOrganizationalUnits: ['ou-ab12-cdef3456'] }).template.hasResourceProperties('AWS::FMS::Policy', {
      IncludeMap: { ACCOUNT: ['444455556666'], ORGUNIT: ['ou-ab12-cdef3456'] },
      ExcludeMap: Match.absent(),
    });
  });

  it('writes exclusions to the ExcludeMap and reports them as an acknowledgeable warning', () => {
    const { template, stack } = build({ excludeOrganizationalUnits: ['ou-ab12-cdef3456'] });
    template.hasResourceProperties('AWS::FMS::Policy', { ExcludeMap: { ORGUNIT: ['ou-ab12-cdef3456'] } });
    Annotations.fromStack(stack).hasWarning('/Admin/Fms', Match.stringLikeRegexp('leaves out ou-ab12-cdef3456.*bulwark:fms-excluded-accounts'));
  });

  it('lets an exception be acknowledged by its warning ID, with the reason on record', () => {
    const stack = new Stack(new App(), 'Admin', { env: EU });
    const fms = new FirewallManagerWafPolicy(stack, 'Fms', { logDestinationArn: LOGS, excludeAccounts: ['444455556666'] });
    CoreAnnotations.of(fms).acknowledgeWarning('bulwark:fms-excluded-accounts', 'the sandbox account runs no public endpoint');
    Annotations.fromStack(stack).hasNoWarning('/Admin/Fms', Match.anyValue());
  });

  it('excludes resources by tag, with a warning, unless told the tags select them', () => {
    const excluded = build({ resourceTags: { 'bulwark:waf-exception': 'approved' } });
    excluded.template.hasResourceProperties('AWS::FMS::Policy', {
      ExcludeResourceTags: true,
      ResourceTags: [{ Key: 'bulwark:waf-exception', Value: 'approved' }],
    });
    Annotations.fromStack(excluded.stack).hasWarning('/Admin/Fms', Match.stringLikeRegexp('bulwark:waf-exception go without'));
    build({ resourceTags: { team: 'payments' }, excludeResourceTags: false }).template.hasResourceProperties('AWS::FMS::Policy', {
      ExcludeResourceTags: false,
    });
  });

  it('takes AppSync and Cognito on request, in ResourceType when there is one type', () => {
    build({ resourceTypes: ['AWS::Cognito::UserPool'] }).template.hasResourceProperties('AWS::FMS::Policy', {
      ResourceType: 'AWS::Cognito::UserPool',
      ResourceTypeList: Match.absent(),
    });
  });

  it('protects distributions from a us-east-1 stack with CLOUDFRONT rule groups', () => {
    const { template } = build({ webAclScope: WebAclScope.CLOUDFRONT }, {}, US_EAST_1);
    template.hasResourceProperties('AWS::FMS::Policy', { ResourceType: 'AWS::CloudFront::Distribution' });
    template.hasResourceProperties('AWS::WAFv2::RuleGroup', { Scope: 'CLOUDFRONT' });
    template.hasResourceProperties('AWS::WAFv2::RegexPatternSet', { Scope: 'CLOUDFRONT' });
  });

  it('asserts us-east-1 at deploy time when the stack is region-agnostic', () => {
    const stack = new Stack(new App(), 'Admin');
    new FirewallManagerWafPolicy(stack, 'Fms', { webAclScope: WebAclScope.CLOUDFRONT, logDestinationArn: LOGS });
    expect(JSON.stringify(Template.fromStack(stack).toJSON().Rules)).toContain('us-east-1');
  });

  it('refuses CloudFront in a REGIONAL policy, and CLOUDFRONT outside us-east-1, saying what to do', () => {
    expect(() => build({ resourceTypes: ['AWS::CloudFront::Distribution'] })).toThrow(/CLOUDFRONT-scope policy.*us-east-1 stack/);
    expect(() => build({ webAclScope: WebAclScope.CLOUDFRONT })).toThrow(/must be created in us-east-1, but this stack is in eu-west-1/);
    expect(() => build({ webAclScope: WebAclScope.CLOUDFRONT, resourceTypes: ['AWS::ApiGateway::Stage'] }, {}, US_EAST_1)).toThrow(
      /protects only AWS::CloudFront::Distribution/,
    );
    expect(() => build({ resourceTypes: ['AWS::EC2::Instance'] })).toThrow(/not a type a WAFV2 policy protects/);
  });

  it('refuses malformed account and OU IDs, and inclusions mixed with exclusions', () => {
    const error = (() => {
      try {
        build({ includeAccounts: ['1234'], excludeOrganizationalUnits: ['root'] });
      } catch (e) {
        return e as HardeningValidationError;
      }
      throw new Error('no error');
    })();
    expect(error.problems.map((p) => p.field)).toEqual(['includeAccounts', 'excludeOrganizationalUnits', 'excludeAccounts']);
  });
});

describe('FirewallManagerWafPolicy logging and remediation', () => {
  it('refuses a profile that logs without a destination, and a destination WAF cannot log to', () => {
    expect(() => build({ logDestinationArn: undefined })).toThrow(/logDestinationArn: the profile logs WAF traffic/);
    expect(() => build({ logDestinationArn: 'arn:aws:s3:::central-logs' })).toThrow(/named aws-waf-logs-/);
    expect(() => build({ logDestinationArn: 'arn:aws:s3:::aws-waf-logs-central' })).not.toThrow();
  });

  it('needs no destination when the profile turns WAF logging off, and then writes no logging configuration', () => {
    const { template } = build({ logDestinationArn: undefined }, { waf: { logging: { enabled: false } } });
    expect(serviceData(template).loggingConfiguration).toBeUndefined();
  });

  it('reports remediation off as an acknowledgeable warning', () => {
    const { template, stack } = build({ remediationEnabled: false });
    template.hasResourceProperties('AWS::FMS::Policy', { RemediationEnabled: false });
    Annotations.fromStack(stack).hasWarning('/Admin/Fms', Match.stringLikeRegexp('bulwark:fms-remediation-off'));
  });

  it('replaces teams’ own Web ACLs only when told to', () => {
    expect(serviceData(build({ overrideCustomerWebAclAssociation: true }).template).overrideCustomerWebACLAssociation).toBe(true);
  });
});

describe('FirewallManagerWafPolicy last rules and managed group options', () => {
  it('moves the named profile rules after the teams’ rules, with a warning', () => {
    const { template, stack, fms } = build({ lastRules: ['bad-bots'] });
    const data = serviceData(template);
    expect(data.postProcessRuleGroups.map((g) => g.ruleGroupArn)).toEqual([`GetAtt:${logicalId(stack, fms.lastRuleGroups[0])}`]);
    expect(data.preProcessRuleGroups).toHaveLength(5);
    Annotations.fromStack(stack).hasWarning('/Admin/Fms', Match.stringLikeRegexp('bad-bots run after'));
  });

  it('refuses a last rule the profile does not have', () => {
    expect(() => build({ lastRules: ['nope'] })).toThrow(/"nope" is not a rule of the profile/);
  });

  it('pins managed group versions (versionEnabled) and carries rule action overrides', () => {
    const data = serviceData(
      build({ managedRuleGroups: { common: { version: 'Version_1.10', ruleActionOverrides: { SizeRestrictions_BODY: WafRuleAction.COUNT } } } }).template,
    );
    const common = data.preProcessRuleGroups.find((g) => g.managedRuleGroupIdentifier?.managedRuleGroupName === 'AWSManagedRulesCommonRuleSet');
    expect(common?.managedRuleGroupIdentifier).toMatchObject({ vendorName: 'AWS', version: 'Version_1.10', versionEnabled: true });
    expect(common?.ruleActionOverrides).toEqual([{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]);
  });
});

describe('FirewallManagerWafPolicy under checks and the CloudFormation validator', () => {
  useCloudFormationValidator();

  it('gets zero findings from BulwarkChecks with the profile it was built from', () => {
    const profile = Profile.fromPreset(Preset.STRICT, 'demo', {});
    const app = new App();
    new FirewallManagerWafPolicy(new Stack(app, 'Admin', { env: EU }), 'Fms', { profile, logDestinationArn: LOGS });
    expect(new BulwarkChecks(undefined, { profile }).validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('gets no AwsSolutions findings', () => {
    const app = new App();
    new FirewallManagerWafPolicy(new Stack(app, 'Admin', { env: EU }), 'Fms', { profile: Profile.fromPreset(Preset.STRICT, 'demo'), logDestinationArn: LOGS });
    expect(new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('synthesizes without validator findings, regional and CloudFront, IP lists and geo blocks included', () => {
    const profile = Profile.fromPreset(Preset.STRICT, 'demo', {
      waf: { ipAllowlist: ['10.0.0.0/8'], ipBlocklist: ['203.0.113.0/24', '2001:db8::/32'], geoBlock: ['KP'] },
    });
    expect(
      synthValidated((stack) => {
        new FirewallManagerWafPolicy(stack, 'Fms', { profile, logDestinationArn: LOGS, excludeAccounts: ['444455556666'], resourceTags: { exempt: 'yes' } });
      }),
    ).toEqual([]);
    expect(
      synthValidated((stack) => {
        new FirewallManagerWafPolicy(stack, 'Fms', { profile, webAclScope: WebAclScope.CLOUDFRONT, logDestinationArn: LOGS });
      }, 'us-east-1'),
    ).toEqual([]);
  });
});
