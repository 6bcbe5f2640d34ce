import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { describe, expect, it } from 'vitest';
import { statementCapacity } from '../../../lib/aws/waf/capacity';
import { AWS_MANAGED_RULE_GROUPS } from '../../../lib/aws/waf/managed-rule-groups';

const uri = { uriPath: {} };
const none = [{ priority: 0, type: 'NONE' }];
const twoTransforms = [
  { priority: 0, type: 'URL_DECODE' },
  { priority: 1, type: 'HTML_ENTITY_DECODE' },
];
const byte = (positionalConstraint: string, textTransformations = none, fieldToMatch: CfnWebACL.FieldToMatchProperty = uri): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch, positionalConstraint, searchString: 'x', textTransformations },
});

// Published costs: AWS WAF Developer Guide, "Using match rule statements" and "Rate-based rule statement".
describe('statementCapacity', () => {
  it.each([
    ['EXACTLY', 2],
    ['STARTS_WITH', 2],
    ['ENDS_WITH', 2],
    ['CONTAINS', 10],
    ['CONTAINS_WORD', 10],
  ])('string match %s costs %i', (constraint, cost) => {
    expect(statementCapacity(byte(constraint))).toBe(cost);
  });

  it('adds 10 per text transformation and ignores NONE', () => {
    expect(statementCapacity(byte('EXACTLY', twoTransforms))).toBe(22);
  });

  it('adds 10 for all query arguments and doubles the base for a JSON body', () => {
    expect(statementCapacity(byte('CONTAINS', none, { allQueryArguments: {} }))).toBe(20);
    expect(statementCapacity(byte('CONTAINS', none, { jsonBody: { matchPattern: { all: {} }, matchScope: 'ALL' } }))).toBe(20);
  });

  it('costs regex 3, SQLi 20 (low) or 30 (high), XSS 40, before transformations', () => {
    expect(statementCapacity({ regexMatchStatement: { regexString: 'a', fieldToMatch: uri, textTransformations: none } })).toBe(3);
    expect(statementCapacity({ sqliMatchStatement: { fieldToMatch: uri, textTransformations: none, sensitivityLevel: 'LOW' } })).toBe(20);
    expect(statementCapacity({ sqliMatchStatement: { fieldToMatch: uri, textTransformations: twoTransforms, sensitivityLevel: 'HIGH' } })).toBe(50);
    expect(statementCapacity({ xssMatchStatement: { fieldToMatch: uri, textTransformations: twoTransforms } })).toBe(60);
  });

  it('costs IP set and geo match 1 each', () => {
    expect(statementCapacity({ ipSetReferenceStatement: { arn: 'arn' } })).toBe(1);
    expect(statementCapacity({ geoMatchStatement: { countryCodes: ['KP'] } })).toBe(1);
  });

  it('costs a rate rule 2, plus 30 per custom key, plus its scope-down', () => {
    expect(statementCapacity({ rateBasedStatement: { limit: 100, aggregateKeyType: 'IP' } })).toBe(2);
    expect(
      statementCapacity({
        rateBasedStatement: {
          limit: 100,
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ header: { name: 'x-user-id', textTransformations: none } }, { ip: {} }],
          scopeDownStatement: byte('STARTS_WITH'),
        },
      }),
    ).toBe(2 + 60 + 2);
  });

  it('sums AND, OR and NOT', () => {
    expect(statementCapacity({ orStatement: { statements: [byte('EXACTLY'), { notStatement: { statement: byte('CONTAINS') } }] } })).toBe(12);
    expect(statementCapacity({ andStatement: { statements: [byte('EXACTLY'), { geoMatchStatement: { countryCodes: ['KP'] } }] } })).toBe(3);
  });

  it.each(Object.values(AWS_MANAGED_RULE_GROUPS))('costs managed group $name its published $capacity WCU', ({ name, capacity }) => {
    expect(statementCapacity({ managedRuleGroupStatement: { vendorName: 'AWS', name } })).toBe(capacity);
  });

  it('refuses to guess for an unknown managed group', () => {
    expect(() => statementCapacity({ managedRuleGroupStatement: { vendorName: 'Fortinet', name: 'all' } })).toThrow(
      /no published capacity for managed rule group Fortinet\/all/,
    );
  });
});
