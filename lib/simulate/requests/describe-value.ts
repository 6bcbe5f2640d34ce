import { mayHoldRequestSecret, mayHoldSecret } from '../../core/secret-patterns';

/** What a problem message says in place of a value it must not echo. */
export const HIDDEN_VALUE = '(value hidden)';

const MAX_SHOWN_CHARACTERS = 60;

/**
 * A value received in a requests file, as a problem message may quote it: strings truncated
 * and JSON-quoted (control characters escaped, so a message cannot drive the terminal), objects
 * and arrays named by their type, and anything that may be a secret hidden: `hidden` (a body,
 * an Authorization header) or text with a credential's shape.
 */
export function describeValue(value: unknown, hidden = false): string {
  if (hidden) return HIDDEN_VALUE;
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') return `a ${typeof value}`;
  if (mayHoldRequestSecret(value)) return HIDDEN_VALUE;
  const characters = Array.from(value.slice(0, MAX_SHOWN_CHARACTERS * 2));
  const shown =
    characters.length > MAX_SHOWN_CHARACTERS || value.length > MAX_SHOWN_CHARACTERS * 2 ? `${characters.slice(0, MAX_SHOWN_CHARACTERS).join('')}…` : value;
  return JSON.stringify(shown);
}

/** A field or header name for a message: quoted, truncated, and hidden if it has a credential's shape. */
export function describeName(name: string): string {
  return mayHoldSecret(name) ? '(name hidden)' : describeValue(name);
}
