import { describe, expect, it } from 'vitest';
import type { Condition, PolicyRule, RateKey } from '../../lib/policy/model';
import {
  countsNoFiner,
  enforcedRateLimits,
  isKeyedOnClientIp,
  isLoginRateLimit,
  isRateNoLooser,
  rateKeyName,
  rateLimitName,
  rateLimitProbes,
  type Rate,
} from '../../lib/policy/rate-limits';

const always: Condition = { type: 'always' };
const path = (operator: 'equals' | 'startsWith' | 'endsWith' | 'contains', value: string): Condition => ({
  type: 'string',
  field: { type: 'path' },
  operator,
  value,
  caseSensitive: true,
});

function rule(overrides: Partial<PolicyRule> = {}): PolicyRule {
  return {
    id: 'rate-api',
    description: 'API rate limit',
    kind: 'rate-limit',
    intent: 'block',
    match: always,
    rate: { limit: 100, windowSeconds: 60, keys: [{ type: 'ip' }] },
    coveredBy: [],
    implements: [],
    edges: ['aws', 'cloudflare'],
    source: 'waf.rateLimits[0]',
    ...overrides,
  };
}

const probes = (match: Condition) => rateLimitProbes(rule({ match })).map((request) => `${request.method} ${request.path}`);

describe('enforcedRateLimits', () => {
  it('keeps the rate limits of the edge that block or challenge', () => {
    const block = rule({ id: 'rate-block', intent: 'block' });
    const challenge = rule({ id: 'rate-challenge', intent: 'challenge' });
    expect(enforcedRateLimits([block, challenge], 'aws')).toEqual([block, challenge]);
  });

  it.each([
    ['a rule of another kind', rule({ kind: 'bad-bots' })],
    ['a rate limit without a rate', rule({ rate: undefined })],
    ['a rate limit of another edge only', rule({ edges: ['cloudflare'] })],
    ['a rate limit that only counts', rule({ intent: 'count' })],
    ['a rate limit that allows', rule({ intent: 'allow' })],
  ])('leaves out %s', (_name, candidate) => {
    expect(enforcedRateLimits([candidate], 'aws')).toEqual([]);
  });
});

describe('isKeyedOnClientIp', () => {
  it.each<[string, readonly RateKey[], boolean]>([
    ['the address alone', [{ type: 'ip' }], true],
    ['the address with a header', [{ type: 'header', name: 'x-api-key' }, { type: 'ip' }], true],
    ['a header only', [{ type: 'header', name: 'x-api-key' }], false],
    ['no key', [], false],
  ])('counting by %s: %s', (_name, keys, expected) => {
    expect(isKeyedOnClientIp(rule({ rate: { limit: 5, windowSeconds: 60, keys } }))).toBe(expected);
  });

  it('is false for a rule without a rate', () => {
    expect(isKeyedOnClientIp(rule({ rate: undefined }))).toBe(false);
  });
});

describe('isLoginRateLimit', () => {
  it('is true for a limit implementing the auth rate limit item and false for others', () => {
    expect(isLoginRateLimit(rule({ implements: ['authRateLimit'] }))).toBe(true);
    expect(isLoginRateLimit(rule({ implements: [] }))).toBe(false);
  });
});

describe('rateLimitName', () => {
  it('drops the leading rate- of the rule id only', () => {
    expect(rateLimitName(rule({ id: 'rate-auth' }))).toBe('auth');
    expect(rateLimitName(rule({ id: 'my-rate-limit' }))).toBe('my-rate-limit');
  });
});

describe('isRateNoLooser', () => {
  const required: Rate = { limit: 100, windowSeconds: 60 };
  it.each<[string, Rate, boolean]>([
    ['the same rate', { limit: 100, windowSeconds: 60 }, true],
    ['a lower limit over the same window', { limit: 99, windowSeconds: 60 }, true],
    ['a higher limit over the same window', { limit: 101, windowSeconds: 60 }, false],
    ['the same limit over a longer window', { limit: 100, windowSeconds: 300 }, true],
    ['a higher limit over a longer window', { limit: 101, windowSeconds: 300 }, false],
    ['a shorter window whose bursts fit exactly', { limit: 10, windowSeconds: 6 }, true],
    ['a shorter window whose bursts fit', { limit: 16, windowSeconds: 10 }, true],
    ['a shorter window whose bursts exceed the limit', { limit: 17, windowSeconds: 10 }, false],
    ['a shorter window that fits a partial window more', { limit: 12, windowSeconds: 7 }, false],
    ['a shorter window whose partial windows still fit', { limit: 11, windowSeconds: 7 }, true],
    ['a zero limit', { limit: 0, windowSeconds: 60 }, true],
    ['a negative limit', { limit: -1, windowSeconds: 60 }, false],
    ['a limit that is not a number', { limit: Number.NaN, windowSeconds: 60 }, false],
    ['an unbounded window with a higher limit', { limit: 101, windowSeconds: Number.POSITIVE_INFINITY }, false],
    ['an unbounded window with the same limit', { limit: 100, windowSeconds: Number.POSITIVE_INFINITY }, true],
    ['a zero window', { limit: 1, windowSeconds: 0 }, false],
    ['a negative window', { limit: 1, windowSeconds: -60 }, false],
    ['a window that is not a number', { limit: 1, windowSeconds: Number.NaN }, false],
  ])('%s is %s', (_name, actual, expected) => {
    expect(isRateNoLooser(actual, required)).toBe(expected);
  });
});

describe('rateLimitProbes', () => {
  it('probes the usual paths with GET and POST when the limit names no path or method', () => {
    expect(rateLimitProbes(rule())).toEqual(
      ['/', '/index.html', '/api/items', '/static/app.js', '/api/auth/login'].flatMap((p) => [
        { method: 'GET', path: p, host: 'example.com' },
        { method: 'POST', path: p, host: 'example.com' },
      ]),
    );
  });

  it('probes the paths and methods a limit lists', () => {
    const match: Condition = {
      type: 'all',
      conditions: [
        { type: 'in', field: { type: 'path' }, values: ['/login', '/signup'] },
        { type: 'in', field: { type: 'method' }, values: ['POST'] },
      ],
    };
    expect(probes(match)).toEqual(['POST /login', 'POST /signup']);
  });

  it('probes the paths of each alternative of an any', () => {
    expect(probes({ type: 'any', conditions: [path('equals', '/a'), path('equals', '/b')] })).toEqual(['GET /a', 'POST /a', 'GET /b', 'POST /b']);
  });

  it('probes a prefix and a path below it', () => {
    expect(probes(path('startsWith', '/api'))).toEqual(['GET /api', 'POST /api', 'GET /api/probe', 'POST /api/probe']);
    expect(probes(path('startsWith', '/api/'))).toEqual(['GET /api/', 'POST /api/', 'GET /api/probe', 'POST /api/probe']);
  });

  it('probes a path ending in a suffix and one containing a part', () => {
    expect(probes(path('endsWith', '.php'))).toEqual(['GET /probe.php', 'POST /probe.php']);
    expect(probes(path('contains', 'admin'))).toEqual(['GET /probe/admin/probe', 'POST /probe/admin/probe']);
  });

  it('probes a method a limit lists other than GET and POST', () => {
    const match: Condition = {
      type: 'all',
      conditions: [
        { type: 'in', field: { type: 'path' }, values: ['/items'] },
        { type: 'in', field: { type: 'method' }, values: ['PUT', 'DELETE'] },
      ],
    };
    expect(probes(match)).toEqual(['PUT /items', 'DELETE /items']);
  });

  it('probes only the method a limit names by string', () => {
    const match: Condition = {
      type: 'all',
      conditions: [path('equals', '/login'), { type: 'string', field: { type: 'method' }, operator: 'equals', value: 'PUT', caseSensitive: true }],
    };
    expect(probes(match)).toEqual(['PUT /login']);
  });

  it('ignores values of other fields when choosing paths and methods', () => {
    const hostIn: Condition = { type: 'in', field: { type: 'host' }, values: ['example.com'] };
    const hostEquals: Condition = { type: 'string', field: { type: 'host' }, operator: 'equals', value: 'example.com', caseSensitive: true };
    for (const host of [hostIn, hostEquals]) {
      expect(probes({ type: 'any', conditions: [host, path('equals', '/x')] })).toEqual(['GET /x', 'POST /x']);
    }
  });

  it('keeps only the probes the limit matches', () => {
    const match: Condition = { type: 'all', conditions: [path('startsWith', '/api'), { type: 'not', condition: path('equals', '/api') }] };
    expect(probes(match)).toEqual(['GET /api/probe', 'POST /api/probe']);
  });
});

describe('rateKeyName', () => {
  it.each<[RateKey, string]>([
    [{ type: 'ip' }, 'ip'],
    [{ type: 'header', name: 'X-API-Key' }, 'header:x-api-key'],
    [{ type: 'cookie', name: 'Session' }, 'cookie:Session'],
    [{ type: 'queryArg', name: 'Token' }, 'queryArg:Token'],
  ])('names %o as %s', (key, expected) => {
    expect(rateKeyName(key)).toBe(expected);
  });
});

describe('countsNoFiner', () => {
  const required: RateKey[] = [{ type: 'ip' }, { type: 'header', name: 'X-API-Key' }];
  it.each<[string, string[], boolean]>([
    ['no key', [], true],
    ['one of the keys', ['ip'], true],
    ['all the keys, header in any case', ['ip', 'header:x-api-key'], true],
    ['an extra key', ['ip', 'cookie:session'], false],
    ['another key only', ['header:authorization'], false],
  ])('counting by %s: %s', (_name, actual, expected) => {
    expect(countsNoFiner(actual, required)).toBe(expected);
  });
});
