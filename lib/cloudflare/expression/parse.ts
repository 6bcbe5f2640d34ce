import * as ipaddr from 'ipaddr.js';
import type { Argument, ComparisonOperator, Expression, Index, LogicalOperator, Operand, SetItem, Span, Value } from './ast';

/** A syntax error with the offset, line and column where it was found and the reason. */
export class ExpressionSyntaxError extends Error {
  public readonly offset: number;
  public readonly line: number;
  public readonly column: number;
  public readonly reason: string;

  constructor(source: string, offset: number, reason: string) {
    const before = source.slice(0, offset).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    super(`${reason} at ${line}:${column}`);
    this.name = 'ExpressionSyntaxError';
    this.offset = offset;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** Operators by spelling; the symbolic forms are aliases of the English ones. */
const LOGICAL: Readonly<Record<string, LogicalOperator>> = { and: 'and', '&&': 'and', or: 'or', '||': 'or', xor: 'xor', '^^': 'xor' };
const COMPARISON: Readonly<Record<string, ComparisonOperator>> = {
  eq: 'eq',
  '==': 'eq',
  ne: 'ne',
  '!=': 'ne',
  lt: 'lt',
  '<': 'lt',
  le: 'le',
  '<=': 'le',
  gt: 'gt',
  '>': 'gt',
  ge: 'ge',
  '>=': 'ge',
  contains: 'contains',
  matches: 'matches',
  '~': 'matches',
  wildcard: 'wildcard',
  in: 'in',
  bitwise_and: 'bitwise_and',
  '&': 'bitwise_and',
};
/** Words that are operators, never fields. */
const RESERVED = new Set([...Object.keys(LOGICAL), ...Object.keys(COMPARISON), 'not', 'strict']);

/**
 * How deep parentheses, `not` and function calls may nest. Cloudflare's 4,096 characters allow
 * about 2,000 levels, which nobody writes; the limit keeps parsing, printing, linting and
 * evaluating far from the stack's end. A chain (`a or b or …`) is not nesting: any length.
 */
export const MAX_EXPRESSION_DEPTH = 128;

/** Functions whose argument is a condition over array elements. */
const CONDITION_FUNCTIONS = new Set(['any', 'all']);
// Segments after the first may start with a digit: cf.response.1xxx_code (https://developers.cloudflare.com/ruleset-engine/rules-language/fields/reference/cf.response.1xxx_code/).
const IDENTIFIER = /[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*/y;
const IPV4 = /(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?/y;
const IPV6 = /(?=[0-9a-fA-F:]*:)[0-9a-fA-F:]+(?:\.\d{1,3}){0,3}(?:\/\d{1,3})?/y;
const NUMBER = /-?\d+/y;
const LIST = /\$[a-z0-9_]+(\.[a-z0-9_]+)*/y;

/**
 * Parses a Rules language expression into a tree with source spans. Precedence, from
 * tightest: `not`, `and`, `xor`, `or`.
 *
 * @throws ExpressionSyntaxError with the position and the reason
 */
export function parseExpression(source: string): Expression {
  const parser = new Parser(source);
  const expression = parser.expression();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected ${parser.describeNext()} after the end of the expression`);
  return expression;
}

class Parser {
  private offset = 0;
  private depth = 0;

  constructor(private readonly source: string) {}

  expression(): Expression {
    return this.logical(['or'], () => this.logical(['xor'], () => this.logical(['and'], () => this.unary())));
  }

  private logical(operators: LogicalOperator[], next: () => Expression): Expression {
    let left = next();
    for (;;) {
      this.skipSpace();
      const operator = this.peekLogical();
      if (!operator || !operators.includes(operator.operator)) return left;
      this.offset += operator.length;
      const right = next();
      left = { kind: 'logical', operator: operator.operator, left, right, span: { start: left.span.start, end: right.span.end } };
    }
  }

  private unary(): Expression {
    this.skipSpace();
    const start = this.offset;
    if (this.source.startsWith('!', this.offset) && !this.source.startsWith('!=', this.offset)) {
      this.offset += 1;
      const operand = this.nested(start, () => this.unary());
      return { kind: 'not', operand, span: { start, end: operand.span.end } };
    }
    if (this.keyword('not', true)) {
      const operand = this.nested(start, () => this.unary());
      return { kind: 'not', operand, span: { start, end: operand.span.end } };
    }
    if (this.source.startsWith('(', this.offset)) {
      this.offset += 1;
      const inner = this.nested(start, () => this.expression());
      this.skipSpace();
      this.expect(')', 'a closing parenthesis');
      return inner;
    }
    if (this.keyword('true')) return { kind: 'boolean', value: true, span: { start, end: this.offset } };
    if (this.keyword('false')) return { kind: 'boolean', value: false, span: { start, end: this.offset } };
    const left = this.operand();
    this.skipSpace();
    const operator = this.comparisonOperator();
    if (!operator) return { kind: 'predicate', operand: left, span: left.span };
    this.skipSpace();
    const right = operator === 'in' ? this.inValue() : this.value(false);
    return { kind: 'comparison', left, operator, right, span: { start, end: right.span.end } };
  }

  /** Parses one level deeper, or fails at `start` past MAX_EXPRESSION_DEPTH. */
  private nested<T>(start: number, parse: () => T): T {
    if (this.depth >= MAX_EXPRESSION_DEPTH)
      this.fail(`the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels of parentheses, not and function calls; write it flatter`, start);
    this.depth += 1;
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private operand(): Operand {
    this.skipSpace();
    const start = this.offset;
    const name = this.match(IDENTIFIER);
    if (name === undefined || RESERVED.has(name))
      this.fail(`expected a field or a function, found ${name === undefined ? this.describeNext() : `the operator "${name}"`}`, start);
    const afterName = this.offset;
    this.skipSpace();
    if (this.source.startsWith('(', this.offset)) {
      this.offset += 1;
      const args: Argument[] = [];
      this.skipSpace();
      if (!this.source.startsWith(')', this.offset)) {
        for (;;) {
          args.push(this.nested(start, () => (CONDITION_FUNCTIONS.has(name) ? this.expression() : this.argument())));
          this.skipSpace();
          if (this.source.startsWith(',', this.offset)) {
            this.offset += 1;
            continue;
          }
          break;
        }
      }
      this.expect(')', 'a comma or a closing parenthesis');
      const indexes = this.indexes();
      return { kind: 'call', name, args, indexes, span: { start, end: this.offset } };
    }
    this.offset = afterName; // the space after a field belongs to what follows
    const indexes = this.indexes();
    return { kind: 'field', name, indexes, span: { start, end: this.offset } };
  }

  private argument(): Argument {
    this.skipSpace();
    return /[a-z_]/.test(this.source[this.offset] ?? '') && !this.source.startsWith('r"', this.offset) && !this.source.startsWith('r#', this.offset)
      ? this.operand()
      : this.value(false);
  }

  private indexes(): Index[] {
    const indexes: Index[] = [];
    while (this.source.startsWith('[', this.offset)) {
      this.offset += 1;
      this.skipSpace();
      if (this.source.startsWith('*', this.offset)) {
        this.offset += 1;
        indexes.push({ kind: 'all' });
      } else if (this.source.startsWith('"', this.offset)) {
        const key = this.string();
        indexes.push({ kind: 'key', value: key.value });
      } else {
        const position = this.match(/\d+/y);
        if (position === undefined) this.fail(`expected a string key, a position or * in brackets, found ${this.describeNext()}`);
        indexes.push({ kind: 'position', value: Number(position) });
      }
      this.skipSpace();
      this.expect(']', 'a closing bracket');
    }
    return indexes;
  }

  private inValue(): Value {
    const start = this.offset;
    const list = this.match(LIST);
    if (list !== undefined) return { kind: 'list', name: list.slice(1), span: { start, end: this.offset } };
    if (!this.source.startsWith('{', this.offset)) this.fail(`expected a set in braces or a $list after "in", found ${this.describeNext()}`);
    this.offset += 1;
    const items: SetItem[] = [];
    for (;;) {
      this.skipSpace();
      if (this.source.startsWith('}', this.offset)) break;
      if (this.atEnd()) this.fail('expected a closing brace for the set');
      const from = this.value(true);
      if (this.source.startsWith('..', this.offset)) {
        this.offset += 2;
        const to = this.value(true);
        if (from.kind !== to.kind || (from.kind !== 'number' && from.kind !== 'ip'))
          this.fail('a range joins two numbers or two IP addresses', from.span.start);
        if (
          from.kind === 'ip' &&
          to.kind === 'ip' &&
          (from.value.includes('/') || to.value.includes('/') || ipaddr.parse(from.value).kind() !== ipaddr.parse(to.value).kind())
        ) {
          this.fail('an IP range joins two addresses of the same family, without prefixes', from.span.start);
        }
        if (from.kind === 'number' && to.kind === 'number' && from.value > to.value)
          this.fail(`the range ${from.value}..${to.value} runs backwards`, from.span.start);
        items.push({ kind: 'range', from, to, span: { start: from.span.start, end: to.span.end } });
      } else {
        items.push(from);
      }
    }
    this.offset += 1;
    if (items.length === 0) this.fail('a set needs at least one value', start);
    const kinds = new Set(items.map((item) => (item.kind === 'range' ? item.from.kind : item.kind)));
    if (kinds.size > 1) this.fail(`a set mixes ${[...kinds].join(' and ')} values`, start);
    return { kind: 'set', items, span: { start, end: this.offset } };
  }

  /** A literal: string, raw string, number, IP address (CIDR only inside a set). */
  private value(inSet: boolean): Value {
    this.skipSpace();
    const start = this.offset;
    if (this.source.startsWith('"', this.offset) || /^r#*"/.test(this.source.slice(this.offset, this.offset + 258))) return this.string();
    const ip = this.match(IPV4) ?? this.match(IPV6);
    if (ip !== undefined) {
      if (ip.includes('/') && !inSet) this.fail('a CIDR block is allowed only inside a set, e.g. ip.src in {192.0.2.0/24}', start);
      if (!validIp(ip)) this.fail(`${ip} is not an IP address or CIDR block`, start);
      return { kind: 'ip', value: ip, span: { start, end: this.offset } };
    }
    const number = this.match(NUMBER);
    if (number !== undefined) {
      if (/[a-z_.]/i.test(this.source[this.offset] ?? '') && !this.source.startsWith('..', this.offset))
        this.fail(`unexpected ${this.describeNext()} after the number ${number}`);
      return { kind: 'number', value: Number(number), span: { start, end: this.offset } };
    }
    if (this.source.startsWith('$', this.offset)) this.fail('a $list is allowed only after "in"');
    return this.fail(`expected a value (a string, a number or an IP address), found ${this.describeNext()}`);
  }

  private string(): Value & { kind: 'string' } {
    const start = this.offset;
    const raw = /^r(#*)"/.exec(this.source.slice(this.offset, this.offset + 258));
    if (raw) {
      const hashes = raw[1].length;
      if (hashes > 255) this.fail('a raw string has at most 255 #');
      const close = `"${'#'.repeat(hashes)}`;
      const contentStart = this.offset + raw[0].length;
      const end = this.source.indexOf(close, contentStart);
      if (end < 0) this.fail(`unterminated raw string: expected ${close}`, start);
      this.offset = end + close.length;
      return { kind: 'string', value: this.source.slice(contentStart, end), raw: { hashes }, span: { start, end: this.offset } };
    }
    this.offset += 1;
    let value = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string: expected a closing "', start);
      const char = this.source[this.offset];
      if (char === '"') {
        this.offset += 1;
        return { kind: 'string', value, span: { start, end: this.offset } };
      }
      if (char === '\\') {
        const escape = this.source.slice(this.offset + 1, this.offset + 4);
        if (escape.startsWith('"') || escape.startsWith('\\')) {
          value += escape[0];
          this.offset += 2;
        } else if (/^x[0-9a-fA-F]{2}/.test(escape)) {
          value += String.fromCharCode(parseInt(escape.slice(1, 3), 16));
          this.offset += 4;
        } else if (/^[0-7]{3}/.test(escape) && parseInt(escape, 8) <= 0xff) {
          value += String.fromCharCode(parseInt(escape, 8));
          this.offset += 4;
        } else {
          this.fail(`invalid escape \\${escape[0] ?? ''}: only \\", \\\\, \\xHH and \\ooo are allowed (use a raw string r"..." for regular expressions)`);
        }
        continue;
      }
      value += char;
      this.offset += 1;
    }
  }

  private comparisonOperator(): ComparisonOperator | undefined {
    if (this.keyword('strict')) {
      this.skipSpace();
      if (!this.keyword('wildcard')) this.fail('"strict" must be followed by "wildcard"');
      return 'strict wildcard';
    }
    for (const symbol of ['==', '!=', '<=', '>=', '<', '>', '~', '&']) {
      if (this.source.startsWith(symbol, this.offset) && !(symbol === '&' && this.source.startsWith('&&', this.offset))) {
        this.offset += symbol.length;
        return COMPARISON[symbol];
      }
    }
    const word = /[a-z_]+/y;
    word.lastIndex = this.offset;
    const found = word.exec(this.source)?.[0];
    if (found && found in COMPARISON) {
      this.offset += found.length;
      return COMPARISON[found];
    }
    if (found && !(found in LOGICAL)) this.fail(`unknown operator "${found}"`);
    return undefined;
  }

  private peekLogical(): { operator: LogicalOperator; length: number } | undefined {
    for (const symbol of ['&&', '||', '^^']) if (this.source.startsWith(symbol, this.offset)) return { operator: LOGICAL[symbol], length: 2 };
    const word = /[a-z]+/y;
    word.lastIndex = this.offset;
    const found = word.exec(this.source)?.[0];
    if (found && found in LOGICAL && !/[a-z0-9_.]/.test(this.source[this.offset + found.length] ?? ''))
      return { operator: LOGICAL[found], length: found.length };
    return undefined;
  }

  /** Consumes a whole word if it is next (`not` may be followed directly by a parenthesis). */
  private keyword(word: string, beforeParenthesis = false): boolean {
    const next = this.source[this.offset + word.length] ?? '';
    if (!this.source.startsWith(word, this.offset) || /[a-z0-9_.]/.test(next) || (next === '(' && !beforeParenthesis)) return false;
    this.offset += word.length;
    return true;
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.offset;
    const found = pattern.exec(this.source)?.[0];
    if (found === undefined) return undefined;
    this.offset += found.length;
    return found;
  }

  private expect(text: string, what: string): void {
    this.skipSpace();
    if (!this.source.startsWith(text, this.offset)) this.fail(`expected ${what}, found ${this.describeNext()}`);
    this.offset += text.length;
  }

  /** The language's whitespace: spaces and line breaks (not tabs). */
  skipSpace(): void {
    while (/[ \r\n]/.test(this.source[this.offset] ?? '')) this.offset += 1;
  }

  atEnd(): boolean {
    return this.offset >= this.source.length;
  }

  describeNext(): string {
    if (this.atEnd()) return 'the end of the expression';
    return `"${this.source.slice(this.offset, this.offset + 12).split(/\s/)[0] || this.source[this.offset]}"`;
  }

  fail(reason: string, offset = this.offset): never {
    throw new ExpressionSyntaxError(this.source, offset, reason);
  }
}

/** A valid address, or a CIDR block without host bits (wirefilter refuses those). */
function validIp(text: string): boolean {
  const [address, prefix] = text.split('/');
  const valid = address.includes(':') ? ipaddr.IPv6.isValid(address) : ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!valid) return false;
  if (prefix === undefined) return true;
  if (!ipaddr.isValidCIDR(text)) return false;
  const [network, bits] = ipaddr.parseCIDR(text);
  const bytes = network.toByteArray();
  return bytes.every((byte, index) => (byte & ~(0xff << (8 - Math.max(0, Math.min(8, bits - index * 8)))) & 0xff) === 0);
}

export type { Span };
