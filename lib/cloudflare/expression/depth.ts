import type { Argument, Expression } from './ast';
import { MAX_EXPRESSION_DEPTH } from './parse';

/**
 * The deepest tree printExpression and evaluateExpression take: what the parser accepts
 * (MAX_EXPRESSION_DEPTH levels of parentheses, not and calls, each holding at most an or, a
 * xor, an and and a comparison), with room to spare. A chain `a or b or …` counts once.
 */
export const MAX_TREE_DEPTH = MAX_EXPRESSION_DEPTH * 5;

/** A tree nested too deeply to print or evaluate without running out of stack. */
export class ExpressionDepthError extends Error {
  constructor(depth: number) {
    super(`the expression nests deeper than ${MAX_TREE_DEPTH} levels (at least ${depth}); write it flatter`);
    this.name = 'ExpressionDepthError';
  }
}

/**
 * Throws unless the tree nests at most MAX_TREE_DEPTH levels; walks it with a loop, so any
 * tree can be measured. A left operand with its parent's operator (a chain) adds no level.
 *
 * @throws ExpressionDepthError
 */
export function assertExpressionDepth(tree: Expression | Argument): void {
  const stack: { node: Expression | Argument; depth: number }[] = [{ node: tree, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: Expression | Argument; depth: number };
    if (depth > MAX_TREE_DEPTH) throw new ExpressionDepthError(depth);
    switch (node.kind) {
      case 'logical':
        stack.push({ node: node.left, depth: node.left.kind === 'logical' && node.left.operator === node.operator ? depth : depth + 1 });
        stack.push({ node: node.right, depth: depth + 1 });
        break;
      case 'not':
        stack.push({ node: node.operand, depth: depth + 1 });
        break;
      case 'comparison':
        stack.push({ node: node.left, depth: depth + 1 });
        break;
      case 'predicate':
        stack.push({ node: node.operand, depth: depth + 1 });
        break;
      case 'call':
        for (const argument of node.args) stack.push({ node: argument, depth: depth + 1 });
        break;
      default:
        break;
    }
  }
}
