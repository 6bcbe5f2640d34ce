import * as ipaddr from 'ipaddr.js';
import { logicalOperands } from './logical-chain';
import { RE2JS } from 're2js';
import type { Argument, Expression, Operand, SetItem, Value } from './ast';
import { assertExpressionDepth } from './depth';
import { normalizeUrlPath, type UrlNormalization } from './normalize-url';
import { parseExpression } from './parse';
import { printOperand } from './print';
import { urlDecode } from './url-decode';
import { lowerAscii } from '../../core/lower-ascii';

/** A request as the Rules language sees it. Header names are lowercase; values of repeated headers are listed. */
export interface EdgeRequest {
  readonly method: string;
  readonly host: string;
  /** The path as sent (percent-encoding kept): `raw.*` fields read it, the others its normalized form. */
  readonly path: string;
  /** The query string without `?`. */
  readonly query?: string;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly sourceIp?: string;
  readonly country?: string;
  readonly ssl?: boolean;
  /** A verified good bot (cf.client.bot). */
  readonly verifiedBot?: boolean;
  /** The request body as text ('' or absent for none). */
  readonly body?: string;
}

export interface EvaluateOptions {
  /** Named lists for `in $name`. */
  readonly lists?: Readonly<Record<string, readonly string[]>>;
  /** The zone's URL normalization type; default `cloudflare` (incoming URLs normalized, Cloudflare's default). */
  readonly urlNormalization?: UrlNormalization;
  /**
   * How many bytes of the body the body fields see; default 128 KiB. The limit is plan-dependent and
   * not something this evaluator can know: http.request.body.truncated says when it was reached.
   */
  readonly bodyLimitBytes?: number;
}

/** The fields evaluateExpression models; a rule using another cannot be judged offline. */
export const EVALUATED_FIELDS: ReadonlySet<string> = new Set([
  'http.host',
  'http.request.method',
  'http.request.uri.path',
  'raw.http.request.uri.path',
  'http.request.uri.query',
  'raw.http.request.uri.query',
  'http.request.uri',
  'raw.http.request.uri',
  'http.request.full_uri',
  'raw.http.request.full_uri',
  'http.request.uri.path.extension',
  'raw.http.request.uri.path.extension',
  'http.user_agent',
  'http.referer',
  'http.cookie',
  'http.request.cookies',
  'http.request.headers',
  'http.request.headers.names',
  'http.request.headers.values',
  'http.request.uri.args',
  'http.request.uri.args.names',
  'http.request.uri.args.values',
  'raw.http.request.uri.args',
  'raw.http.request.uri.args.names',
  'raw.http.request.uri.args.values',
  'http.request.body.raw',
  'http.request.body.size',
  'http.request.body.truncated',
  'ip.src',
  'ip.src.country',
  'ssl',
  'cf.client.bot',
  'cf.bot_management.verified_bot',
]);

/** The functions evaluateExpression implements. */
export const EVALUATED_FUNCTIONS: ReadonlySet<string> = new Set([
  'any',
  'all',
  'lower',
  'upper',
  'len',
  'starts_with',
  'ends_with',
  'concat',
  'join',
  'url_decode',
  'remove_bytes',
  'decode_base64',
]);

/** The default number of body bytes the body fields see. */
export const DEFAULT_BODY_LIMIT_BYTES = 128 * 1024;

export type Scalar = string | number | boolean | undefined;
export type FieldValue = Scalar | readonly string[] | Readonly<Record<string, readonly string[]>>;

/**
 * Whether a request matches an expression, the way Cloudflare would evaluate it (the subset
 * Bulwark emits and the common fields): path fields read the path after the zone's URL
 * normalization, `raw.*` fields the path as sent. Time grows linearly with the request and the
 * expression: `matches` runs on RE2 (re2js, each pattern compiled once and cached), `wildcard`
 * without regular expressions. Pass a parsed tree to evaluate many requests without re-parsing.
 *
 * @throws ExpressionDepthError for a tree nested deeper than MAX_TREE_DEPTH
 */
export function evaluateExpression(expression: Expression | string, request: EdgeRequest, options: EvaluateOptions = {}): boolean {
  const tree = typeof expression === 'string' ? parseExpression(expression) : expression;
  // A parsed tree is checked once, however many requests it is evaluated on.
  if (!DEPTH_CHECKED.has(tree)) {
    assertExpressionDepth(tree);
    DEPTH_CHECKED.add(tree);
  }
  return new Evaluator(request, options).condition(tree, undefined);
}

/**
 * A field's value for a request, as an expression would read it (a characteristic of a rate limit,
 * for instance); `key` indexes a map field (a header name, a cookie name, a query argument).
 */
export function evaluateField(name: string, request: EdgeRequest, options: EvaluateOptions = {}, key?: string): FieldValue {
  const value = new Evaluator(request, options).fieldValue(name);
  return key === undefined ? value : entry(value, key);
}

/** A map field's entry; only the map's own keys (a header named `constructor` is not Object's). */
function entry(map: FieldValue, key: string): readonly string[] | undefined {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return undefined;
  const record = map as Readonly<Record<string, readonly string[]>>;
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Why evaluateExpression cannot judge a tree, or undefined when it can: a field or function it
 * does not model, a `matches` pattern RE2 refuses, or a tree nested too deep. Compiles the
 * patterns into the shared cache, so a rule checked here evaluates without compiling.
 */
export function unevaluableReason(tree: Expression): string | undefined {
  try {
    assertExpressionDepth(tree);
  } catch (error) {
    return (error as Error).message;
  }
  return reasonIn(tree);
}

function reasonIn(node: Expression | Argument): string | undefined {
  switch (node.kind) {
    case 'logical':
      for (const operand of logicalOperands(node)) {
        const reason = reasonIn(operand);
        if (reason) return reason;
      }
      return undefined;
    case 'not':
      return reasonIn(node.operand);
    case 'predicate':
      return reasonIn(node.operand);
    case 'comparison': {
      if (node.operator === 'matches' && node.right.kind === 'string') {
        try {
          compiledPattern(node.right.value);
        } catch (error) {
          return `the pattern ${truncate(node.right.value)} does not compile in RE2: ${(error as Error).message}`;
        }
      }
      return reasonIn(node.left);
    }
    case 'field':
      return EVALUATED_FIELDS.has(node.name) ? undefined : `the simulator does not model the field ${node.name}`;
    case 'call': {
      if (!EVALUATED_FUNCTIONS.has(node.name)) return `the simulator does not implement ${node.name}()`;
      for (const argument of node.args) {
        const reason = reasonIn(argument);
        if (reason) return reason;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

const DEPTH_CHECKED = new WeakSet<Expression>();

/** Compiled `matches` patterns by pattern text, shared by every expression; bounded, oldest dropped first. */
const PATTERNS = new Map<string, RE2JS>();
const MAX_PATTERNS = 1024;

function compiledPattern(pattern: string): RE2JS {
  let compiled = PATTERNS.get(pattern);
  if (!compiled) {
    compiled = RE2JS.compile(pattern);
    if (PATTERNS.size >= MAX_PATTERNS) PATTERNS.delete(PATTERNS.keys().next().value as string);
    PATTERNS.set(pattern, compiled);
  }
  return compiled;
}

function truncate(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** The text of each function call node, computed once per node: trees are compiled once and evaluated per request. */
const callKeys = new WeakMap<object, string>();

function callKey(node: Operand & { kind: 'call' }): string {
  let key = callKeys.get(node);
  if (key === undefined) {
    key = printOperand(node);
    callKeys.set(node, key);
  }
  return key;
}

class Evaluator {
  /** Values derived from the request, computed on first use. */
  private normalizedPath: string | undefined;
  private args: Record<string, string[]> | undefined;
  private bodyBytes: Uint8Array | undefined;
  /** Every field read so far, by name. */
  private readonly fields = new Map<string, FieldValue>();
  /** Every function of fields applied so far, by its text. */
  private readonly calls = new Map<string, FieldValue>();

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
    // Inside any()/all(), `field[*]` stands for the element: the field itself is not read again per element.
    if (element !== undefined && node.indexes[0]?.kind === 'all') return element;
    let value: FieldValue = this.fieldValue(node.name);
    for (const index of node.indexes) {
      if (index.kind === 'all') return element;
      if (index.kind === 'key') value = entry(value, index.value);
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
    // A function of fields alone gives one value per request: `lower(http.user_agent)` written
    // once per bad-bot term is computed once (keyed by its text, computed once per tree node).
    if (element === undefined) {
      const key = callKey(node);
      if (this.calls.has(key)) return this.calls.get(key);
      const value = this.applyFunction(node, element);
      this.calls.set(key, value);
      return value;
    }
    return this.applyFunction(node, element);
  }

  private applyFunction(node: Operand & { kind: 'call' }, element: string | undefined): FieldValue {
    const args = node.args.map((argument) => this.argument(argument, element));
    const text = (v: FieldValue) => (typeof v === 'string' ? v : '');
    switch (node.name) {
      // ASCII letters only (functions reference: lower/upper); other characters unchanged.
      case 'lower':
        return lowerAscii(text(args[0]));
      case 'upper':
        return text(args[0]).replace(/[a-z]+/g, (run) => run.toUpperCase());
      // "the byte length of a String or Bytes value, or the number of elements in an array" (functions reference: len).
      case 'len':
        return Array.isArray(args[0]) ? args[0].length : utf8Length(text(args[0]));
      case 'starts_with':
        return text(args[0]).startsWith(text(args[1]));
      case 'ends_with':
        return text(args[0]).endsWith(text(args[1]));
      case 'concat':
        return args.map(text).join('');
      // "the concatenation of the strings in `items` with the `separator` between each item"; an
      // empty array gives "" (functions reference: join).
      case 'join':
        return Array.isArray(args[0]) ? (args[0] as readonly string[]).join(text(args[1])) : '';
      case 'url_decode':
        return urlDecode(text(args[0]), text(args[1]));
      case 'remove_bytes':
        return removeBytes(text(args[0]), text(args[1]));
      case 'decode_base64':
        return Buffer.from(text(args[0]), 'base64').toString('utf8');
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

  /** A field's value, read once per request: any()/all() and repeated comparisons reuse it (an array field is built in time linear in the request). */
  fieldValue(name: string): FieldValue {
    if (this.fields.has(name)) return this.fields.get(name);
    const value = this.field(name);
    this.fields.set(name, value);
    return value;
  }

  private field(name: string): FieldValue {
    const r = this.request;
    const query = r.query ?? '';
    switch (name) {
      case 'http.host':
        return r.host;
      case 'http.request.method':
        return r.method.toUpperCase();
      case 'http.request.uri.path':
        return this.path();
      case 'raw.http.request.uri.path':
        return r.path;
      // The query string is not normalized (normalization rewrites the path).
      case 'http.request.uri.query':
      case 'raw.http.request.uri.query':
        return query;
      case 'http.request.uri':
        return query ? `${this.path()}?${query}` : this.path();
      case 'raw.http.request.uri':
        return query ? `${r.path}?${query}` : r.path;
      case 'http.request.full_uri':
        return `${r.ssl === false ? 'http' : 'https'}://${r.host}${this.path()}${query ? `?${query}` : ''}`;
      case 'raw.http.request.full_uri':
        return `${r.ssl === false ? 'http' : 'https'}://${r.host}${r.path}${query ? `?${query}` : ''}`;
      case 'http.request.uri.path.extension':
        return extension(this.path());
      case 'raw.http.request.uri.path.extension':
        return extension(r.path);
      case 'http.user_agent':
        return r.headers?.['user-agent']?.[0] ?? '';
      case 'http.referer':
        return r.headers?.referer?.[0] ?? '';
      case 'http.cookie':
        return (r.headers?.cookie ?? []).join('; ');
      case 'http.request.cookies':
        return parseCookies(r.headers?.cookie ?? []);
      case 'http.request.headers':
        return r.headers ?? {};
      case 'http.request.headers.names':
        return Object.keys(r.headers ?? {});
      case 'http.request.headers.values':
        return Object.values(r.headers ?? {}).flat();
      // Arguments are not decoded (fields reference: "Decoding: No decoding performed"), so the raw fields read the same.
      case 'http.request.uri.args':
      case 'raw.http.request.uri.args':
        return this.queryArgs();
      case 'http.request.uri.args.names':
      case 'raw.http.request.uri.args.names':
        return Object.keys(this.queryArgs());
      case 'http.request.uri.args.values':
      case 'raw.http.request.uri.args.values':
        return queryValues(query);
      case 'http.request.body.raw':
        return new TextDecoder().decode(this.body().subarray(0, this.options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES));
      case 'http.request.body.size':
        return this.body().length;
      case 'http.request.body.truncated':
        return this.body().length > (this.options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
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

  private path(): string {
    this.normalizedPath ??= normalizeUrlPath(this.request.path, this.options.urlNormalization ?? 'cloudflare');
    return this.normalizedPath;
  }

  private queryArgs(): Record<string, string[]> {
    this.args ??= parseQuery(this.request.query ?? '');
    return this.args;
  }

  private body(): Uint8Array {
    this.bodyBytes ??= new TextEncoder().encode(this.request.body ?? '');
    return this.bodyBytes;
  }

  private compare(left: FieldValue, operator: string, right: Value): boolean {
    if (left === undefined) return false;
    if (operator === 'in') return this.inValue(left, right);
    const value = literal(right);
    switch (operator) {
      case 'eq':
        return equalValues(left, right);
      // An address compares by value both ways: 2001:0db8::1 is not `ne` 2001:db8::1.
      case 'ne':
        return !equalValues(left, right);
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
        return typeof left === 'string' && compiledPattern(String(value)).test(left);
      case 'wildcard':
        return typeof left === 'string' && wildcardMatches(lowerAscii(String(value)), lowerAscii(left));
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
          // A list entry that is an address (with or without a prefix) compares as one, like a set's.
          entry.includes('/') || isIp(entry)
            ? { kind: 'ip', value: entry, span: { start: 0, end: 0 } }
            : { kind: 'string', value: entry, span: { start: 0, end: 0 } },
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
      const address = ipaddr.parse(left as string);
      const from = ipaddr.parse(item.from.value);
      // An IPv6 address is never inside an IPv4 range (their bytes compared would say c000:205:: is in 192.0.2.1..192.0.2.9).
      if (address.kind() !== from.kind()) return false;
      const value = address.toByteArray();
      return compareBytes(value, from.toByteArray()) >= 0 && compareBytes(value, ipaddr.parse(item.to.value).toByteArray()) <= 0;
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

/**
 * `eq`: an address literal by value (2001:0db8::1 is 2001:db8::1); a string or a number as is, so a
 * text field holding `01` is not `eq "1"` (ipaddr.js would read both as the address 0.0.0.1).
 */
function equalValues(left: FieldValue, right: Value): boolean {
  return right.kind === 'ip' && isIp(left) && isIp(right.value)
    ? ipaddr.parse(left as string).toString() === ipaddr.parse(right.value).toString()
    : left === literal(right);
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
      return arrayOperand(node.left);
    case 'predicate':
      return arrayOperand(node.operand);
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
 * The field a `[*]` walks over inside an operand: a function's `[*]` (url_decode(x[*])[*]) stands
 * for its argument's elements, so the argument's field is looked for first.
 */
function arrayOperand(operand: Operand): Operand | undefined {
  if (operand.kind === 'call') {
    for (const argument of operand.args) {
      if (argument.kind !== 'field' && argument.kind !== 'call') continue;
      const found = arrayOperand(argument);
      if (found) return found;
    }
    return undefined;
  }
  return operand.indexes.some((i) => i.kind === 'all') ? operand : undefined;
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

/** The query's arguments by name, names and values as sent (no decoding), in order. */
function parseQuery(query: string): Record<string, string[]> {
  const args: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const [key, value] = equals < 0 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
    (args[key] ??= []).push(value);
  }
  return args;
}

/** Every argument's value in query order (http.request.uri.args.values: "in the same order as in the request"). */
function queryValues(query: string): string[] {
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => (part.includes('=') ? part.slice(part.indexOf('=') + 1) : ''));
}

/** Cookies by name from the Cookie header(s): `a=1; b=2`. */
function parseCookies(headers: readonly string[]): Record<string, string[]> {
  const cookies: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const pair of headers.flatMap((header) => header.split(';'))) {
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    // "The cookie names are URL decoded" (fields reference, http.request.cookies); values are not.
    (cookies[urlDecode(pair.slice(0, equals).trim())] ??= []).push(pair.slice(equals + 1).trim());
  }
  return cookies;
}

function extension(path: string): string {
  return /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** remove_bytes(): every byte of `bytes` removed from `source`, as UTF-8 bytes (a removed byte of a multi-byte character leaves U+FFFD). */
function removeBytes(source: string, bytes: string): string {
  const remove = new Set(new TextEncoder().encode(bytes));
  if (remove.size === 0) return source;
  return new TextDecoder().decode(new TextEncoder().encode(source).filter((byte) => !remove.has(byte)));
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
