import type { Condition, RequestField } from '../policy/model';
import type { Expression, Operand } from './expression/ast';
import { and, call, compare, field, ip, key, literal, not, or, position, predicate, set, str } from './expression/build';
import { printExpression } from './expression/print';
import { lowerAscii } from '../core/lower-ascii';

/**
 * Detection expressions for the attack classes, for plans without managed rules that cover them.
 * Each SQL term is a pair of keywords or a quote-and-operator, never a lone token: "--" occurs in
 * base64url session cookies and slugs, and "select " in ordinary search queries.
 */
const ATTACK_TERMS = {
  sqlInjection: ['union select', ' or 1=1', "' or '", 'insert into', 'delete from', 'drop table'],
  crossSiteScripting: ['<script', 'javascript:', 'onerror=', 'onload='],
  pathTraversal: ['../', '..\\', '%2e%2e', '..%2f', '%2e%2e%2f'],
} as const;

/** A policy condition in the Rules language (printed from a built tree, so quoting and precedence are right by construction). */
export function conditionExpression(condition: Condition): string {
  return printExpression(conditionTree(condition));
}

function conditionTree(condition: Condition): Expression {
  switch (condition.type) {
    case 'always':
      return literal(true);
    case 'all':
      return and(...condition.conditions.map(conditionTree));
    case 'any':
      return or(...condition.conditions.map(conditionTree));
    case 'not':
      return not(conditionTree(condition.condition));
    case 'string':
      return stringTree(condition);
    case 'in':
      return compare(fieldOperand(condition.field), 'in', set(condition.values.map(str)));
    case 'sourceIp':
      return compare(field('ip.src'), 'in', set(condition.cidrs.map(ip)));
    case 'country':
      return compare(field('ip.src.country'), 'in', set(condition.codes.map(str)));
    case 'attack':
      return attackTree(condition.attack, condition.fields);
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

/** Detections for an attack class over the path and query string, decoded and lowercased. */
function attackTree(attack: keyof typeof ATTACK_TERMS, fields: readonly RequestField[]): Expression {
  // The body needs Enterprise; the path, query string and cookie header are there on every plan.
  const inspected = fields.filter((f) => f.type === 'path' || f.type === 'query' || (f.type === 'header' && f.name === 'cookie'));
  return or(
    ...inspected.flatMap((f) => ATTACK_TERMS[attack].map((term) => compare(call('lower', call('url_decode', attackOperand(f))), 'contains', str(term)))),
  );
}

/**
 * The field a detection reads: the path as sent (raw.http.request.uri.path), since Cloudflare's
 * default URL normalization removes dot segments from http.request.uri.path before rules read it
 * (https://developers.cloudflare.com/rules/normalization/how-it-works/), so `../` would never be
 * seen there, while the origin gets the path as sent ("Normalize URLs to origin" is off by default).
 */
function attackOperand(requestField: RequestField): Operand {
  return requestField.type === 'path' ? field('raw.http.request.uri.path') : fieldOperand(requestField);
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
