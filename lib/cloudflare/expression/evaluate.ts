import * as ipaddr from 'ipaddr.js';
import { logicalOperands } from './logical-chain';
import { RE2JS } from 're2js';
import type { Argument, Expression, Operand, SetItem, Value } from './ast';
import { assertExpressionDepth } from './depth';
import { parseExpression } from './parse';

/** A request as the Rules language sees it. Header names are lowercase; values of repeated headers are listed. */
export interface EdgeRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  /** The query string without `?`. */
  readonly query?: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly sourceIp?: string;
  readonly country?: string;
  readonly ssl?: boolean;
  /** A verified good bot (cf.client.bot). */
  readonly verifiedBot?: boolean;
}

export interface EvaluateOptions {
  /** Named lists for `in $name`. */
  readonly lists?: Readonly<Record<string, readonly string[]>>;
}

type Scalar = string | number | boolean | undefined;
type FieldValue = Scalar | readonly string[] | Readonly<Record<string, readonly string[]>>;

/**
 * Whether a request matches an expression, the way Cloudflare would evaluate it (the subset
 * Bulwark emits and the common fields). Time grows linearly with the request and the
 * expression: `matches` runs on RE2 (re2js), `wildcard` without regular expressions.
 *
 * @throws ExpressionDepthError for a tree nested deeper than MAX_TREE_DEPTH
 */
export function evaluateExpression(expression: Expression | string, request: EdgeRequest, options: EvaluateOptions = {}): boolean {
  const tree = typeof expression === 'string' ? parseExpression(expression) : expression;
  assertExpressionDepth(tree);
  return new Evaluator(request, options).condition(tree, undefined);
}

class Evaluator {
  constructor(
    private readonly request: EdgeRequest,
    private readonly options: EvaluateOptions,
  ) {}

  /** `element` is the array element a `[*]` stands for inside any()/all(). */
  condition(node: Expression, element: string | undefined): boolean {
    switch (node.kind) {
      case 'boolean':
        return node.value;
      case 'not':
        return !this.condition(node.operand, element);
      case 'logical': {
        // A chain `a or b or c` is a left spine of one operator: walked in a loop, any length.
        // Every operand is evaluated, as before: a field the evaluator does not model throws.
        const { operator } = node;
        const operands: Expression[] = [];
        let first: Expression = node;
        while (first.kind === 'logical' && first.operator === operator) {
          operands.push(first.right);
          first = first.left;
        }
        operands.push(first);
        const values = operands.reverse().map((operand) => this.condition(operand, element));
        return operator === 'and' ? values.every(Boolean) : operator === 'or' ? values.some(Boolean) : values.reduce((a, b) => a !== b);
      }
      case 'predicate':
        return this.operand(node.operand, element) === true;
      case 'comparison': {
        const left = this.operand(node.left, element);
        return this.compare(left, node.operator, node.right);
      }
    }
  }

  private operand(node: Operand, element: string | undefined): FieldValue {
    if (node.kind === 'call') return this.call(node, element);
    let value: FieldValue = this.field(node.name);
    for (const index of node.indexes) {
      if (index.kind === 'all') return element;
      if (index.kind === 'key') value = (value as Record<string, readonly string[]> | undefined)?.[index.value];
      else value = Array.isArray(value) ? (value as readonly string[])[index.value] : undefined;
    }
    return value;
  }

  private call(node: Operand & { kind: 'call' }, element: string | undefined): FieldValue {
    if (node.name === 'any' || node.name === 'all') {
      const condition = node.args[0] as Expression;
      const elements = this.elementsOf(condition);
      return node.name === 'any' ? elements.some((e) => this.condition(condition, e)) : elements.every((e) => this.condition(condition, e));
    }
    const args = node.args.map((argument) => this.argument(argument, element));
    const text = (v: FieldValue) => (typeof v === 'string' ? v : '');
    switch (node.name) {
      case 'lower':
        return text(args[0]).toLowerCase();
      case 'upper':
        return text(args[0]).toUpperCase();
      case 'len':
        return text(args[0]).length;
      case 'starts_with':
        return text(args[0]).startsWith(text(args[1]));
      case 'ends_with':
        return text(args[0]).endsWith(text(args[1]));
      case 'concat':
        return args.map(text).join('');
      case 'url_decode':
        return safeDecode(text(args[0]));
      default:
        throw new Error(`evaluateExpression does not implement ${node.name}()`);
    }
  }

  private argument(argument: Argument, element: string | undefined): FieldValue {
    if (argument.kind === 'field' || argument.kind === 'call') return this.operand(argument, element);
    if (argument.kind === 'string') return argument.value;
    if (argument.kind === 'number') return argument.value;
    if (argument.kind === 'ip') return argument.value;
    throw new Error(`evaluateExpression cannot pass a ${argument.kind} as a function argument`);
  }

  /** The array a `[*]` inside the condition walks over. */
  private elementsOf(condition: Expression): readonly string[] {
    const operand = findAllOperand(condition);
    if (!operand) return [];
    const withoutAll = {
      ...operand,
      indexes: operand.indexes.slice(
        0,
        operand.indexes.findIndex((i) => i.kind === 'all'),
      ),
    };
    const value = this.operand(withoutAll, undefined);
    return Array.isArray(value) ? (value as readonly string[]) : [];
  }

  private field(name: string): FieldValue {
    const r = this.request;
    const [path, query] = [r.path, r.query ?? ''];
    switch (name) {
      case 'http.host':
        return r.host;
      case 'http.request.method':
        return r.method.toUpperCase();
      case 'http.request.uri.path':
        return path;
      case 'http.request.uri.query':
        return query;
      case 'http.request.uri':
        return query ? `${path}?${query}` : path;
      case 'http.request.full_uri':
        return `${r.ssl === false ? 'http' : 'https'}://${r.host}${path}${query ? `?${query}` : ''}`;
      case 'http.request.uri.path.extension':
        return /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
      case 'http.user_agent':
        return r.headers?.['user-agent']?.[0] ?? '';
      case 'http.referer':
        return r.headers?.referer?.[0] ?? '';
      case 'http.cookie':
        return (r.headers?.cookie ?? []).join('; ');
      case 'http.request.headers':
        return r.headers ?? {};
      case 'http.request.headers.names':
        return Object.keys(r.headers ?? {});
      case 'http.request.uri.args':
        return parseQuery(query);
      case 'http.request.uri.args.names':
        return Object.keys(parseQuery(query));
      case 'ip.src':
        return r.sourceIp;
      case 'ip.src.country':
        return r.country;
      case 'ssl':
        return r.ssl ?? true;
      case 'cf.client.bot':
      case 'cf.bot_management.verified_bot':
        return r.verifiedBot ?? false;
      default:
        throw new Error(`evaluateExpression does not model the field ${name}`);
    }
  }

  private compare(left: FieldValue, operator: string, right: Value): boolean {
    if (left === undefined) return false;
    if (operator === 'in') return this.inValue(left, right);
    const value = literal(right);
    switch (operator) {
      case 'eq':
        return isIp(left) && typeof value === 'string' && isIp(value)
          ? ipaddr.parse(left as string).toString() === ipaddr.parse(value).toString()
          : left === value;
      case 'ne':
        return left !== value;
      case 'lt':
        return Number(left) < Number(value);
      case 'le':
        return Number(left) <= Number(value);
      case 'gt':
        return Number(left) > Number(value);
      case 'ge':
        return Number(left) >= Number(value);
      case 'contains':
        return typeof left === 'string' && left.includes(String(value));
      // RE2 runs in time linear in the input, whatever the pattern (JavaScript's RegExp can take exponential time).
      case 'matches':
        return typeof left === 'string' && RE2JS.compile(String(value)).test(left);
      case 'wildcard':
        return typeof left === 'string' && wildcardMatches(String(value).toLowerCase(), left.toLowerCase());
      case 'strict wildcard':
        return typeof left === 'string' && wildcardMatches(String(value), left);
      case 'bitwise_and':
        return (Number(left) & Number(value)) !== 0;
      default:
        return false;
    }
  }

  private inValue(left: FieldValue, right: Value): boolean {
    if (right.kind === 'list')
      return (this.options.lists?.[right.name] ?? []).some((entry) =>
        matchesItem(
          left,
          entry.includes('/') ? { kind: 'ip', value: entry, span: { start: 0, end: 0 } } : { kind: 'string', value: entry, span: { start: 0, end: 0 } },
        ),
      );
    if (right.kind !== 'set') return false;
    return right.items.some((item) => matchesItem(left, item));
  }
}

function matchesItem(left: FieldValue, item: SetItem): boolean {
  if (item.kind === 'range') {
    if (item.from.kind === 'number' && item.to.kind === 'number') return Number(left) >= item.from.value && Number(left) <= item.to.value;
    if (item.from.kind === 'ip' && item.to.kind === 'ip' && isIp(left)) {
      const value = ipaddr.parse(left as string).toByteArray();
      const from = ipaddr.parse(item.from.value).toByteArray();
      const to = ipaddr.parse(item.to.value).toByteArray();
      return compareBytes(value, from) >= 0 && compareBytes(value, to) <= 0;
    }
    return false;
  }
  if (item.kind === 'ip' && isIp(left)) {
    const address = ipaddr.parse(left as string);
    if (item.value.includes('/')) {
      const range = ipaddr.parseCIDR(item.value);
      return address.kind() === range[0].kind() && address.match(range);
    }
    return address.toString() === ipaddr.parse(item.value).toString();
  }
  return literal(item) === left;
}

function literal(value: Value): Scalar {
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'number':
      return value.value;
    case 'ip':
      return value.value;
    default:
      return undefined;
  }
}

function findAllOperand(node: Expression): Operand | undefined {
  switch (node.kind) {
    case 'comparison':
      return node.left.indexes.some((i) => i.kind === 'all')
        ? node.left
        : node.left.kind === 'call'
          ? node.left.args.find((a): a is Operand => (a.kind === 'field' || a.kind === 'call') && a.indexes.some((i) => i.kind === 'all'))
          : undefined;
    case 'predicate':
      return node.operand.indexes.some((i) => i.kind === 'all') ? node.operand : undefined;
    case 'not':
      return findAllOperand(node.operand);
    case 'logical': {
      // Leftmost first, for a chain of any length.
      for (const candidate of logicalOperands(node)) {
        const found = findAllOperand(candidate);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether a wildcard pattern matches the whole text: `*` matches any run of characters, `\*` a
 * literal star. Each piece between stars is found leftmost in turn (enough for a pattern whose
 * only operator is `*`), so no backtracking: `*a*a*a*b` on a long run of a's stays fast.
 */
function wildcardMatches(pattern: string, text: string): boolean {
  const pieces: string[] = [''];
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i] === '\\' && pattern[i + 1] === '*') {
      pieces[pieces.length - 1] += '*';
      i += 1;
    } else if (pattern[i] === '*') pieces.push('');
    else pieces[pieces.length - 1] += pattern[i];
  }
  if (pieces.length === 1) return text === pieces[0];
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first.length + last.length > text.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = text.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

function parseQuery(query: string): Record<string, string[]> {
  const args: Record<string, string[]> = {};
  for (const part of query.split('&').filter(Boolean)) {
    const [key, ...rest] = part.split('=');
    (args[safeDecode(key)] ??= []).push(safeDecode(rest.join('=')));
  }
  return args;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function isIp(value: unknown): boolean {
  // ipaddr.isValid throws and catches inside: costly on every string compared, and on a long
  // one. An address is short, holds a digit or a colon, and before any %zone only hex digits,
  // x (0x…), dots and colons.
  if (typeof value !== 'string' || value.length > 100 || !/[\d:]/.test(value)) return false;
  const address = value.split('%', 1)[0];
  return /^[0-9a-fA-Fx.:]+$/.test(address) && ipaddr.isValid(value);
}

function compareBytes(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  }
  return 0;
}
