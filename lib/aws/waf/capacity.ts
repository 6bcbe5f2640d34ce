import { Token } from 'aws-cdk-lib';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { managedRuleGroupCapacity } from './managed-rule-groups';

/** The base price of a Web ACL covers this many WCU. */
export const WCU_BASE_PRICE_LIMIT = 1_500;
/** The most WCU a Web ACL may use. */
export const WCU_MAXIMUM = 5_000;

type Statement = CfnWebACL.StatementProperty;
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
  if (s.byteMatchStatement) {
    const byte = s.byteMatchStatement as CfnWebACL.ByteMatchStatementProperty;
    const base = byte.positionalConstraint === 'CONTAINS' || byte.positionalConstraint === 'CONTAINS_WORD' ? COST.byteMatchContains : COST.byteMatchExact;
    return inspected(base, byte.fieldToMatch as FieldToMatch, byte.textTransformations as unknown[]);
  }
  if (s.regexMatchStatement) {
    const regex = s.regexMatchStatement as CfnWebACL.RegexMatchStatementProperty;
    return inspected(COST.regex, regex.fieldToMatch as FieldToMatch, regex.textTransformations as unknown[]);
  }
  if (s.regexPatternSetReferenceStatement) {
    const regex = s.regexPatternSetReferenceStatement as CfnWebACL.RegexPatternSetReferenceStatementProperty;
    return inspected(COST.regexPatternSet, regex.fieldToMatch as FieldToMatch, regex.textTransformations as unknown[]);
  }
  if (s.sqliMatchStatement) {
    const sqli = s.sqliMatchStatement as CfnWebACL.SqliMatchStatementProperty;
    return inspected(sqli.sensitivityLevel === 'HIGH' ? COST.sqliHigh : COST.sqliLow, sqli.fieldToMatch as FieldToMatch, sqli.textTransformations as unknown[]);
  }
  if (s.xssMatchStatement) {
    const xss = s.xssMatchStatement as CfnWebACL.XssMatchStatementProperty;
    return inspected(COST.xss, xss.fieldToMatch as FieldToMatch, xss.textTransformations as unknown[]);
  }
  if (s.sizeConstraintStatement) {
    const size = s.sizeConstraintStatement as CfnWebACL.SizeConstraintStatementProperty;
    return inspected(COST.size, size.fieldToMatch as FieldToMatch, size.textTransformations as unknown[]);
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
  const count = transformations === undefined || Token.isUnresolved(transformations) ? 0 : transformations.filter((t) => (t as CfnWebACL.TextTransformationProperty).type !== 'NONE').length;
  return base + fieldCost + COST.perTextTransformation * count;
}

function sum(statements: readonly Statement[]): number {
  return statements.reduce((total, statement) => total + statementCapacity(statement), 0);
}
