import { describe, expect, it } from 'vitest';
import { mergeProfileInput } from '../../lib/tooling';

describe('mergeProfileInput', () => {
  it('merges objects key by key', () => {
    expect(mergeProfileInput({ tls: { minVersion: '1.2', hsts: { preload: true } } }, { tls: { hsts: { maxAgeSeconds: 1 } } })).toEqual({
      tls: { minVersion: '1.2', hsts: { preload: true, maxAgeSeconds: 1 } },
    });
  });

  it('replaces arrays whole', () => {
    expect(mergeProfileInput({ edges: ['aws', 'cloudflare'] }, { edges: ['aws'] })).toEqual({ edges: ['aws'] });
  });

  it('removes a key set to null', () => {
    expect(mergeProfileInput({ csp: { 'script-src': ['a'], 'img-src': ['b'] } }, { csp: { 'script-src': null } })).toEqual({ csp: { 'img-src': ['b'] } });
  });

  it('keeps the base where the override is silent and does not change its inputs', () => {
    const base = { a: { b: 1 } };
    const merged = mergeProfileInput(base, { c: 2 });
    expect(merged).toEqual({ a: { b: 1 }, c: 2 });
    expect(base).toEqual({ a: { b: 1 } });
  });
});

describe('mergeProfileInput over missing sections', () => {
  it('drops nulls inside a patch for a section the base lacks (RFC 7396)', () => {
    expect(mergeProfileInput({}, { mcp: { enabled: true, audience: null } })).toEqual({ mcp: { enabled: true } });
  });
});
