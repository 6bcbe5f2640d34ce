import type { ComparisonOperator, Expression, Index, Operand, SetItem, Value } from './ast';

/*
 * A typed builder for expressions: the compiler assembles trees with these and prints them,
 * so quoting and precedence are the printer's job, never string concatenation's.
 */

const SPAN = { start: 0, end: 0 } as const;

export function field(name: string, ...indexes: Index[]): Operand {
  return { kind: 'field', name, indexes, span: SPAN };
}

export function key(value: string): Index {
  return { kind: 'key', value };
}

export function position(value: number): Index {
  return { kind: 'position', value };
}

export function call(name: string, ...args: (Operand | Value | Expression)[]): Operand {
  return { kind: 'call', name, args, indexes: [], span: SPAN };
}

export function str(value: string): Value {
  return { kind: 'string', value, span: SPAN };
}

export function ip(value: string): Value {
  return { kind: 'ip', value, span: SPAN };
}

export function set(items: readonly SetItem[]): Value {
  return { kind: 'set', items, span: SPAN };
}

export function compare(left: Operand, operator: ComparisonOperator, right: Value): Expression {
  return { kind: 'comparison', left, operator, right, span: SPAN };
}

export function predicate(operand: Operand): Expression {
  return { kind: 'predicate', operand, span: SPAN };
}

export function literal(value: boolean): Expression {
  return { kind: 'boolean', value, span: SPAN };
}

export function not(operand: Expression): Expression {
  return { kind: 'not', operand, span: SPAN };
}

/** Joins conditions with `and` (left to right); one condition is itself, none is `true`. */
export function and(...operands: Expression[]): Expression {
  return join('and', operands, true);
}

/** Joins conditions with `or` (left to right); one condition is itself, none is `false`. */
export function or(...operands: Expression[]): Expression {
  return join('or', operands, false);
}

function join(operator: 'and' | 'or', operands: Expression[], empty: boolean): Expression {
  if (operands.length === 0) return literal(empty);
  return operands.reduce((left, right) => ({ kind: 'logical', operator, left, right, span: SPAN }));
}
