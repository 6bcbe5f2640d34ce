import { Annotations, ArnFormat, Aws, CfnRule, Fn, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnIPSet, CfnLoggingConfiguration, CfnRegexPatternSet, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { statementCapacity, WCU_BASE_PRICE_LIMIT } from './capacity';
import type { CompiledWafRule, WafFinding } from './compile-rules';
import type { ManagedRuleGroups } from './managed-rule-groups-props';
import { annotateWafFindings, bulwarkResponseBodies, compileProfileWafRules } from './profile-waf-rules';
import { capacityProblems, errorProblems, ruleCapacitiesOf, type PlacedRule, type RuleCapacity } from './web-acl-problems';
import type { RateLimitRule } from './rate-limit-rule';
import type { WafRuleAction } from './waf-rule-action';
import { WebAclBase } from './web-acl-base';
import { WebAclScope } from './web-acl-scope';

// Pure, without aws-cdk-lib (the doctor runs them): kept in ./web-acl-problems, exported here as before.
export type { RuleCapacity } from './web-acl-problems';

/** Retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Metric names AWS WAF keeps for itself. */
const RESERVED_METRIC_NAMES = ['All', 'Default_Action'];

export interface HardenedWebAclProps extends PolicySourceProps {
  /**
   * REGIONAL for ALB, API Gateway, AppSync and Cognito; CLOUDFRONT for distributions (only in us-east-1).
   * @default WebAclScope.REGIONAL
   */
  readonly webAclScope?: WebAclScope;
  /**
   * Name of the Web ACL (also the WebACL dimension of its CloudWatch metrics).
   * @default - a name unique to this construct's path
   */
  readonly webAclName?: string;
  /**
   * Version pins and rule action overrides per managed rule set of the profile (one field per
   * set, e.g. `{ common: { version: 'Version_1.20' } }`); a set the profile does not turn on
   * is left out whatever its options.
   * @default - every managed group on AWS's default version, no overrides
   */
  readonly managedRuleGroups?: ManagedRuleGroups;
  /**
   * Your own rules, evaluated after Bulwark's, in the order given. The `priority` of each is
   * ignored (aws-cdk-lib's RuleProperty requires one: any number will do, e.g. 0): Bulwark
   * re-assigns it, numbering your rules on from its own, so they can neither pre-empt nor
   * collide with the profile's rules.
   * @default - none
   */
  readonly additionalRules?: CfnWebACL.RuleProperty[];
  /**
   * A log group to send WAF logs to; its name must start with `aws-waf-logs-`.
   * @default - a new log group `aws-waf-logs-<unique id>`, encrypted, kept as long as the profile says
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * The key that encrypts a log group Bulwark creates.
   * @default - a new customer-managed key with rotation on
   */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Keep only requests that were blocked, counted or challenged in the logs (cheaper, less context).
   * @default false
   */
  readonly logOnlyMatchedRequests?: boolean;
  /**
   * What happens to a log group Bulwark creates when the stack is deleted.
   * @default RemovalPolicy.RETAIN (logs are audit evidence)
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A WAFv2 Web ACL compiled from a hardening profile: managed rule groups, SQLi/XSS/traversal
 * and bad-bot rules, IP lists, geo blocks and rate limits per IP or identity, with capacity
 * accounting, JSON block responses (403, and 429 for rate limits) and encrypted logging with
 * credentials redacted. `new HardenedWebAcl(this, 'Waf')` gives the baseline.
 */
export class HardenedWebAcl extends WebAclBase {
  /**
   * Refers to an existing Web ACL by ARN, to attach it to resources.
   *
   * @param webAclScope the ACL's scope; needed only when the ARN is a token (a literal ARN says `global/` or `regional/`)
   */
  public static fromWebAclArn(scope: Construct, id: string, webAclArn: string, webAclScope?: WebAclScope): WebAclBase {
    const fromArn: WebAclScope | undefined = Token.isUnresolved(webAclArn)
      ? undefined
      : webAclArn.includes(':global/')
        ? WebAclScope.CLOUDFRONT
        : WebAclScope.REGIONAL;
    const resolvedScope = webAclScope ?? fromArn;
    if (resolvedScope === undefined) {
      throw new HardeningValidationError(scope, [
        { field: 'webAclScope', message: `the scope of ${id} cannot be read from a token ARN; pass WebAclScope.REGIONAL or WebAclScope.CLOUDFRONT` },
      ]);
    }
    class Imported extends WebAclBase {
      public readonly webAclArn = webAclArn;
      public readonly scope: WebAclScope = resolvedScope as WebAclScope;
    }
    return new Imported(scope, id);
  }

  /** REGIONAL or CLOUDFRONT. */
  public readonly scope: WebAclScope;
  /** The L1 Web ACL, for escape hatches. */
  public readonly webAcl: CfnWebACL;
  /** The ARN: what associations and a CloudFront distribution's `webAclId` take. */
  public readonly webAclArn: string;
  /** The Web ACL's ID (not what CloudFront's `webAclId` wants: that is the ARN). */
  public readonly webAclId: string;
  /** The Web ACL's name. */
  public readonly webAclName: string;
  /**
   * The metric name of the Web ACL's visibility config: the WebACL dimension of its CloudWatch
   * metrics (AWS WAF publishes under the metric name, not the Web ACL's name). Bulwark sets it
   * to the name, so the console and the metrics agree.
   */
  public readonly metricName: string;
  /** The rate-limit rules' metric names and what they do to a client over the limit, for alarms. */
  public readonly rateLimitRules: RateLimitRule[];
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;
  /** IP sets by `<rule id>-v4` / `<rule id>-v6`. */
  public readonly ipSets: { [key: string]: CfnIPSet };
  /** Regex pattern sets of the attack and bad-bot rules, by rule id (`<rule id>-2`… when a rule needs more than one). */
  public readonly regexPatternSets: { [key: string]: CfnRegexPatternSet };
  /** Total WCU, as AWS will compute it. */
  public readonly capacity: number;
  /** WCU per rule, costliest first. */
  public readonly ruleCapacities: RuleCapacity[];
  /** What the compiler adjusted or skipped (also reported as annotations). */
  public readonly findings: WafFinding[];
  /** The log group Bulwark created for the WAF logs (none when you passed `logGroup`), for escape hatches. */
  public readonly cfnLogGroup?: logs.CfnLogGroup;
  public readonly logEncryptionKey?: kms.IKey;
  public readonly loggingConfiguration?: CfnLoggingConfiguration;
  private passedLogGroup?: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: HardenedWebAclProps = {}) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    this.scope = props.webAclScope ?? WebAclScope.REGIONAL;
    const problems: HardeningProblem[] = [...cloudFrontRegionProblems(this.scope, Stack.of(this).region), ...webAclNameProblems(props.webAclName)];
    this.requireUsEast1AtDeployTime();

    this.webAclName = props.webAclName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.metricName = this.webAclName;
    const { compiled, ipSets, regexPatternSets } = compileProfileWafRules(this, this.policy, this.scope, props.managedRuleGroups);
    this.ipSets = ipSets;
    this.regexPatternSets = regexPatternSets;
    this.rateLimitRules = rateLimitRulesOf(compiled.rules);
    this.findings = [...compiled.findings];
    problems.push(...errorProblems(compiled.findings));

    const additional = this.placeAdditionalRules(compiled.rules, props.additionalRules ?? []);
    problems.push(...additional.problems);
    const rules = [...compiled.rules, ...additional.placed];
    this.ruleCapacities = ruleCapacitiesOf(rules);
    this.capacity = rules.reduce((total, entry) => total + entry.capacity, 0);
    problems.push(...capacityProblems(this.capacity, this.ruleCapacities));
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.webAcl = this.createWebAcl(rules);
    this.webAclArn = this.webAcl.attrArn;
    this.webAclId = this.webAcl.attrId;
    annotateWafFindings(this, compiled.findings);
    this.warnAboveBasePrice();

    if (this.policy.wafLogging.enabled) {
      const logging = this.createLogging(props);
      this.passedLogGroup = props.logGroup;
      this.cfnLogGroup = logging.cfnLogGroup;
      this.logEncryptionKey = logging.key;
      this.loggingConfiguration = logging.configuration;
    }
  }

  /**
   * The log group WAF logs to: the one you passed, or an `ILogGroup` of the one Bulwark
   * created (made on first read); none when the profile turns WAF logging off.
   */
  public get logGroup(): logs.ILogGroup | undefined {
    if (this.passedLogGroup || !this.cfnLogGroup) return this.passedLogGroup;
    const made = this.node.tryFindChild('LogGroupRef') as logs.ILogGroup | undefined;
    // Named by its Ref and known by its Arn attribute, as aws-cdk-lib's LogGroup is (the same cross-stack exports).
    return made ?? Object.assign(logs.LogGroup.fromLogGroupName(this, 'LogGroupRef', this.cfnLogGroup.ref), { logGroupArn: this.cfnLogGroup.attrArn });
  }

  /** A CLOUDFRONT ACL whose stack learns its region only at deploy time: CloudFormation refuses other regions before creating anything. */
  private requireUsEast1AtDeployTime(): void {
    if (this.scope !== WebAclScope.CLOUDFRONT || !Token.isUnresolved(Stack.of(this).region)) return;
    new CfnRule(this, 'CloudFrontScopeRegion', {
      assertions: [{ assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'), assertDescription: 'A CLOUDFRONT-scope Web ACL must be deployed in us-east-1' }],
    });
  }

  /** Your own rules, prioritized after Bulwark's (the priority given is replaced), with their capacity; a name already taken is a problem. */
  private placeAdditionalRules(
    compiledRules: readonly CompiledWafRule[],
    additionalRules: readonly CfnWebACL.RuleProperty[],
  ): { placed: PlacedRule[]; problems: HardeningProblem[] } {
    const taken = new Set(compiledRules.map((entry) => entry.rule.name));
    const problems: HardeningProblem[] = [];
    const placed = additionalRules.map((rule, index) => {
      if (taken.has(rule.name))
        problems.push({ field: `additionalRules[${index}].name`, message: `"${rule.name}" is already a rule of this Web ACL; rule names must be unique` });
      taken.add(rule.name);
      return {
        rule: { ...rule, priority: compiledRules.length + index },
        source: `additionalRules[${index}]`,
        capacity: this.additionalRuleCapacity(rule, index),
      };
    });
    return { placed, problems };
  }

  /** A user rule's capacity; one Bulwark has no published cost for counts as 0, with a warning saying so. */
  private additionalRuleCapacity(rule: CfnWebACL.RuleProperty, index: number): number {
    try {
      return statementCapacity(rule.statement as CfnWebACL.StatementProperty);
    } catch (error) {
      Annotations.of(this).addWarningV2(
        `bulwark:waf-capacity-unknown-${index}`,
        `additionalRules[${index}] (${rule.name}): ${(error as Error).message}; it is left out of capacity, so check the total with the CheckCapacity API`,
      );
      return 0;
    }
  }

  /** The Web ACL itself: allow by default, JSON bodies for the 403 and 429 responses, metrics under its name. */
  private createWebAcl(rules: readonly PlacedRule[]): CfnWebACL {
    return new CfnWebACL(this, 'Resource', {
      name: this.webAclName,
      description: `Bulwark hardening for ${this.policy.name}`,
      scope: this.scope,
      defaultAction: { allow: {} },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: this.metricName },
      customResponseBodies: bulwarkResponseBodies(),
      rules: rules.map((entry) => entry.rule),
    });
  }

  private warnAboveBasePrice(): void {
    if (this.capacity > WCU_BASE_PRICE_LIMIT) {
      Annotations.of(this).addWarningV2(
        'bulwark:waf-capacity-above-base-price',
        `the Web ACL needs ${this.capacity} WCU, over the ${WCU_BASE_PRICE_LIMIT} the base price covers; AWS charges for each extra 500`,
      );
    }
  }

  /** WAF logging to the log group you passed, else to an encrypted one Bulwark creates. */
  private createLogging(props: HardenedWebAclProps) {
    const existing = props.logGroup;
    if (existing) this.checkLogGroupName(existing);
    const created = existing ? undefined : this.createLogGroup(props);
    const configuration = this.createLoggingConfiguration(existing?.logGroupName ?? created?.cfnLogGroup.ref, props.logOnlyMatchedRequests);
    return { cfnLogGroup: created?.cfnLogGroup, key: created?.key, configuration };
  }

  private checkLogGroupName(logGroup: logs.ILogGroup): void {
    // A log group made in this app names itself in its L1 (its logGroupName attribute is a token
    // either way): without a name, CloudFormation generates one WAF refuses.
    const cfn = logGroup.node.defaultChild;
    const resolvedName: unknown = cfn instanceof logs.CfnLogGroup ? Stack.of(cfn).resolve(cfn.logGroupName) : logGroup.logGroupName;
    if (typeof resolvedName === 'object' && resolvedName !== null) return; // an intrinsic (a parameter, a join): known at deploy time
    const name = typeof resolvedName === 'string' ? resolvedName : undefined;
    if (name !== undefined && (Token.isUnresolved(name) || name.startsWith('aws-waf-logs-'))) return;
    throw new HardeningValidationError(this, [
      {
        field: 'logGroup',
        message:
          name === undefined
            ? 'WAF only logs to log groups named aws-waf-logs-…, and this one has no name (CloudFormation would generate one without the prefix): give it logGroupName aws-waf-logs-…, or leave logGroup out and let HardenedWebAcl create one'
            : `WAF only logs to log groups named aws-waf-logs-…, not ${name}`,
      },
    ]);
  }

  /** A log group named aws-waf-logs-…, encrypted with the key you passed or a new one, kept as long as the profile says. */
  private createLogGroup(props: HardenedWebAclProps): { cfnLogGroup: logs.CfnLogGroup; key: kms.IKey } {
    const name = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 150, separator: '-' })}`;
    const arn = logGroupArn(Stack.of(this), name);
    const key = props.logEncryptionKey ?? new kms.Key(this, 'LogKey', { enableKeyRotation: true, description: `Encrypts the WAF logs of ${this.node.path}` });
    this.letCloudWatchLogsUse(key, arn);
    // An L1 in the place aws-cdk-lib's LogGroup puts its own (same logical ID): one per Web ACL, so per service.
    const cfnLogGroup = new logs.CfnLogGroup(new Construct(this, 'LogGroup'), 'Resource', {
      logGroupName: name,
      retentionInDays: retentionDays(this.policy.wafLogging.retentionDays),
      kmsKeyId: key.keyArn,
    });
    cfnLogGroup.applyRemovalPolicy(props.logRemovalPolicy ?? RemovalPolicy.RETAIN);
    return { cfnLogGroup, key };
  }

  /** CloudWatch Logs encrypts with the key only when the key policy lets the regional service use it for this log group. */
  private letCloudWatchLogsUse(key: kms.IKey, logGroupArn: string): void {
    const region = Stack.of(this).region;
    const added = key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    );
    if (!added.statementAdded) {
      Annotations.of(this).addWarningV2(
        'bulwark:waf-log-key-policy',
        `the key policy of the imported logEncryptionKey cannot be changed here: allow logs.${region}.amazonaws.com to use it for ${logGroupArn}, or the log group cannot be created`,
      );
    }
  }

  /** Sends the Web ACL's logs to the log group, with the profile's headers redacted. */
  private createLoggingConfiguration(logGroupName: string | undefined, logOnlyMatchedRequests: boolean | undefined): CfnLoggingConfiguration {
    return new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      logDestinationConfigs: [logGroupArn(Stack.of(this), logGroupName)],
      // singleHeader and loggingFilter are untyped in the L1, so their content is written in CloudFormation's casing.
      redactedFields: this.policy.wafLogging.redactHeaders.map((name) => ({ singleHeader: { Name: name } })),
      ...(logOnlyMatchedRequests ? { loggingFilter: matchedRequestsOnly() } : {}),
    });
  }
}

/** A literal region other than us-east-1 cannot hold a CLOUDFRONT Web ACL. */
function cloudFrontRegionProblems(scope: WebAclScope, region: string): HardeningProblem[] {
  if (scope !== WebAclScope.CLOUDFRONT || Token.isUnresolved(region) || region === 'us-east-1') return [];
  return [
    {
      field: 'webAclScope',
      message: `a CLOUDFRONT Web ACL must be created in us-east-1, but this stack is in ${region}; put it in a us-east-1 stack and pass its ARN across regions`,
    },
  ];
}

/** A literal name must be a valid Web ACL name that is not a metric name AWS WAF reserves. */
function webAclNameProblems(name: string | undefined): HardeningProblem[] {
  if (name === undefined || Token.isUnresolved(name) || (/^[\w-]{1,128}$/.test(name) && !RESERVED_METRIC_NAMES.includes(name))) return [];
  return [
    {
      field: 'webAclName',
      message: `"${name}" is not a Web ACL name: 1 to 128 letters, digits, hyphens and underscores, other than ${RESERVED_METRIC_NAMES.join(' and ')} (its metric name is the same, and AWS WAF reserves those)`,
    },
  ];
}

/** The rate-limit rules' metric names and actions, for alarms. */
function rateLimitRulesOf(rules: readonly CompiledWafRule[]): RateLimitRule[] {
  return rules
    .filter((entry) => entry.rule.statement && 'rateBasedStatement' in entry.rule.statement)
    .map((entry) => ({
      metricName: (entry.rule.visibilityConfig as CfnWebACL.VisibilityConfigProperty).metricName,
      action: Object.keys(entry.rule.action as object)[0] as WafRuleAction,
    }));
}

/** A log group's ARN as WAF and CloudWatch Logs write it (no trailing `:*`). */
function logGroupArn(stack: Stack, logGroupName: string | undefined): string {
  return stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * Logs only requests that were blocked, counted or challenged; written in CloudFormation's
 * casing (the L1 leaves the filter untyped), fresh each time since an L1 keeps what it is given.
 */
function matchedRequestsOnly() {
  return {
    DefaultBehavior: 'DROP',
    Filters: [
      {
        Behavior: 'KEEP',
        Requirement: 'MEETS_ANY',
        Conditions: ['BLOCK', 'COUNT', 'CHALLENGE', 'CAPTCHA', 'EXCLUDED_AS_COUNT'].map((action) => ({ ActionCondition: { Action: action } })),
      },
    ],
  };
}

/** The shortest retention CloudWatch Logs accepts that is at least `days`. */
function retentionDays(days: number): number {
  return LOG_RETENTION_DAYS.find((allowed) => allowed >= days) ?? 3653;
}
