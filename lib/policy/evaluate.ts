import type { RE2JS } from 're2js';
import { cidrContains } from '../profile/cidr';
import type { AttackClass, Condition, PolicyRule, RequestField } from './model';
import { lowerAscii } from '../core/lower-ascii';

/** The request model conditions are evaluated against. Header names are lowercase. */
export interface PolicyRequest {
  readonly method: string;
  readonly path: string;
  readonly host?: string;
  /** The raw query string, without the leading `?`. */
  readonly query?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly sourceIp?: string;
  /** ISO 3166-1 alpha-2 country of the source. */
  readonly country?: string;
}

/**
 * Signatures the reference evaluator uses for attack classes, after up to two URL decodings.
 * On RE2 (linear time): the request text is the attacker's, and `union … select` backtracks
 * quadratically in JavaScript's engine on a body of repeated "union".
 */
const ATTACK_SOURCES: Readonly<Record<AttackClass, { source: string; ignoreCase: boolean }>> = {
  sqlInjection: {
    source: String.raw`\bunion\b[\s\S]*\bselect\b|\bselect\b[\s\S]+\bfrom\b|\binsert\s+into\b|\bdelete\s+from\b|\bdrop\s+table\b|'\s*or\s+'?[\w]*'?\s*=|\bor\s+1\s*=\s*1\b|;\s*--|'\s*--`,
    ignoreCase: true,
  },
  crossSiteScripting: { source: String.raw`<\s*script|javascript\s*:|\bon(?:error|load|click|mouseover|focus)\s*=|<\s*iframe|<\s*svg\b`, ignoreCase: true },
  pathTraversal: { source: String.raw`(?:^|[\\/=&?])\.\.(?:[\\/]|$)`, ignoreCase: false },
};
const attackPatterns = new Map<AttackClass, RE2JS>();

/** The compiled signature of an attack class, on first use (apps that never evaluate do not load RE2). */
function attackPattern(attack: AttackClass): RE2JS {
  let pattern = attackPatterns.get(attack);
  if (pattern === undefined) {
    const { RE2JS: Re2 } = require('re2js') as typeof import('re2js');
    const { source, ignoreCase } = ATTACK_SOURCES[attack];
    pattern = Re2.compile(source, ignoreCase ? Re2.CASE_INSENSITIVE : 0);
    attackPatterns.set(attack, pattern);
  }
  return pattern;
}

/** Whether a request satisfies a condition. */
export function evaluateCondition(condition: Condition, request: PolicyRequest): boolean {
  switch (condition.type) {
    case 'always':
      return true;
    case 'all':
      return condition.conditions.every((c) => evaluateCondition(c, request));
    case 'any':
      return condition.conditions.some((c) => evaluateCondition(c, request));
    case 'not':
      return !evaluateCondition(condition.condition, request);
    case 'string': {
      const value = fieldValue(condition.field, request);
      if (value === undefined) return false;
      const subject = condition.caseSensitive ? value : lowerAscii(value);
      const target = condition.caseSensitive ? condition.value : lowerAscii(condition.value);
      switch (condition.operator) {
        case 'equals':
          return subject === target;
        case 'startsWith':
          return subject.startsWith(target);
        case 'endsWith':
          return subject.endsWith(target);
        case 'contains':
          return subject.includes(target);
      }
      return false;
    }
    case 'in': {
      const value = fieldValue(condition.field, request);
      return value !== undefined && condition.values.includes(value);
    }
    case 'sourceIp':
      return request.sourceIp !== undefined && condition.cidrs.some((cidr) => cidrContains(cidr, request.sourceIp ?? ''));
    case 'country':
      return request.country !== undefined && condition.codes.includes(request.country.toUpperCase());
    case 'attack':
      return condition.fields.some((field) => {
        const value = fieldValue(field, request);
        return value !== undefined && decodings(value).some((text) => attackPattern(condition.attack).matcher(text).find());
      });
  }
}

/** The rules whose match condition a request satisfies, in policy order. */
export function matchingRules(rules: readonly PolicyRule[], request: PolicyRequest): PolicyRule[] {
  return rules.filter((rule) => evaluateCondition(rule.match, request));
}

function fieldValue(field: RequestField, request: PolicyRequest): string | undefined {
  switch (field.type) {
    case 'method':
      return request.method.toUpperCase();
    case 'host':
      return request.host;
    case 'path':
      return request.path;
    case 'query':
      return request.query;
    case 'body':
      return request.body;
    case 'userAgent':
      return request.headers?.['user-agent'];
    case 'header':
      return request.headers?.[field.name];
    case 'cookie':
      return cookieValue(request.headers?.cookie, field.name);
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The text as sent, decoded once and decoded twice (double-encoding evasion). */
function decodings(text: string): string[] {
  const once = safeDecode(text);
  return [text, once, safeDecode(once)];
}

/**
 * URL decoding as a WAF does it: each run of valid `%XX` escapes is decoded (as UTF-8, else byte by
 * byte), and a stray `%` stays as sent, so one malformed escape does not hide the escapes around it.
 */
function safeDecode(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}
