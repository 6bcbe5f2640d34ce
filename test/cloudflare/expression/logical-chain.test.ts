import { describe, expect, it } from 'vitest';
import { parseExpression, printExpression } from '../../../lib/cloudflare';
import { logicalOperands } from '../../../lib/cloudflare/expression/logical-chain';

describe('logicalOperands', () => {
  it('unrolls a chain left to right', () => {
    const chain = parseExpression('ip.src eq 1.1.1.1 or ip.src eq 2.2.2.2 or ip.src eq 3.3.3.3');
    expect(logicalOperands(chain).map((operand) => printExpression(operand))).toEqual(['ip.src eq 1.1.1.1', 'ip.src eq 2.2.2.2', 'ip.src eq 3.3.3.3']);
  });

  it('stops at another operator when one is named', () => {
    const mixed = parseExpression('ssl and ip.src eq 1.1.1.1 or ssl');
    expect(logicalOperands(mixed, 'or').map((operand) => operand.kind)).toEqual(['logical', 'predicate']);
  });

  it('walks 100,000 links without recursion', () => {
    const chain = parseExpression(Array.from({ length: 100_000 }, () => 'ssl').join(' or '));
    expect(logicalOperands(chain)).toHaveLength(100_000);
  });
});
