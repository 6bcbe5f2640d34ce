import { closest, distance } from 'fastest-levenshtein';
import { logicalOperands } from './logical-chain';
import { ADD_ONS, effectiveAddOns, type AddOn } from '../add-ons';
import { planAtLeast, PLANS, type Plan } from '../plans';
import type { Argument, Expression, Operand, Span, Value } from './ast';
import { FIELDS, type FieldType } from './fields';
import { FUNCTIONS } from './functions';
import { ExpressionSyntaxError, parseExpression } from './parse';

/** The longest expression Cloudflare accepts. */
export const MAX_EXPRESSION_LENGTH = 4_096;

export interface LintOptions {
  /** The ruleset phase the expression runs in, e.g. http_request_firewall_custom. */
  readonly phase: string;
  readonly plan: Plan;
  /**
   * The zone's Enterprise add-ons; they count only on the Enterprise plan.
   * @default - none
   */
  readonly addOns?: readonly AddOn[];
}

export interface LintFinding {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
}

/**
 * Checks an expression the way Cloudflare will at apply time, and what it silently gets wrong:
 * syntax, length, field names and types, header key case, plan- and add-on-gated fields,
 * operators and functions, fields and functions valid in the phase, `[*]` placement, fields that
 * must not be used.
 */
export function lintExpression(source: string, options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  if (source.length > MAX_EXPRESSION_LENGTH) {
    findings.push({
      code: 'too-long',
      message: `the expression has ${source.length} characters; Cloudflare accepts at most ${MAX_EXPRESSION_LENGTH}`,
      span: { start: MAX_EXPRESSION_LENGTH, end: source.length },
    });
  }
  let tree: Expression;
  try {
    tree = parseExpression(source);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return [...findings, { code: 'syntax', message: error.message, span: { start: error.offset, end: error.offset } }];
  }
  new Linter(options, findings).expression(tree, false);
  return findings;
}

class Linter {
  private readonly addOns: readonly AddOn[];

  constructor(
    private readonly options: LintOptions,
    private readonly findings: LintFinding[],
  ) {
    this.addOns = effectiveAddOns(options.plan, options.addOns);
  }

  expression(node: Expression, insideQuantifier: boolean): void {
    switch (node.kind) {
      case 'logical': {
        // Findings in order, for a chain of any length.
        for (const operand of logicalOperands(node)) this.expression(operand, insideQuantifier);
        return;
      }
      case 'not':
        this.expression(node.operand, insideQuantifier);
        return;
      case 'boolean':
        return;
      case 'predicate': {
        const type = this.operand(node.operand, insideQuantifier);
        if (type !== undefined && type !== 'Boolean')
          this.report('not-boolean', `${describe(node.operand)} is ${type}, not a condition: compare it with a value`, node.span);
        return;
      }
      case 'comparison': {
        const type = this.operand(node.left, insideQuantifier);
        if (node.operator === 'matches' && !PLANS[this.options.plan].regex) {
          this.report('plan-regex', `"matches" needs the Business plan or higher, not ${this.options.plan}; use contains, wildcard or starts_with`, node.span);
        }
        if (type !== undefined) this.typeCheck(type, node.operator, node.right, node.span);
        return;
      }
    }
  }

  /** Checks an operand and returns its type when known. */
  private operand(node: Operand, insideQuantifier: boolean): FieldType | undefined {
    const all = node.indexes.some((index) => index.kind === 'all');
    if (all && !insideQuantifier) this.report('misplaced-all', '[*] is allowed only inside the first argument of any() or all()', node.span);
    if (node.kind === 'field') return this.field(node);
    const spec = FUNCTIONS[node.name];
    if (!spec) {
      this.report('unknown-function', `unknown function ${node.name}()${suggestion(node.name, Object.keys(FUNCTIONS))}`, node.span);
      return undefined;
    }
    if (spec.phases && !spec.phases.includes(this.options.phase)) {
      this.report('function-phase', `${node.name}() is not available in ${this.options.phase} (only in ${spec.phases.join(', ')})`, node.span);
    }
    if (spec.minimumPlan && !planAtLeast(this.options.plan, spec.minimumPlan)) {
      this.report('plan-function', `${node.name}() needs the ${spec.minimumPlan} plan or higher, not ${this.options.plan}`, node.span);
    }
    const quantifier = node.name === 'any' || node.name === 'all';
    let firstType: FieldType | undefined;
    node.args.forEach((argument, index) => {
      // [*] stays allowed through a function's first argument inside any() or all(): any(lower(http.request.headers.names[*])[*] eq "x").
      const type = this.argument(argument, index === 0 && (quantifier || insideQuantifier));
      if (index === 0) firstType = type;
    });
    return spec.returns === 'same' ? firstType : spec.returns;
  }

  private argument(argument: Argument, insideQuantifier: boolean): FieldType | undefined {
    switch (argument.kind) {
      case 'field':
      case 'call':
        return this.operand(argument, insideQuantifier);
      case 'logical':
      case 'not':
      case 'comparison':
      case 'predicate':
      case 'boolean':
        this.expression(argument, insideQuantifier);
        return 'Boolean';
      default: {
        const type = valueType(argument);
        return type === 'list' || type === 'set' ? undefined : type;
      }
    }
  }

  private field(node: Operand & { kind: 'field' }): FieldType | undefined {
    const spec = FIELDS[node.name];
    if (!spec) {
      this.report('unknown-field', `unknown field ${node.name}${suggestion(node.name, Object.keys(FIELDS))}`, node.span);
      return undefined;
    }
    if (spec.forbidden) this.report('forbidden-field', spec.forbidden, node.span);
    const { phase, plan } = this.options;
    if (/^(?:raw\.)?http\.response\./.test(node.name) && (phase.startsWith('http_request_') || phase === 'http_ratelimit')) {
      this.report('field-phase', `${node.name} is a response field: ${phase} runs before there is a response`, node.span);
    } else if (spec.phases && !spec.phases.includes(phase)) {
      this.report('field-phase', `${node.name} is not available in ${phase} (only in ${spec.phases.join(', ')})`, node.span);
    }
    if (spec.minimumPlan && !planAtLeast(plan, spec.minimumPlan)) {
      this.report(
        'plan-field',
        `${node.name} needs the ${spec.minimumPlan} plan or higher, not ${plan}${spec.addOn ? `, and the ${ADD_ONS[spec.addOn].label} add-on` : ''}`,
        node.span,
      );
    } else if (spec.addOn && !this.addOns.includes(spec.addOn)) {
      this.report(
        'addon-field',
        `${node.name} needs the ${ADD_ONS[spec.addOn].label} add-on, which the zone does not have (cloudflare.addOns: [${spec.addOn}] if it does)`,
        node.span,
      );
    }
    const rateLimitFields = PLANS[plan].rateLimitFields;
    if (phase === 'http_ratelimit' && rateLimitFields && !rateLimitFields.includes(node.name)) {
      this.report('plan-ratelimit-field', `a rate-limit rule on the ${plan} plan can match only ${rateLimitFields.join(', ')}, not ${node.name}`, node.span);
    } else if (
      phase === 'http_ratelimit' &&
      node.name.startsWith('http.request.body.') &&
      !this.addOns.some((addOn) => ADD_ONS[addOn].rateLimitBodyFields === true)
    ) {
      this.report(
        'addon-ratelimit-field',
        `a rate-limit rule can match request body fields (${node.name}) only with the ${ADD_ONS.advancedRateLimiting.label} add-on (cloudflare.addOns: [advancedRateLimiting] if the zone has it)`,
        node.span,
      );
    }
    for (const index of node.indexes) {
      if (
        index.kind === 'key' &&
        (node.name === 'http.request.headers' || node.name === 'http.response.headers') &&
        index.value !== index.value.toLowerCase()
      ) {
        this.report('header-case', `header names are lowercase in ${node.name}: write ["${index.value.toLowerCase()}"], or it never matches`, node.span);
      }
    }
    return elementType(spec.type, node.indexes.length);
  }

  private typeCheck(type: FieldType, operator: string, value: Value, span: Span): void {
    const got = value.kind === 'set' ? setType(value) : value.kind === 'list' ? 'list' : valueType(value);
    const ok = compatible(type, got, operator);
    if (!ok) this.report('type', `${operator} compares ${article(type)} with ${got === 'list' ? 'a list' : article(got)}`, span);
    if (['contains', 'matches', 'wildcard', 'strict wildcard'].includes(operator) && type !== 'String') {
      this.report('type', `${operator} works on strings, not on ${article(type)}`, span);
    }
    if ((operator === 'wildcard' || operator === 'strict wildcard') && value.kind === 'string' && hasDoubleStar(value.value)) {
      this.report('wildcard-pattern', `${operator} patterns cannot hold ** (one * already matches any run of characters, slashes included)`, span);
    }
    if (['lt', 'le', 'gt', 'ge'].includes(operator) && type !== 'Integer' && type !== 'Number') {
      this.report('type', `${operator} works on numbers, not on ${article(type)}`, span);
    }
  }

  private report(code: string, message: string, span: Span): void {
    this.findings.push({ code, message, span });
  }
}

/** Whether a wildcard pattern holds ** outside an escape (a backslash makes the next character literal). */
function hasDoubleStar(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i] === '\\') i += 1;
    else if (pattern[i] === '*' && pattern[i + 1] === '*') return true;
  }
  return false;
}

/** The type of an indexed field: a map indexed once is an array, an array indexed is its element. */
function elementType(type: FieldType, depth: number): FieldType {
  let current: string = type;
  for (let i = 0; i < depth; i += 1) {
    const inner = /^(?:Map|Array)<(.+)>$/.exec(current)?.[1];
    if (inner === undefined) return current as FieldType;
    current = inner;
  }
  return current as FieldType;
}

function valueType(value: Value): FieldType | 'list' | 'set' {
  switch (value.kind) {
    case 'string':
      return 'String';
    case 'number':
      return 'Integer';
    case 'ip':
      return 'IP';
    case 'list':
      return 'list';
    case 'set':
      return setType(value);
  }
}

function setType(value: Value & { kind: 'set' }): FieldType {
  const first = value.items[0];
  const item = first.kind === 'range' ? first.from : first;
  return valueType(item) as FieldType;
}

function compatible(type: FieldType, got: string, operator: string): boolean {
  if (got === 'list') return operator === 'in';
  if (type === 'Number') return got === 'Integer';
  if (type === 'Boolean') return false;
  return type === got;
}

function article(type: string): string {
  return `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
}

function describe(operand: Operand): string {
  return operand.kind === 'field' ? operand.name : `${operand.name}()`;
}

function suggestion(word: string, candidates: readonly string[]): string {
  const best = closest(word, [...candidates]);
  return distance(word, best) <= 3 ? `; did you mean ${best}?` : '';
}
