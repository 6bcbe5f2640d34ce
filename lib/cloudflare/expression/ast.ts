/** A span of source text: start and end offsets (0-based, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A Cloudflare Rules language expression (the wirefilter grammar). */
export type Expression =
  | { readonly kind: 'logical'; readonly operator: LogicalOperator; readonly left: Expression; readonly right: Expression; readonly span: Span }
  | { readonly kind: 'not'; readonly operand: Expression; readonly span: Span }
  | { readonly kind: 'comparison'; readonly left: Operand; readonly operator: ComparisonOperator; readonly right: Value; readonly span: Span }
  | { readonly kind: 'predicate'; readonly operand: Operand; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span };

export type LogicalOperator = 'and' | 'or' | 'xor';
export type ComparisonOperator = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'contains' | 'matches' | 'wildcard' | 'strict wildcard' | 'in' | 'bitwise_and';

/** Something that yields a value: a field, possibly indexed, or a function call. */
export type Operand =
  | { readonly kind: 'field'; readonly name: string; readonly indexes: readonly Index[]; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Argument[]; readonly indexes: readonly Index[]; readonly span: Span };

/** any() and all() take a condition; other functions take fields and literals. */
export type Argument = Operand | Value | Expression;

export type Index = { readonly kind: 'key'; readonly value: string } | { readonly kind: 'position'; readonly value: number } | { readonly kind: 'all' };

export type Value =
  | { readonly kind: 'string'; readonly value: string; readonly raw?: { readonly hashes: number }; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'ip'; readonly value: string; readonly span: Span }
  | { readonly kind: 'list'; readonly name: string; readonly span: Span }
  | { readonly kind: 'set'; readonly items: readonly SetItem[]; readonly span: Span };

export type SetItem = Value | { readonly kind: 'range'; readonly from: Value; readonly to: Value; readonly span: Span };

/** The same tree without source positions, for comparing trees (e.g. parse(print(tree)) with tree). */
export function withoutSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'span')
      .map(([key, value]) => [key, withoutSpans(value)]),
  );
}
