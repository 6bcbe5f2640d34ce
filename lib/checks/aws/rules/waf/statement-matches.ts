import { RE2JS } from 're2js';
import { isDataObject, isIntrinsic } from '../../../../aws/core/app-index';
import type { PolicyRequest } from '../../../../policy/evaluate';

/** Whether a WAF statement matches a request: true, false, unknown (a statement this model does not evaluate) or unresolved (a deploy-time value). */
export type StatementMatch = boolean | 'unknown' | 'unresolved';

/**
 * Evaluates a resolved WAF statement against a request for the statements a rate limit's scope
 * is written with: byte and regex matches on the path, the method and single headers, and their
 * and, or and not. Anything else is unknown, which never proves a match.
 */
export function statementMatches(statement: unknown, request: PolicyRequest): StatementMatch {
  if (isIntrinsic(statement)) return 'unresolved';
  if (!isDataObject(statement)) return 'unknown';
  const [kind, body] = Object.entries(statement)[0] ?? [];
  if (isIntrinsic(body)) return 'unresolved';
  if (!isDataObject(body)) return 'unknown';
  switch (kind) {
    case 'andStatement':
    case 'orStatement': {
      const statements = body.statements;
      if (isIntrinsic(statements)) return 'unresolved';
      if (!Array.isArray(statements)) return 'unknown';
      const results = statements.map((s) => statementMatches(s, request));
      const decisive = kind === 'andStatement' ? false : true;
      if (results.includes(decisive)) return decisive;
      if (results.includes('unresolved')) return 'unresolved';
      return results.includes('unknown') ? 'unknown' : !decisive;
    }
    case 'notStatement': {
      const inner = statementMatches(body.statement, request);
      return typeof inner === 'boolean' ? !inner : inner;
    }
    case 'byteMatchStatement':
    case 'regexMatchStatement': {
      if ([body.fieldToMatch, body.searchString, body.regexString, body.positionalConstraint, body.textTransformations].some(isIntrinsic)) return 'unresolved';
      const value = fieldValue(body.fieldToMatch, request);
      if (value === undefined) return 'unknown';
      const subject = transform(value, body.textTransformations);
      if (subject === undefined) return 'unknown';
      if (kind === 'regexMatchStatement') {
        if (typeof body.regexString !== 'string') return 'unknown';
        try {
          // RE2 (linear time, as AWS WAF's own engine): the pattern is the template's, not ours.
          return RE2JS.compile(body.regexString).matcher(subject).find();
        } catch {
          return 'unknown';
        }
      }
      if (typeof body.searchString !== 'string') return 'unknown';
      return positional(subject, body.searchString, body.positionalConstraint);
    }
    default:
      return 'unknown';
  }
}

function fieldValue(field: unknown, request: PolicyRequest): string | undefined {
  if (!isDataObject(field)) return undefined;
  if ('uriPath' in field) return request.path;
  if ('method' in field) return request.method;
  if (isDataObject(field.singleHeader)) {
    const name = field.singleHeader.Name ?? field.singleHeader.name;
    if (typeof name !== 'string') return undefined;
    if (name.toLowerCase() === 'host') return request.host ?? '';
    return request.headers?.[name.toLowerCase()] ?? '';
  }
  return undefined;
}

/** The field after its text transformations; undefined for a transformation that could change a probe beyond case. */
function transform(value: string, transformations: unknown): string | undefined {
  if (transformations === undefined) return value;
  if (!Array.isArray(transformations)) return undefined;
  let subject = value;
  for (const t of [...(transformations as unknown[])].sort(
    (a, b) => Number((a as { priority?: unknown }).priority) - Number((b as { priority?: unknown }).priority),
  )) {
    const type = (t as { type?: unknown }).type;
    if (type === 'LOWERCASE') subject = subject.toLowerCase();
    else if (type === 'NONE' || type === 'URL_DECODE' || type === 'URL_DECODE_UNI' || type === 'COMPRESS_WHITE_SPACE')
      continue; // probes hold no escapes or runs of spaces
    else return undefined;
  }
  return subject;
}

function positional(subject: string, search: string, constraint: unknown): StatementMatch {
  switch (constraint) {
    case 'EXACTLY':
      return subject === search;
    case 'STARTS_WITH':
      return subject.startsWith(search);
    case 'ENDS_WITH':
      return subject.endsWith(search);
    case 'CONTAINS':
      return subject.includes(search);
    default:
      return 'unknown';
  }
}
