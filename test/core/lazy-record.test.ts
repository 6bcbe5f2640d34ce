import { describe, expect, it } from 'vitest';
import { lazyRecord } from '../../lib/core/lazy-record';

describe('lazyRecord', () => {
  it('makes a value on its first read only, and gives the same value after', () => {
    const made: string[] = [];
    const record = lazyRecord(['a', 'b'], (key) => {
      made.push(key);
      return { key };
    });
    expect(Object.keys(record)).toEqual(['a', 'b']);
    expect(made).toEqual([]);
    const first = record.a;
    expect(record.a).toBe(first);
    expect(made).toEqual(['a']);
    expect(record.b).toEqual({ key: 'b' });
    expect(made).toEqual(['a', 'b']);
  });

  it('is read-only and has no other keys', () => {
    const record = lazyRecord(['a'], () => 1);
    expect(Object.isFrozen(record)).toBe(true);
    expect(() => {
      (record as Record<string, number>).c = 2;
    }).toThrow(TypeError);
    expect('c' in record).toBe(false);
  });
});
