import { describe, expect, it } from 'vitest';
import { appendHeader, ensureHostHeader, newHeaderMap } from '../../../lib/simulate/requests/request-headers';

describe('request headers', () => {
  it('lower-cases names and keeps every value of a repeated header in order', () => {
    const headers = newHeaderMap();
    appendHeader(headers, 'X-A', '1');
    appendHeader(headers, 'x-a', '2');
    expect({ ...headers }).toEqual({ 'x-a': ['1', '2'] });
  });

  it('has no inherited members, so toString or __proto__ is only a header', () => {
    const headers = newHeaderMap();
    expect(headers.toString).toBeUndefined();
    appendHeader(headers, '__proto__', 'x');
    expect(headers.__proto__).toEqual(['x']);
  });

  it('adds a Host header from the host only when none was sent', () => {
    const headers = newHeaderMap();
    ensureHostHeader(headers, 'a.example');
    ensureHostHeader(headers, 'b.example');
    ensureHostHeader(newHeaderMap(), '');
    expect(headers.host).toEqual(['a.example']);
  });
});
