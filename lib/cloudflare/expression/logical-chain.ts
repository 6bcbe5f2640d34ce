import type { Expression } from './ast';

/**
 * The operands of a chain `a or b or c`, left to right. The parser builds a chain as a left
 * spine, so it is walked in a loop: a chain of any length costs no stack. With `operator`,
 * only links of that operator are unrolled (the printer keeps precedence); without, every
 * logical link is.
 */
export function logicalOperands(node: Expression, operator?: string): Expression[] {
  const rights: Expression[] = [];
  let first: Expression = node;
  while (first.kind === 'logical' && (operator === undefined || first.operator === operator)) {
    rights.push(first.right);
    first = first.left;
  }
  return [first, ...rights.reverse()];
}
