import { describe, expect, it } from 'vitest';
import { quoteValue, WebAclSimulationError } from '../../../lib/simulate/aws-waf/web-acl-simulation-error';

describe('WebAclSimulationError', () => {
  it('names the rule and field, and keeps them as properties', () => {
    const error = new WebAclSimulationError('rate', 'Statement.RateBasedStatement.Limit', 'expected a whole number');
    expect(error.message).toBe('rule "rate": Statement.RateBasedStatement.Limit: expected a whole number');
    expect(error).toMatchObject({ name: 'WebAclSimulationError', rule: 'rate', field: 'Statement.RateBasedStatement.Limit' });
    expect(new WebAclSimulationError(null, 'DefaultAction', 'missing').message).toBe('Web ACL: DefaultAction: missing');
  });

  it('quotes received values as JSON, truncated', () => {
    expect(quoteValue({ a: 1 })).toBe('{"a":1}');
    expect(quoteValue('x'.repeat(500))).toHaveLength(81);
    expect(quoteValue(undefined)).toBe('undefined');
  });
});
