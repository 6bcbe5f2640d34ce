import type { Condition, RequestField } from '../policy/model';
import type { Expression, Operand } from './expression/ast';
import { and, call, compare, field, ip, key, literal, not, or, position, predicate, set, str } from './expression/build';
import { printExpression } from './expression/print';
import { lowerAscii } from '../core/lower-ascii';
import { attackChunks } from './attack-detection';
import type { Plan } from './plans';

/** A policy condition in the Rules language (printed from a built tree, so quoting and precedence are right by construction). */
export function conditionExpression(condition: Condition, plan: Plan = 'free'): string {
  return printExpression(conditionTree(condition, plan));
}

function conditionTree(condition: Condition, plan: Plan): Expression {
  const tree = (c: Condition) => conditionTree(c, plan);
  switch (condition.type) {
    case 'always':
      return literal(true);
    case 'all':
      return and(...condition.conditions.map(tree));
    case 'any':
      return or(...condition.conditions.map(tree));
    case 'not':
      return not(tree(condition.condition));
    case 'string':
      return stringTree(condition);
    case 'in':
      return compare(fieldOperand(condition.field), 'in', set(condition.values.map(str)));
    case 'sourceIp':
      return compare(field('ip.src'), 'in', set(condition.cidrs.map(ip)));
    case 'country':
      return compare(field('ip.src.country'), 'in', set(condition.codes.map(str)));
    case 'attack':
      // Every chunk of the class: custom rules give each its own rule (see custom-rules.ts).
      return or(...attackChunks(condition.attack, condition.fields, plan).map((chunk) => chunk.expression));
  }
}

/** A string comparison, lowercased on both sides unless it is case-sensitive. */
function stringTree(condition: Extract<Condition, { type: 'string' }>): Expression {
  const subject = condition.caseSensitive ? fieldOperand(condition.field) : call('lower', fieldOperand(condition.field));
  // lower() changes ASCII letters only (functions reference), so only those are lowered in the
  // literal: a literal with a lowered Ä could never equal lower() of a request's Ä.
  const value = str(condition.caseSensitive ? condition.value : lowerAscii(condition.value));
  switch (condition.operator) {
    case 'equals':
      return compare(subject, 'eq', value);
    case 'contains':
      return compare(subject, 'contains', value);
    case 'startsWith':
      return predicate(call('starts_with', subject, value));
    case 'endsWith':
      return predicate(call('ends_with', subject, value));
  }
  return literal(false);
}

/** The Rules language field of each request field that takes no name. */
const FIELD_NAMES: Readonly<Record<Exclude<RequestField['type'], 'header' | 'cookie'>, string>> = {
  method: 'http.request.method',
  host: 'http.host',
  path: 'http.request.uri.path',
  query: 'http.request.uri.query',
  body: 'http.request.body.raw',
  userAgent: 'http.user_agent',
};

function fieldOperand(requestField: RequestField): Operand {
  switch (requestField.type) {
    case 'header':
      return requestField.name === 'cookie' ? field('http.cookie') : field('http.request.headers', key(requestField.name), position(0));
    case 'cookie':
      return field('http.request.cookies', key(requestField.name), position(0));
    default:
      return field(FIELD_NAMES[requestField.type]);
  }
}
