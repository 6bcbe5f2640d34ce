import { awsCdkLib } from '../core/aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { managedRuleGroupCapacity } from './managed-rule-groups';

/** The base price of a Web ACL covers this many WCU. */
export const WCU_BASE_PRICE_LIMIT = 1_500;
/** The most WCU a Web ACL may use. */
export const WCU_MAXIMUM = 5_000;

/** A Web ACL rule statement as CloudFormation takes it. */
export type Statement = CfnWebACL.StatementProperty;
type FieldToMatch = CfnWebACL.FieldToMatchProperty;

/** Published WCU costs of statement types (AWS WAF Developer Guide, rule statements). */
const COST = {
  byteMatchExact: 2,
  byteMatchContains: 10,
  regex: 3,
  regexPatternSet: 25,
  sqliLow: 20,
  sqliHigh: 30,
  xss: 40,
  size: 1,
  ipSet: 1,
  ipSetForwardedAny: 5,
  geo: 1,
  label: 1,
  rateBased: 2,
  rateCustomKey: 30,
  perTextTransformation: 10,
  allQueryArguments: 10,
} as const;

/** A statement that inspects a request component: its type's fields, as far as costing needs. */
interface InspectingStatement {
  readonly fieldToMatch?: unknown;
  readonly textTransformations?: unknown;
  readonly positionalConstraint?: string;
  readonly sensitivityLevel?: string;
}

/** Base cost of each statement type that inspects a request component. */
const INSPECTING_STATEMENTS: Readonly<Record<string, (statement: InspectingStatement) => number>> = {
  byteMatchStatement: (s) =>
    s.positionalConstraint === 'CONTAINS' || s.positionalConstraint === 'CONTAINS_WORD' ? COST.byteMatchContains : COST.byteMatchExact,
  regexMatchStatement: () => COST.regex,
  regexPatternSetReferenceStatement: () => COST.regexPatternSet,
  sqliMatchStatement: (s) => (s.sensitivityLevel === 'HIGH' ? COST.sqliHigh : COST.sqliLow),
  xssMatchStatement: () => COST.xss,
  sizeConstraintStatement: () => COST.size,
};

/**
 * WCU of one statement as AWS computes it: the base cost of its type, +10 per text
 * transformation, +10 for all query arguments, doubled base for a JSON body; logical
 * statements sum their parts; managed groups cost their published capacity.
 *
 * @throws Error for a statement type or managed group it has no published cost for
 */
export function statementCapacity(statement: Statement): number {
  const s = statement as Record<string, unknown>;
  if (s.andStatement) return sum((s.andStatement as CfnWebACL.AndStatementProperty).statements as Statement[]);
  if (s.orStatement) return sum((s.orStatement as CfnWebACL.OrStatementProperty).statements as Statement[]);
  if (s.notStatement) return statementCapacity((s.notStatement as CfnWebACL.NotStatementProperty).statement as Statement);
  for (const [key, baseCost] of Object.entries(INSPECTING_STATEMENTS)) {
    const inspecting = s[key] as InspectingStatement | undefined;
    if (inspecting)
      return inspected(baseCost(inspecting), inspecting.fieldToMatch as FieldToMatch | undefined, inspecting.textTransformations as unknown[] | undefined);
  }
  if (s.ipSetReferenceStatement) {
    const ipSet = s.ipSetReferenceStatement as CfnWebACL.IPSetReferenceStatementProperty;
    const forwarded = ipSet.ipSetForwardedIpConfig as CfnWebACL.IPSetForwardedIPConfigurationProperty | undefined;
    return forwarded?.position === 'ANY' ? COST.ipSetForwardedAny : COST.ipSet;
  }
  if (s.geoMatchStatement) return COST.geo;
  if (s.labelMatchStatement) return COST.label;
  if (s.rateBasedStatement) {
    const rate = s.rateBasedStatement as CfnWebACL.RateBasedStatementProperty;
    const keys = Array.isArray(rate.customKeys) ? rate.customKeys.length : 0;
    const scopeDown = rate.scopeDownStatement ? statementCapacity(rate.scopeDownStatement as Statement) : 0;
    return COST.rateBased + COST.rateCustomKey * keys + scopeDown;
  }
  if (s.managedRuleGroupStatement) {
    const group = s.managedRuleGroupStatement as CfnWebACL.ManagedRuleGroupStatementProperty;
    const capacity = managedRuleGroupCapacity(group.name);
    if (capacity === undefined) throw new Error(`no published capacity for managed rule group ${group.vendorName}/${group.name}`);
    return capacity + (group.scopeDownStatement ? statementCapacity(group.scopeDownStatement as Statement) : 0);
  }
  throw new Error(`no published capacity for statement ${Object.keys(s).join(', ')}`);
}

function inspected(base: number, field: FieldToMatch | undefined, transformations: readonly unknown[] | undefined): number {
  const fieldCost = field?.jsonBody !== undefined ? base : field?.allQueryArguments !== undefined ? COST.allQueryArguments : 0;
  const count =
    transformations === undefined || (!isLiteralList(transformations) && awsCdkLib().Token.isUnresolved(transformations))
      ? 0
      : transformations.filter((t) => (t as CfnWebACL.TextTransformationProperty).type !== 'NONE').length;
  return base + fieldCost + COST.perTextTransformation * count;
}

/**
 * A list of objects is never a token (a list token encodes as strings), so it needs no
 * aws-cdk-lib: the doctor costs compiled rules where aws-cdk-lib is not installed.
 */
function isLiteralList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && value.every((element) => typeof element !== 'string');
}

function sum(statements: readonly Statement[]): number {
  return statements.reduce((total, statement) => total + statementCapacity(statement), 0);
}
