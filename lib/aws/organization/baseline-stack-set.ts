import { Names, Stage, Token, type Stack } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import { StackSetCallAs } from './stack-set-call-as';
import { stackSetTemplate, type CloudFormationTemplate } from './stack-set-template';

// Patterns and ranges from the CloudFormation API reference:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html,
// API_CreateStackSet.html and API_StackSetOperationPreferences.html.
const OU_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const STACK_SET_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

export interface BaselineStackSetProps {
  /**
   * The stack to deploy to every account and region, e.g. a SecurityBaselineStack. It must be in
   * a Stage of its own (not the one of the stack this StackSet is in): its template is
   * synthesized here and embedded as TemplateBody, so it needs no bootstrap and has no assets.
   * Complete the stack first: its template is read when the StackSet is created, and what is
   * added to it afterwards is not deployed.
   */
  readonly stack: Stack;
  /** The organizational units (`ou-…`) or the root (`r-…`) whose accounts get the stack, now and when they join. */
  readonly organizationalUnitIds: string[];
  /** The regions each account gets the stack in. */
  readonly regions: string[];
  /**
   * Accounts of those OUs that do not get the stack: documented exceptions
   * (DeploymentTargets AccountFilterType DIFFERENCE).
   * @default - every account of the OUs
   */
  readonly excludedAccounts?: string[];
  /**
   * Keep an account's stack when the account leaves the OUs. Kept, the account stays audited
   * and alarmed until someone removes the stack on purpose; removed, it loses the baseline
   * (the AuditTrail buckets stay either way).
   * @default true
   */
  readonly retainStacksOnAccountRemoval?: boolean;
  /**
   * Who deploys: the management account, or a delegated administrator for StackSets.
   * @default StackSetCallAs.SELF
   */
  readonly callAs?: StackSetCallAs;
  /**
   * The StackSet's name: a letter, then letters, digits and hyphens, up to 128.
   * @default - a name unique to this construct in the app
   */
  readonly stackSetName?: string;
  /**
   * Values of the template's parameters; each parameter without a default needs one. They are
   * written into the template in plain text: never a secret (read secrets in the stack instead).
   * @default - none
   */
  readonly parameters?: { [name: string]: string };
  /**
   * The percentage of accounts per region whose deployment may fail before CloudFormation
   * stops in that region (0 to 100): one account that refuses (an SCP, a quota) should not
   * hold the rest of the organization back, many should.
   * @default 10
   */
  readonly failureTolerancePercentage?: number;
  /**
   * The percentage of accounts per region deployed at once (1 to 100).
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;
  /**
   * Deploy to the regions in parallel rather than one after another.
   * @default true
   */
  readonly regionsInParallel?: boolean;
  /**
   * Let CloudFormation queue operations on the StackSet instead of refusing one while another runs (ManagedExecution).
   * @default true
   */
  readonly managedExecution?: boolean;
  /**
   * The StackSet's description.
   * @default - 'Bulwark baseline: ' and the stack's name
   */
  readonly description?: string;
}

/**
 * A service-managed CloudFormation StackSet that deploys a stack (the SecurityBaselineStack)
 * to every account of the given organizational units, in every given region, and to each
 * account that joins them later (AutoDeployment). Its template is the stack's, synthesized and
 * embedded as TemplateBody; a template a StackSet cannot deploy is refused at synth, with why.
 * Deploy it from the management account or a delegated administrator for StackSets, with
 * trusted access for StackSets enabled in AWS Organizations.
 */
export class BaselineStackSet extends Construct {
  public readonly stackSet: cloudformation.CfnStackSet;
  /** The template the StackSet deploys, as TemplateBody holds it. */
  public readonly templateBody: string;

  constructor(scope: Construct, id: string, props: BaselineStackSetProps) {
    super(scope, id);
    const given = props.parameters ?? {};
    const stageProblems = [...(Stage.of(props.stack) === Stage.of(this) ? [sameStageProblem] : []), ...environmentProblems(props.stack)];
    const template = stageProblems.length === 0 ? stackSetTemplate(props.stack, given) : undefined;
    const failureTolerancePercentage = props.failureTolerancePercentage ?? 10;
    const maxConcurrentPercentage = props.maxConcurrentPercentage ?? 25;
    const stackSetName = props.stackSetName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const problems = [
      ...stageProblems,
      ...(template?.problems ?? []),
      ...targetProblems(props),
      ...percentageProblems(failureTolerancePercentage, maxConcurrentPercentage),
      ...(Token.isUnresolved(stackSetName) || STACK_SET_NAME.test(stackSetName)
        ? []
        : [{ field: 'stackSetName', message: 'not a StackSet name: a letter, then up to 127 letters, digits and hyphens' }]),
    ];
    if (problems.length > 0 || template === undefined) throw new HardeningValidationError(this, problems);
    this.templateBody = template.body;
    const excluded = props.excludedAccounts ?? [];
    this.stackSet = new cloudformation.CfnStackSet(this, 'Resource', {
      stackSetName,
      description: props.description ?? `Bulwark baseline: ${props.stack.stackName}`,
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs ?? StackSetCallAs.SELF,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? true },
      managedExecution: { Active: props.managedExecution ?? true },
      capabilities: capabilitiesOf(template.template),
      operationPreferences: {
        failureTolerancePercentage,
        maxConcurrentPercentage,
        regionConcurrencyType: (props.regionsInParallel ?? true) ? 'PARALLEL' : 'SEQUENTIAL',
        // Concurrency stays at maxConcurrentPercentage when an account fails, instead of falling to the failure tolerance.
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      },
      parameters: Object.entries(given).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
      stackInstancesGroup: [
        {
          deploymentTargets: {
            organizationalUnitIds: props.organizationalUnitIds,
            ...(excluded.length > 0 ? { accountFilterType: 'DIFFERENCE', accounts: excluded } : {}),
          },
          regions: props.regions,
        },
      ],
      templateBody: template.body,
    });
  }
}

const sameStageProblem: HardeningProblem = {
  field: 'stack',
  message:
    'the stack is in the same Stage as this StackSet, so it would also deploy as a stack of its own and its template cannot be read here: create it in a Stage of its own',
};

/** Each stack instance runs in its own account and region: a template that names one would point every instance at it. */
function environmentProblems(stack: Stack): HardeningProblem[] {
  return Token.isUnresolved(stack.account) && Token.isUnresolved(stack.region)
    ? []
    : [
        {
          field: 'stack',
          message: 'the stack has an account or region of its own (env), which its template would name in every account: create it without env',
        },
      ];
}

/** What CloudFormation must be told the template does: IAM resources (named or not), macros. */
function capabilitiesOf(template: CloudFormationTemplate): string[] {
  const types = Object.values(template.Resources ?? {}).map((resource) => resource.Type);
  return [
    ...(types.some((type) => type.startsWith('AWS::IAM::')) ? ['CAPABILITY_NAMED_IAM'] : []),
    ...(template.Transform !== undefined ? ['CAPABILITY_AUTO_EXPAND'] : []),
  ];
}

function targetProblems(props: BaselineStackSetProps): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  const invalid = (values: readonly string[], pattern: RegExp) => values.filter((value) => !Token.isUnresolved(value) && !pattern.test(value)).length;
  if (props.organizationalUnitIds.length === 0) problems.push({ field: 'organizationalUnitIds', message: 'name at least one OU (ou-…) or the root (r-…)' });
  if (invalid(props.organizationalUnitIds, OU_ID) > 0) {
    problems.push({
      field: 'organizationalUnitIds',
      message: `${invalid(props.organizationalUnitIds, OU_ID)} value(s) are neither an OU ID (ou-…-…) nor a root ID (r-…)`,
    });
  }
  if (props.regions.length === 0) problems.push({ field: 'regions', message: 'name at least one region' });
  if (invalid(props.regions, REGION) > 0)
    problems.push({ field: 'regions', message: `${invalid(props.regions, REGION)} value(s) are not region names like eu-west-1` });
  if (invalid(props.excludedAccounts ?? [], ACCOUNT_ID) > 0)
    problems.push({ field: 'excludedAccounts', message: 'every excluded account is a 12-digit account ID' });
  return problems;
}

function percentageProblems(failureTolerance: number, maxConcurrent: number): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  if (!Number.isInteger(failureTolerance) || failureTolerance < 0 || failureTolerance > 100) {
    problems.push({ field: 'failureTolerancePercentage', message: 'a whole number from 0 to 100' });
  }
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1 || maxConcurrent > 100) {
    problems.push({ field: 'maxConcurrentPercentage', message: 'a whole number from 1 to 100' });
  }
  return problems;
}
