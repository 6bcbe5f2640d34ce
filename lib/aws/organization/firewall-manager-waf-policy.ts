import { Annotations, Aws, CfnRule, Fn, Names, Stack, Token, type IResolvable } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-fms';
import { CfnRuleGroup, type CfnIPSet, type CfnRegexPatternSet, type CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { WCU_BASE_PRICE_LIMIT } from '../waf/capacity';
import type { CompiledWafRule, WafFinding } from '../waf/compile-rules';
import type { ManagedRuleGroups } from '../waf/managed-rule-groups-props';
import { annotateWafFindings, bulwarkResponseBodies, compileProfileWafRules } from '../waf/profile-waf-rules';
import { capacityProblems, errorProblems, ruleCapacitiesOf, type RuleCapacity } from '../waf/web-acl-problems';
import { WebAclScope } from '../waf/web-acl-scope';

/** The resource types a REGIONAL WAFV2 policy may protect. */
export const FMS_REGIONAL_RESOURCE_TYPES: readonly string[] = [
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ApiGateway::Stage',
  'AWS::AppSync::GraphQLApi',
  'AWS::Cognito::UserPool',
];
/** The one resource type a CLOUDFRONT WAFV2 policy (in us-east-1) protects. */
export const FMS_CLOUDFRONT_RESOURCE_TYPE = 'AWS::CloudFront::Distribution';
/**
 * What a REGIONAL policy protects by default: the types the Firewall Manager API reference lists
 * for WAF policies (https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_Policy.html,
 * ResourceType). AppSync and Cognito are opt-in.
 */
const DEFAULT_REGIONAL_RESOURCE_TYPES: readonly string[] = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGateway::Stage'];
/** Firewall Manager accepts at most 20 redacted fields in a WAFV2 policy's logging configuration (API_SecurityServicePolicyData). */
const MAX_REDACTED_FIELDS = 20;

export interface FirewallManagerWafPolicyProps extends PolicySourceProps {
  /**
   * REGIONAL for ALBs, API Gateway stages, AppSync APIs and Cognito user pools; CLOUDFRONT for
   * distributions, which needs a stack in us-east-1 (one policy per scope: deploy both for both).
   * @default WebAclScope.REGIONAL
   */
  readonly webAclScope?: WebAclScope;
  /**
   * The CloudFormation resource types the policy protects in every account in scope.
   * REGIONAL: any of AWS::ElasticLoadBalancingV2::LoadBalancer, AWS::ApiGateway::Stage,
   * AWS::AppSync::GraphQLApi, AWS::Cognito::UserPool; CLOUDFRONT: AWS::CloudFront::Distribution.
   * @default - REGIONAL: load balancers and API Gateway stages; CLOUDFRONT: distributions
   */
  readonly resourceTypes?: string[];
  /**
   * The Firewall Manager policy's name.
   * @default - a name unique to this construct's path
   */
  readonly policyName?: string;
  /**
   * Only these account IDs (with `includeOrganizationalUnits`) are in scope; Firewall Manager
   * ignores exclusions when inclusions are set, so the two cannot be combined.
   * @default - every account of the organization
   */
  readonly includeAccounts?: string[];
  /**
   * Only the accounts of these OUs (ou-…, their child OUs included) are in scope.
   * @default - every account of the organization
   */
  readonly includeOrganizationalUnits?: string[];
  /**
   * Accounts left out of the policy: an exception, reported as an acknowledgeable warning.
   * @default - none
   */
  readonly excludeAccounts?: string[];
  /**
   * OUs (ou-…) left out of the policy: an exception, reported as an acknowledgeable warning.
   * @default - none
   */
  readonly excludeOrganizationalUnits?: string[];
  /**
   * Resource tags that mark resources out of (or, with `excludeResourceTags: false`, alone in)
   * scope, e.g. `{ 'bulwark:waf-exception': 'approved' }`.
   * @default - no tag decides scope
   */
  readonly resourceTags?: { [key: string]: string };
  /**
   * Whether `resourceTags` exclude the resources that carry them (true) or select them (false).
   * @default true - tags mark exceptions, reported as an acknowledgeable warning
   */
  readonly excludeResourceTags?: boolean;
  /**
   * Where every account's Web ACL logs to: a Kinesis Data Firehose delivery stream ARN
   * (`…:deliverystream/aws-waf-logs-…`) or an S3 bucket ARN (`arn:aws:s3:::aws-waf-logs-…`),
   * in the Firewall Manager administrator account.
   * @default - none, which is refused while the profile logs WAF traffic (wafLogging.enabled)
   */
  readonly logDestinationArn?: string;
  /**
   * Whether Firewall Manager applies the Web ACL to resources in scope by itself, new ones
   * included. Off, it only reports non-compliant resources (audit mode, for a first roll-out).
   * @default true - every resource in scope gets the baseline without anyone asking
   */
  readonly remediationEnabled?: boolean;
  /**
   * Whether Firewall Manager replaces a Web ACL an account team attached itself. Teams add their
   * rules between the policy's first and last groups in the Firewall Manager Web ACL; replacing
   * their own ACL would drop their rules at once, so resources keeping one are reported
   * non-compliant instead.
   * @default false - a team's own Web ACL stays, reported non-compliant
   */
  readonly overrideCustomerWebAclAssociation?: boolean;
  /**
   * Whether Firewall Manager creates a Web ACL in an account only once a resource there will use
   * it (optimizeUnassociatedWebACL); off, every account in scope gets one, used or not, each billed.
   * https://docs.aws.amazon.com/waf/latest/developerguide/waf-policies.html
   * @default true
   */
  readonly optimizeUnassociatedWebAcl?: boolean;
  /**
   * Version pins and rule action overrides per managed rule set of the profile (one field per
   * set, e.g. `{ common: { version: 'Version_1.20' } }`); a set the profile does not turn on
   * is left out whatever its options.
   * @default - every managed group on AWS's default version, no overrides
   */
  readonly managedRuleGroups?: ManagedRuleGroups;
  /**
   * IDs of profile rules (e.g. `bad-bots`) to run after the account teams' own rules, so a
   * team can allow a client one of them would block. Each is reported as an acknowledgeable
   * warning: a team's allow rule then pre-empts it.
   * @default - none: every profile rule runs first, before any team rule
   */
  readonly lastRules?: string[];
}

/** A managed group or one of Bulwark's rule groups, as the policy lists them in order. */
interface GroupEntry {
  readonly managed?: CfnWebACL.ManagedRuleGroupStatementProperty;
  readonly ruleGroup?: CfnRuleGroup;
}

/**
 * An AWS Firewall Manager WAFV2 policy compiled from a hardening profile, for the whole
 * organization or chosen OUs and accounts: the profile's managed rule groups and its own rules
 * (in Bulwark rule groups, compiled by the same compiler as HardenedWebAcl, same WCU) run first
 * in every account's Web ACL, account teams add their rules after them, logging goes to one
 * central destination, and new resources are protected automatically. Deploy it in the Firewall
 * Manager administrator account (docs/organization.md).
 */
export class FirewallManagerWafPolicy extends Construct {
  /** REGIONAL or CLOUDFRONT. */
  public readonly scope: WebAclScope;
  /** The L1 Firewall Manager policy, for escape hatches. */
  public readonly fmsPolicy: CfnPolicy;
  /** The Firewall Manager policy's name. */
  public readonly policyName: string;
  /** The Bulwark rule groups that run before the account teams' rules, in order. */
  public readonly firstRuleGroups: CfnRuleGroup[];
  /** The Bulwark rule groups that run after them (from `lastRules`), in order. */
  public readonly lastRuleGroups: CfnRuleGroup[];
  /** The resource types in scope. */
  public readonly resourceTypes: string[];
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;
  /** IP sets by `<rule id>-v4` / `<rule id>-v6`. */
  public readonly ipSets: { [key: string]: CfnIPSet };
  /** Regex pattern sets by rule id. */
  public readonly regexPatternSets: { [key: string]: CfnRegexPatternSet };
  /** WCU the policy's groups take in each account's Web ACL (what is left is the teams'). */
  public readonly capacity: number;
  /** WCU per rule, costliest first. */
  public readonly ruleCapacities: RuleCapacity[];
  /** What the compiler adjusted or skipped (also reported as annotations). */
  public readonly findings: WafFinding[];

  constructor(scope: Construct, id: string, props: FirewallManagerWafPolicyProps = {}) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    this.scope = props.webAclScope ?? WebAclScope.REGIONAL;
    this.resourceTypes = [
      ...(props.resourceTypes ?? (this.scope === WebAclScope.CLOUDFRONT ? [FMS_CLOUDFRONT_RESOURCE_TYPE] : DEFAULT_REGIONAL_RESOURCE_TYPES)),
    ];
    this.policyName = props.policyName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const problems: HardeningProblem[] = [
      ...scopeProblems(this.scope, this.resourceTypes, Stack.of(this).region),
      ...accountProblems(props),
      ...logDestinationProblems(props.logDestinationArn, this.policy),
    ];
    this.requireUsEast1AtDeployTime();

    const { compiled, ipSets, regexPatternSets } = compileProfileWafRules(this, this.policy, this.scope, props.managedRuleGroups);
    this.ipSets = ipSets;
    this.regexPatternSets = regexPatternSets;
    this.findings = [...compiled.findings];
    problems.push(...errorProblems(compiled.findings));
    const lastIds = props.lastRules ?? [];
    problems.push(...lastRuleProblems(lastIds, this.policy));
    this.ruleCapacities = ruleCapacitiesOf(compiled.rules);
    this.capacity = compiled.rules.reduce((total, entry) => total + entry.capacity, 0);
    problems.push(...capacityProblems(this.capacity, this.ruleCapacities));
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    const runsLast = (entry: CompiledWafRule) => lastIds.includes(entry.policyRuleId);
    const first = this.groupEntries(
      'First',
      compiled.rules.filter((entry) => !runsLast(entry)),
    );
    const last = this.groupEntries('Last', compiled.rules.filter(runsLast));
    this.firstRuleGroups = first.flatMap((entry) => (entry.ruleGroup ? [entry.ruleGroup] : []));
    this.lastRuleGroups = last.flatMap((entry) => (entry.ruleGroup ? [entry.ruleGroup] : []));
    this.fmsPolicy = this.createPolicy(props, first, last);
    annotateWafFindings(this, compiled.findings);
    this.warnAboutExceptions(props, compiled.rules.filter(runsLast));
  }

  /** A CLOUDFRONT policy whose stack learns its region only at deploy time: CloudFormation refuses other regions before creating anything. */
  private requireUsEast1AtDeployTime(): void {
    if (this.scope !== WebAclScope.CLOUDFRONT || !Token.isUnresolved(Stack.of(this).region)) return;
    new CfnRule(this, 'CloudFrontScopeRegion', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'),
          assertDescription: 'A CLOUDFRONT-scope Firewall Manager WAF policy must be deployed in us-east-1',
        },
      ],
    });
  }

  /**
   * The rules in profile order as the policy lists them: each managed group as itself, each run
   * of Bulwark's own rules between them as one rule group (its own priorities from 0), so the
   * order the profile sets (allow lists before blocks, limits before managed groups) holds.
   */
  private groupEntries(prefix: string, rules: readonly CompiledWafRule[]): GroupEntry[] {
    const entries: GroupEntry[] = [];
    let run: CompiledWafRule[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const count = entries.filter((entry) => entry.ruleGroup).length;
      entries.push({ ruleGroup: this.createRuleGroup(count === 0 ? `${prefix}Rules` : `${prefix}Rules${count + 1}`, run) });
      run = [];
    };
    for (const entry of rules) {
      const managed = entry.rule.statement && (entry.rule.statement as CfnWebACL.StatementProperty).managedRuleGroupStatement;
      if (managed) {
        flush();
        entries.push({ managed: managed as CfnWebACL.ManagedRuleGroupStatementProperty });
      } else run.push(entry);
    }
    flush();
    return entries;
  }

  /** A rule group of Bulwark's own rules, at the capacity capacity.ts computes, with the JSON bodies its blocks answer with. */
  private createRuleGroup(id: string, rules: readonly CompiledWafRule[]): CfnRuleGroup {
    const group = new Construct(this, id);
    const name = Names.uniqueResourceName(group, { maxLength: 128, separator: '-' });
    return new CfnRuleGroup(group, 'Resource', {
      name,
      description: `Bulwark hardening for ${this.policy.name}`,
      scope: this.scope,
      capacity: rules.reduce((total, entry) => total + entry.capacity, 0),
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
      customResponseBodies: bulwarkResponseBodies(),
      // A Web ACL rule without managed groups or an override action is a rule group rule.
      rules: rules.map((entry, priority) => ({ ...entry.rule, priority, action: ruleGroupAction(entry.rule.action) }) as CfnRuleGroup.RuleProperty),
    });
  }

  private createPolicy(props: FirewallManagerWafPolicyProps, first: readonly GroupEntry[], last: readonly GroupEntry[]): CfnPolicy {
    const tags = Object.entries(props.resourceTags ?? {}).map(([key, value]) => ({ key, value }));
    const includeMap = organizationMap(props.includeAccounts, props.includeOrganizationalUnits);
    const excludeMap = organizationMap(props.excludeAccounts, props.excludeOrganizationalUnits);
    const single = this.resourceTypes.length === 1;
    return new CfnPolicy(this, 'Resource', {
      policyName: this.policyName,
      // CloudFormation takes only letters, digits, white space and _.:/=+-@ here; the profile name may hold more.
      policyDescription: `Bulwark hardening for ${this.policy.name.replace(/[^\w.:/=+\-@\s]/g, '-')}: profile rules run first in every account Web ACL`,
      securityServicePolicyData: { type: 'WAFV2', managedServiceData: this.managedServiceData(props, first, last) },
      // One type goes in ResourceType; several in ResourceTypeList with ResourceType ResourceTypeList (API_Policy.html).
      resourceType: single ? this.resourceTypes[0] : 'ResourceTypeList',
      ...(single ? {} : { resourceTypeList: [...this.resourceTypes] }),
      remediationEnabled: props.remediationEnabled ?? true,
      excludeResourceTags: tags.length > 0 ? (props.excludeResourceTags ?? true) : false,
      ...(tags.length > 0 ? { resourceTags: tags } : {}),
      ...(includeMap ? { includeMap } : {}),
      ...(excludeMap ? { excludeMap } : {}),
    });
  }

  /**
   * The WAFV2 policy as Firewall Manager reads it, in the shape of its documented examples
   * (https://docs.aws.amazon.com/fms/2018-01-01/APIReference/API_SecurityServicePolicyData.html;
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-fms-policy-securityservicepolicydata.html).
   * Written with toJsonString so the rule groups' ARNs resolve at deploy time.
   */
  private managedServiceData(props: FirewallManagerWafPolicyProps, first: readonly GroupEntry[], last: readonly GroupEntry[]): string {
    const logging = this.policy.wafLogging.enabled && props.logDestinationArn !== undefined;
    return Stack.of(this).toJsonString({
      type: 'WAFV2',
      preProcessRuleGroups: first.map(policyGroup),
      postProcessRuleGroups: last.map(policyGroup),
      defaultAction: { type: 'ALLOW' },
      overrideCustomerWebACLAssociation: props.overrideCustomerWebAclAssociation ?? false,
      sampledRequestsEnabledForDefaultActions: true,
      optimizeUnassociatedWebACL: props.optimizeUnassociatedWebAcl ?? true,
      ...(logging
        ? {
            loggingConfiguration: {
              logDestinationConfigs: [props.logDestinationArn],
              redactedFields: this.policy.wafLogging.redactHeaders.map((name) => ({ redactedFieldType: 'SingleHeader', redactedFieldValue: name })),
            },
          }
        : {}),
    });
  }

  /** Exceptions to the baseline are warnings one acknowledges, with a reason, so each is on record. */
  private warnAboutExceptions(props: FirewallManagerWafPolicyProps, lastRules: readonly CompiledWafRule[]): void {
    const warn = (id: string, message: string) => Annotations.of(this).addWarningV2(`bulwark:fms-${id}`, message);
    const excluded = [...(props.excludeAccounts ?? []), ...(props.excludeOrganizationalUnits ?? [])];
    if (excluded.length > 0) warn('excluded-accounts', `the baseline Web ACL leaves out ${excluded.join(', ')}`);
    if (Object.keys(props.resourceTags ?? {}).length > 0 && (props.excludeResourceTags ?? true))
      warn('excluded-tags', `resources tagged ${Object.keys(props.resourceTags ?? {}).join(', ')} go without the baseline Web ACL`);
    if (props.remediationEnabled === false) warn('remediation-off', 'Firewall Manager only reports resources without the baseline Web ACL; it attaches none');
    if (lastRules.length > 0)
      warn('last-rules', `${lastRules.map((entry) => entry.rule.name).join(', ')} run after the account teams' rules, so a team's allow rule pre-empts them`);
    if (this.capacity > WCU_BASE_PRICE_LIMIT)
      warn(
        'capacity-above-base-price',
        `the policy's groups need ${this.capacity} WCU in every account's Web ACL, over the ${WCU_BASE_PRICE_LIMIT} the base price covers`,
      );
  }
}

/**
 * A Web ACL rule action as a rule group takes it: the rule group's L1 leaves actions untyped, so
 * a block's custom response is written in CloudFormation's casing here (the Web ACL's L1 converts it).
 */
function ruleGroupAction(action: CfnWebACL.RuleActionProperty | IResolvable | undefined): unknown {
  const block = (action as CfnWebACL.RuleActionProperty | undefined)?.block as CfnWebACL.BlockActionProperty | undefined;
  const response = block?.customResponse as CfnWebACL.CustomResponseProperty | undefined;
  if (!response) return action;
  return { block: { CustomResponse: { ResponseCode: response.responseCode, CustomResponseBodyKey: response.customResponseBodyKey } } };
}

/** One entry of preProcessRuleGroups or postProcessRuleGroups. */
function policyGroup(entry: GroupEntry): Record<string, unknown> {
  const common = { overrideAction: { type: 'NONE' }, excludeRules: [], sampledRequestsEnabled: true };
  if (entry.ruleGroup) return { ruleGroupType: 'RuleGroup', ruleGroupArn: entry.ruleGroup.attrArn, ...common };
  const managed = entry.managed!;
  const overrides = (managed.ruleActionOverrides ?? []) as CfnWebACL.RuleActionOverrideProperty[];
  const configs = (managed.managedRuleGroupConfigs ?? []) as { awsManagedRulesBotControlRuleSet?: unknown }[];
  return {
    ruleGroupType: 'ManagedRuleGroup',
    managedRuleGroupIdentifier: {
      vendorName: managed.vendorName,
      managedRuleGroupName: managed.name,
      // Firewall Manager uses a pinned version only with versionEnabled (API_SecurityServicePolicyData).
      ...(managed.version ? { version: managed.version, versionEnabled: true } : {}),
      // The documented key is spelled awsmanagedRulesBotControlRuleSet in Firewall Manager's JSON.
      ...(configs.length > 0
        ? { managedRuleGroupConfigs: configs.map((config) => ({ awsmanagedRulesBotControlRuleSet: config.awsManagedRulesBotControlRuleSet })) }
        : {}),
    },
    ...common,
    ...(overrides.length > 0 ? { ruleActionOverrides: overrides.map((o) => ({ name: o.name, actionToUse: o.actionToUse })) } : {}),
  };
}

/** An IncludeMap or ExcludeMap, or nothing when it would be empty. */
function organizationMap(accounts: readonly string[] | undefined, units: readonly string[] | undefined): CfnPolicy.IEMapProperty | undefined {
  if ((accounts ?? []).length === 0 && (units ?? []).length === 0) return undefined;
  return { ...(accounts?.length ? { account: [...accounts] } : {}), ...(units?.length ? { orgunit: [...units] } : {}) };
}

/** The resource types must be ones Firewall Manager's WAFV2 policies take for the scope, and CLOUDFRONT needs us-east-1. */
function scopeProblems(scope: WebAclScope, resourceTypes: readonly string[], region: string): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  if (resourceTypes.length === 0) problems.push({ field: 'resourceTypes', message: 'name at least one resource type to protect' });
  for (const type of resourceTypes) {
    if (scope === WebAclScope.REGIONAL && type === FMS_CLOUDFRONT_RESOURCE_TYPE)
      problems.push({
        field: 'resourceTypes',
        message: `${type} needs a CLOUDFRONT-scope policy (CloudFront reads only global Web ACLs, managed from us-east-1): add a second FirewallManagerWafPolicy with webAclScope CLOUDFRONT in a us-east-1 stack`,
      });
    else if (scope === WebAclScope.CLOUDFRONT && type !== FMS_CLOUDFRONT_RESOURCE_TYPE)
      problems.push({ field: 'resourceTypes', message: `a CLOUDFRONT-scope policy protects only ${FMS_CLOUDFRONT_RESOURCE_TYPE}, not ${type}` });
    else if (scope === WebAclScope.REGIONAL && !FMS_REGIONAL_RESOURCE_TYPES.includes(type))
      problems.push({ field: 'resourceTypes', message: `${type} is not a type a WAFV2 policy protects; use ${FMS_REGIONAL_RESOURCE_TYPES.join(', ')}` });
  }
  if (scope === WebAclScope.CLOUDFRONT && !Token.isUnresolved(region) && region !== 'us-east-1')
    problems.push({
      field: 'webAclScope',
      message: `a CLOUDFRONT-scope Firewall Manager policy and its rule groups must be created in us-east-1, but this stack is in ${region}`,
    });
  return problems;
}

/** Account IDs are 12 digits and OU IDs ou-…; inclusions and exclusions do not mix (Firewall Manager would ignore the exclusions). */
function accountProblems(props: FirewallManagerWafPolicyProps): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  const literal = (values: readonly string[] | undefined) => (values ?? []).filter((value) => !Token.isUnresolved(value));
  for (const field of ['includeAccounts', 'excludeAccounts'] as const)
    for (const account of literal(props[field]))
      if (!/^\d{12}$/.test(account)) problems.push({ field, message: `"${account}" is not an AWS account ID (12 digits)` });
  for (const field of ['includeOrganizationalUnits', 'excludeOrganizationalUnits'] as const)
    for (const unit of literal(props[field]))
      if (!/^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/.test(unit)) problems.push({ field, message: `"${unit}" is not an organizational unit ID (ou-…)` });
  const includes = (props.includeAccounts ?? []).length + (props.includeOrganizationalUnits ?? []).length;
  const excludes = (props.excludeAccounts ?? []).length + (props.excludeOrganizationalUnits ?? []).length;
  if (includes > 0 && excludes > 0)
    problems.push({
      field: 'excludeAccounts',
      message:
        'Firewall Manager ignores exclusions when inclusions are set: include the accounts and OUs you want, or exclude from the whole organization, not both',
    });
  return problems;
}

/** WAF logs only to destinations named aws-waf-logs-…; a profile that logs needs one. */
function logDestinationProblems(arn: string | undefined, policy: Policy): HardeningProblem[] {
  if (!policy.wafLogging.enabled) return [];
  if (arn === undefined)
    return [
      {
        field: 'logDestinationArn',
        message:
          'the profile logs WAF traffic (wafLogging.enabled): pass a Kinesis Data Firehose stream or S3 bucket ARN named aws-waf-logs-… in the administrator account',
      },
    ];
  if (policy.wafLogging.redactHeaders.length > MAX_REDACTED_FIELDS)
    return [{ field: 'wafLogging.redactHeaders', message: `Firewall Manager redacts at most ${MAX_REDACTED_FIELDS} fields` }];
  if (Token.isUnresolved(arn)) return [];
  const [prefix, , service, , , ...rest] = arn.split(':');
  const resource = rest.join(':');
  const named =
    prefix === 'arn' &&
    ((service === 's3' && resource.startsWith('aws-waf-logs-')) || (service === 'firehose' && resource.startsWith('deliverystream/aws-waf-logs-')));
  return named ? [] : [{ field: 'logDestinationArn', message: 'WAF logs only to a Firehose delivery stream or S3 bucket named aws-waf-logs-…; pass its ARN' }];
}

/** lastRules names rules of the profile. */
function lastRuleProblems(ids: readonly string[], policy: Policy): HardeningProblem[] {
  const known = new Set(policy.rules.map((rule) => rule.id));
  return ids.filter((id) => !known.has(id)).map((id) => ({ field: 'lastRules', message: `"${id}" is not a rule of the profile (${[...known].join(', ')})` }));
}
