import { describe, expect, it } from 'vitest';
import {
  adminRateLimitDisabled,
  loginPathWithoutRateLimit,
  looseLoginRateLimit,
  noGeneralRateLimit,
  noPerIdentityRateLimit,
  rateLimitLeftToAws,
} from '../../../../lib/checks/doctor/rules/rate-limits';
import { violations } from './doctor-context';

/* The strict example's login paths are /api/auth/login and /api/auth/register, on the AWS and Cloudflare edges. */
const LOGIN = ['/api/auth/login', '/api/auth/register'];
const perUser = { name: 'per-user', key: { header: 'x-user-id' }, limit: 600, windowSeconds: 60 };
const auth = (settings: Record<string, unknown> = {}) => ({ name: 'auth', match: { paths: LOGIN }, limit: 5, windowSeconds: 60, ...settings });
const limits = (...rateLimits: Record<string, unknown>[]) => ({ rateLimits });

describe('loginPathWithoutRateLimit', () => {
  it('passes login paths limited per IP on every edge', () => {
    expect(violations(loginPathWithoutRateLimit)).toEqual([]);
    expect(violations(loginPathWithoutRateLimit, limits(auth()))).toEqual([]);
  });

  it('reports each login path on each edge without a per-IP limit', () => {
    expect(violations(loginPathWithoutRateLimit, limits(perUser))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login has no per-IP limit on aws' },
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login has no per-IP limit on cloudflare' },
      { path: 'auth.loginPaths[1]', observed: '/api/auth/register has no per-IP limit on aws' },
      { path: 'auth.loginPaths[1]', observed: '/api/auth/register has no per-IP limit on cloudflare' },
    ]);
  });

  it('reports only the edge the limit leaves out', () => {
    expect(violations(loginPathWithoutRateLimit, limits(auth({ edges: ['cloudflare'] })))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login has no per-IP limit on aws' },
      { path: 'auth.loginPaths[1]', observed: '/api/auth/register has no per-IP limit on aws' },
    ]);
  });

  it('counts a challenging limit, not a counting one', () => {
    expect(violations(loginPathWithoutRateLimit, limits(auth({ action: 'challenge' })))).toEqual([]);
    expect(violations(loginPathWithoutRateLimit, limits(auth({ action: 'count' })))).toHaveLength(4);
  });

  it('does not count a limit keyed by IP and an identity, which a client escapes by varying the identity', () => {
    expect(violations(loginPathWithoutRateLimit, limits(auth({ key: ['ip', { header: 'x-user-id' }] })))).toHaveLength(4);
  });

  it('does not count a limit that a POST to the path does not match', () => {
    expect(violations(loginPathWithoutRateLimit, limits(auth({ match: { paths: LOGIN, methods: ['GET'] } })))).toHaveLength(4);
    expect(violations(loginPathWithoutRateLimit, limits(auth({ match: { paths: ['/api/auth/login'] } })))).toEqual([
      { path: 'auth.loginPaths[1]', observed: '/api/auth/register has no per-IP limit on aws' },
      { path: 'auth.loginPaths[1]', observed: '/api/auth/register has no per-IP limit on cloudflare' },
    ]);
  });
});

describe('looseLoginRateLimit', () => {
  const awsOnly = (...rateLimits: Record<string, unknown>[]) => ({ edges: ['aws'], rateLimits, auth: { loginPaths: ['/api/auth/login'] } });

  it('passes 10 attempts a minute, and reports 11', () => {
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 10 })))).toEqual([]);
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 11 })))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on aws: tightest is rate-auth, 11 per 60 s' },
    ]);
  });

  it('counts a longer window as letting its whole limit through in the first minute', () => {
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 11, windowSeconds: 600 })))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on aws: tightest is rate-auth, 11 per 600 s' },
    ]);
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 10, windowSeconds: 3_600 })))).toEqual([]);
  });

  it('scales a window under a minute to a minute', () => {
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 5, windowSeconds: 30 })))).toEqual([]);
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 6, windowSeconds: 30 })))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on aws: tightest is rate-auth, 6 per 30 s' },
    ]);
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 1, windowSeconds: 6 })))).toEqual([]);
    expect(violations(looseLoginRateLimit, awsOnly(auth({ limit: 2, windowSeconds: 11 })))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on aws: tightest is rate-auth, 2 per 11 s' },
    ]);
  });

  it('judges the tightest per-IP limit on each edge, whichever order they come in', () => {
    const loose = { name: 'per-ip', limit: 1_000, windowSeconds: 300 };
    expect(violations(looseLoginRateLimit, awsOnly(loose, auth()))).toEqual([]);
    expect(violations(looseLoginRateLimit, awsOnly(auth(), loose))).toEqual([]);
    expect(violations(looseLoginRateLimit, awsOnly(loose))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on aws: tightest is rate-per-ip, 1000 per 300 s' },
    ]);
  });

  it('names the first of two equally loose limits as the tightest', () => {
    const fiveMinutes = { name: 'five-minutes', limit: 1_000, windowSeconds: 300 };
    const tenMinutes = { name: 'ten-minutes', limit: 1_000, windowSeconds: 600 };
    expect(violations(looseLoginRateLimit, awsOnly(fiveMinutes, tenMinutes))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on aws: tightest is rate-five-minutes, 1000 per 300 s' },
    ]);
    expect(violations(looseLoginRateLimit, awsOnly(tenMinutes, fiveMinutes))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on aws: tightest is rate-ten-minutes, 1000 per 600 s' },
    ]);
  });

  it('reports the edge where only the loose limit applies', () => {
    const loose = { name: 'per-ip', limit: 1_000, windowSeconds: 300 };
    expect(violations(looseLoginRateLimit, limits(loose, auth({ edges: ['aws'] })))).toEqual([
      { path: 'auth.loginPaths[0]', observed: '/api/auth/login on cloudflare: tightest is rate-per-ip, 1000 per 300 s' },
      { path: 'auth.loginPaths[1]', observed: '/api/auth/register on cloudflare: tightest is rate-per-ip, 1000 per 300 s' },
    ]);
  });

  it('leaves a path without any per-IP limit to loginPathWithoutRateLimit', () => {
    expect(violations(looseLoginRateLimit, limits(perUser))).toEqual([]);
  });
});

describe('noPerIdentityRateLimit', () => {
  it('passes a limit keyed by a header, a cookie or a query argument, alone or with the IP', () => {
    expect(violations(noPerIdentityRateLimit)).toEqual([]);
    for (const key of [{ cookie: 'session' }, { queryArg: 'api_key' }, ['ip', { header: 'x-user-id' }]])
      expect(violations(noPerIdentityRateLimit, limits(auth(), { name: 'per-id', key, limit: 600, windowSeconds: 60 }))).toEqual([]);
  });

  it('reports limits all keyed by IP, or none', () => {
    const found = [{ path: 'rateLimits', observed: 'every limit is keyed by IP only' }];
    expect(violations(noPerIdentityRateLimit, limits(auth(), { name: 'per-ip', limit: 1_000, windowSeconds: 300 }))).toEqual(found);
    expect(violations(noPerIdentityRateLimit, limits())).toEqual(found);
  });
});

describe('noGeneralRateLimit', () => {
  it('reports limits on the login paths only, or none', () => {
    const found = [{ path: 'rateLimits', observed: 'no limit outside the login paths' }];
    expect(violations(noGeneralRateLimit, limits(auth()))).toEqual(found);
    expect(violations(noGeneralRateLimit, limits())).toEqual(found);
  });

  it('passes a limit beyond the login paths', () => {
    expect(violations(noGeneralRateLimit)).toEqual([]);
    expect(violations(noGeneralRateLimit, limits(auth(), perUser))).toEqual([]);
  });
});

describe('adminRateLimitDisabled', () => {
  it('reports the admin rate limit off and passes it on', () => {
    expect(violations(adminRateLimitDisabled, { application: { adminRateLimit: false } })).toEqual([{ path: 'application.adminRateLimit', observed: 'false' }]);
    expect(violations(adminRateLimitDisabled, { application: { adminRateLimit: true } })).toEqual([]);
  });
});

describe('rateLimitLeftToAws', () => {
  const login = { name: 'login', match: { paths: ['/api/auth/login'], methods: ['POST'] }, limit: 5, windowSeconds: 60 };

  it('reports a limit the Cloudflare plan cannot carry, at the limit', () => {
    const [left, ...rest] = violations(rateLimitLeftToAws, limits(login));
    expect(rest).toEqual([]);
    expect(left.path).toBe('rateLimits[0]');
    expect(left.observed).toMatch(/^rate-login is enforced on AWS only: the pro plan cannot match it/);
  });

  it('passes limits the plan carries, and any limit without the Cloudflare edge', () => {
    expect(violations(rateLimitLeftToAws)).toEqual([]);
    expect(violations(rateLimitLeftToAws, { edges: ['aws'], ...limits(login) })).toEqual([]);
  });
});
