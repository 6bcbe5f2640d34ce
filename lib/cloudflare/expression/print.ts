import type { Argument, Expression, Index, Operand, SetItem, Value } from './ast';
import { logicalOperands } from './logical-chain';
import { assertExpressionDepth } from './depth';

/** Binding strength: higher binds tighter. */
const PRECEDENCE = { or: 1, xor: 2, and: 3, not: 4, atom: 5 } as const;

/**
 * Prints a tree in canonical form: English operators, single spaces, parentheses only where
 * precedence needs them. parseExpression(printExpression(tree)) gives the same tree.
 *
 * @throws ExpressionDepthError for a tree nested deeper than MAX_TREE_DEPTH (a chain of any length is fine)
 */
export function printExpression(expression: Expression): string {
  assertExpressionDepth(expression);
  return print(expression, 0);
}

function print(expression: Expression, parentPrecedence: number): string {
  switch (expression.kind) {
    case 'logical': {
      const { operator } = expression;
      const precedence = PRECEDENCE[operator];
      // Left-associative: a right operand of the same precedence needs parentheses.
      const [first, ...rights] = logicalOperands(expression, operator);
      const text = [print(first, precedence), ...rights.map((right) => print(right, precedence + 0.5))].join(` ${operator} `);
      return precedence < parentPrecedence ? `(${text})` : text;
    }
    case 'not':
      return `not ${print(expression.operand, PRECEDENCE.not)}`;
    case 'comparison':
      return wrapAtom(`${printOperand(expression.left)} ${expression.operator} ${printValue(expression.right)}`, parentPrecedence);
    case 'predicate':
      return printOperand(expression.operand);
    case 'boolean':
      return String(expression.value);
  }
}

/** A comparison is an atom, but under `not` it reads better, and parses the same, in parentheses. */
function wrapAtom(text: string, parentPrecedence: number): string {
  return parentPrecedence === PRECEDENCE.not ? `(${text})` : text;
}

export function printOperand(operand: Operand): string {
  const indexes = operand.indexes.map(printIndex).join('');
  if (operand.kind === 'field') return `${operand.name}${indexes}`;
  return `${operand.name}(${operand.args.map(printArgument).join(', ')})${indexes}`;
}

function printArgument(argument: Argument): string {
  switch (argument.kind) {
    case 'field':
    case 'call':
      return printOperand(argument);
    case 'logical':
    case 'not':
    case 'comparison':
    case 'predicate':
    case 'boolean':
      return print(argument, 0);
    default:
      return printValue(argument);
  }
}

function printIndex(index: Index): string {
  switch (index.kind) {
    case 'all':
      return '[*]';
    case 'position':
      return `[${index.value}]`;
    case 'key':
      return `[${quote(index.value)}]`;
  }
}

export function printValue(value: Value): string {
  switch (value.kind) {
    case 'string':
      return value.raw && !value.value.includes(`"${'#'.repeat(value.raw.hashes)}`) ? rawString(value.value, value.raw.hashes) : quote(value.value);
    case 'number':
      return String(value.value);
    case 'ip':
      return value.value;
    case 'list':
      return `$${value.name}`;
    case 'set':
      return `{${value.items.map(printSetItem).join(' ')}}`;
  }
}

function printSetItem(item: SetItem): string {
  return item.kind === 'range' ? `${printValue(item.from)}..${printValue(item.to)}` : printValue(item);
}

/**
 * A raw string as written. The parser never makes one that holds its own closing delimiter; a
 * tree built by hand may, and is then printed quoted instead, so its text cannot end the string
 * early and add to the expression.
 */
function rawString(text: string, hashes: number): string {
  return `r${'#'.repeat(hashes)}"${text}"${'#'.repeat(hashes)}`;
}

/** A string literal with the only escapes the language has: \" \\ and \xHH for control characters. */
export function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
