import { describe, expect, it } from 'vitest';
import { accountZoneExpressions } from '../../lib/cloudflare/account-zone-expressions';
import { lintExpression, MAX_EXPRESSION_LENGTH } from '../../lib/cloudflare/expression/lint';
import { parseExpression } from '../../lib/cloudflare/expression/parse';

const clean = (expression: string) => lintExpression(expression, { phase: 'http_request_firewall_custom', plan: 'enterprise' });

describe('accountZoneExpressions', () => {
  it('selects every Enterprise zone by default', () => {
    expect(accountZoneExpressions({})).toEqual(['cf.zone.plan eq "ENT"']);
  });

  it('lists zones once each, in order, and ends with cf.zone.plan eq "ENT"', () => {
    const [expression] = accountZoneExpressions({ zoneNames: ['b.example.com', 'a.example.com', 'b.example.com'] });
    expect(expression).toBe('cf.zone.name in {"b.example.com" "a.example.com"} and cf.zone.plan eq "ENT"');
    expect(clean(expression)).toEqual([]);
  });

  it('excludes zones from every Enterprise zone', () => {
    const [expression] = accountZoneExpressions({ excludedZoneNames: ['legacy.example.com'] });
    expect(expression).toBe('not (cf.zone.name in {"legacy.example.com"}) and cf.zone.plan eq "ENT"');
    expect(clean(expression)).toEqual([]);
  });

  it('quotes a name through the printer, so even text that was never validated stays one string', () => {
    const [expression] = accountZoneExpressions({ zoneNames: ['a.com"} or true or {"'] });
    const tree = parseExpression(expression);
    expect(tree.kind).toBe('logical');
    expect(clean(expression)).toEqual([]);
    expect(expression.endsWith(' and cf.zone.plan eq "ENT"')).toBe(true);
  });

  it('splits a long list into expressions of at most 4,096 characters, each linting clean', () => {
    const names = Array.from({ length: 1_000 }, (_, index) => `zone-${index}.example.com`);
    const expressions = accountZoneExpressions({ zoneNames: names });
    expect(expressions.length).toBeGreaterThan(1);
    for (const expression of expressions) {
      expect(expression.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
      expect(clean(expression)).toEqual([]);
    }
    expect(expressions.join(' ').match(/zone-\d+\.example\.com/g)).toEqual(names);
  });
});
