import { describe, expect, it } from 'vitest';
import { describeName, describeValue } from '../../../lib/simulate/requests/describe-value';

describe('describeValue', () => {
  it('quotes strings with control characters escaped, and names other types', () => {
    expect(describeValue('a\u001b[2Jb')).toBe('"a\\u001b[2Jb"');
    expect(describeValue(5)).toBe('5');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
  });

  it('hides what is marked secret and what has a credential shape', () => {
    expect(describeValue('harmless', true)).toBe('(value hidden)');
    expect(describeValue('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toBe('(value hidden)');
    expect(describeName('AKIAABCDEFGHIJKLMNOP')).toBe('(name hidden)');
  });
});
