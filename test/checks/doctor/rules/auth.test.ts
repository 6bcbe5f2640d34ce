import { describe, expect, it } from 'vitest';
import {
  accessTokenTooLong,
  jwtSecretTooShort,
  lenientLockout,
  lenientTokenValidation,
  noLockout,
  refreshTokenTooLong,
  secretKeyTooShort,
  symmetricJwtAcrossServices,
} from '../../../../lib/checks/doctor/rules/auth';
import { violations } from './doctor-context';

const jwt = (settings: Record<string, unknown>) => ({ auth: { jwt: settings } });
const item = (name: string, generate: Record<string, unknown>) => ({ secrets: { items: [{ name, service: 'gateway', generate }] } });

describe('jwtSecretTooShort', () => {
  it('reports an HMAC secret under 64 bytes, not at 64', () => {
    expect(violations(jwtSecretTooShort, jwt({ algorithm: 'HS512', secretBytes: 63 }))).toEqual([
      { path: 'auth.jwt.secretBytes', observed: '63 bytes (HS512)' },
    ]);
    expect(violations(jwtSecretTooShort, jwt({ algorithm: 'HS256', secretBytes: 64 }))).toEqual([]);
    expect(violations(jwtSecretTooShort, jwt({ algorithm: 'HS256', secretBytes: 65 }))).toEqual([]);
  });

  it('does not judge the secret length of an asymmetric algorithm', () => {
    expect(violations(jwtSecretTooShort, jwt({ algorithm: 'RS256', secretBytes: 32 }))).toEqual([]);
  });

  it('reports a generated JWT or signing secret under 64 bytes at its item, not at 64', () => {
    expect(violations(jwtSecretTooShort, item('JWT_SECRET', { bytes: 63 }))).toEqual([
      { path: 'secrets.items[0].generate.bytes', observed: 'JWT_SECRET: 63 bytes' },
    ]);
    expect(violations(jwtSecretTooShort, item('WEBHOOK_SIGNING_KEY', { bytes: 32 }))).toEqual([
      { path: 'secrets.items[0].generate.bytes', observed: 'WEBHOOK_SIGNING_KEY: 32 bytes' },
    ]);
    expect(violations(jwtSecretTooShort, item('JWT_SECRET', { bytes: 64 }))).toEqual([]);
  });

  it('does not judge other generated secrets, nor JWT secrets that are not generated', () => {
    expect(violations(jwtSecretTooShort, item('API_KEY', { bytes: 16 }))).toEqual([]);
    expect(violations(jwtSecretTooShort, { secrets: { items: [{ name: 'JWT_SECRET', service: 'gateway' }] } })).toEqual([]);
  });

  it('reports the JWT settings and the item together, at their index', () => {
    const patch = {
      ...jwt({ algorithm: 'HS384', secretBytes: 32 }),
      secrets: {
        items: [
          { name: 'API_KEY', service: 'gateway' },
          { name: 'JWT_SECRET', service: 'gateway', generate: { bytes: 48 } },
        ],
      },
    };
    expect(violations(jwtSecretTooShort, patch)).toEqual([
      { path: 'auth.jwt.secretBytes', observed: '32 bytes (HS384)' },
      { path: 'secrets.items[1].generate.bytes', observed: 'JWT_SECRET: 48 bytes' },
    ]);
  });
});

describe('secretKeyTooShort', () => {
  it('counts two hex characters a byte: the 16 bytes the schema allows at least are exactly 32', () => {
    expect(violations(secretKeyTooShort, item('SECRET_KEY', { bytes: 16, encoding: 'hex' }))).toEqual([]);
  });

  it('counts base64 characters in padded groups of four: 24 bytes are 32, 22 bytes are 32, 21 bytes are 28', () => {
    expect(violations(secretKeyTooShort, item('APP_SECRET_KEY', { bytes: 24, encoding: 'base64' }))).toEqual([]);
    expect(violations(secretKeyTooShort, item('APP_SECRET_KEY', { bytes: 22, encoding: 'base64' }))).toEqual([]);
    expect(violations(secretKeyTooShort, item('APP_SECRET_KEY', { bytes: 21, encoding: 'base64' }))).toEqual([
      { path: 'secrets.items[0].generate.bytes', observed: 'APP_SECRET_KEY: 28 characters' },
    ]);
    expect(violations(secretKeyTooShort, item('SECRET_KEY', { bytes: 16, encoding: 'base64' }))).toEqual([
      { path: 'secrets.items[0].generate.bytes', observed: 'SECRET_KEY: 24 characters' },
    ]);
  });

  it('judges only generated secrets whose name ends in SECRET_KEY', () => {
    expect(violations(secretKeyTooShort, item('SECRET_KEY_OLD', { bytes: 16, encoding: 'base64' }))).toEqual([]);
    expect(violations(secretKeyTooShort, { secrets: { items: [{ name: 'SECRET_KEY', service: 'gateway' }] } })).toEqual([]);
  });
});

describe('lenientLockout', () => {
  it('reports more than 10 failures before lockout, not 10', () => {
    expect(violations(lenientLockout, { auth: { lockout: { maxFailures: 11 } } })).toEqual([{ path: 'auth.lockout.maxFailures', observed: '11 failures' }]);
    expect(violations(lenientLockout, { auth: { lockout: { maxFailures: 10 } } })).toEqual([]);
    expect(violations(lenientLockout, { auth: { lockout: { maxFailures: 9 } } })).toEqual([]);
  });

  it('does not judge the failures of a lockout that is off', () => {
    expect(violations(lenientLockout, { auth: { lockout: { enabled: false, maxFailures: 50 } } })).toEqual([]);
  });
});

describe('token lifetimes', () => {
  it('reports access tokens over 15 minutes, not at 15 minutes', () => {
    expect(violations(accessTokenTooLong, jwt({ accessTokenTtl: '901s' }))).toEqual([{ path: 'auth.jwt.accessTokenTtl', observed: '901s' }]);
    expect(violations(accessTokenTooLong, jwt({ accessTokenTtl: '16m' }))).toEqual([{ path: 'auth.jwt.accessTokenTtl', observed: '16m' }]);
    expect(violations(accessTokenTooLong, jwt({ accessTokenTtl: '900s' }))).toEqual([]);
    expect(violations(accessTokenTooLong, jwt({ accessTokenTtl: '899s' }))).toEqual([]);
  });

  it('reports refresh tokens over 7 days, not at 7 days', () => {
    expect(violations(refreshTokenTooLong, jwt({ refreshTokenTtl: '604801s' }))).toEqual([{ path: 'auth.jwt.refreshTokenTtl', observed: '604801s' }]);
    expect(violations(refreshTokenTooLong, jwt({ refreshTokenTtl: '30d' }))).toEqual([{ path: 'auth.jwt.refreshTokenTtl', observed: '30d' }]);
    expect(violations(refreshTokenTooLong, jwt({ refreshTokenTtl: '7d' }))).toEqual([]);
    expect(violations(refreshTokenTooLong, jwt({ refreshTokenTtl: '604799s' }))).toEqual([]);
  });
});

describe('symmetricJwtAcrossServices', () => {
  it('reports an HMAC algorithm shared by several services, counting them', () => {
    expect(violations(symmetricJwtAcrossServices, jwt({ algorithm: 'HS256' }))).toEqual([{ path: 'auth.jwt.algorithm', observed: 'HS256 with 2 services' }]);
  });

  it('passes an HMAC algorithm with one service, and an asymmetric one with several', () => {
    const one = {
      ...jwt({ algorithm: 'HS256' }),
      secrets: { items: [{ name: 'API_KEY', service: 'gateway' }], services: [{ name: 'gateway', reads: ['gateway/*'] }] },
    };
    expect(violations(symmetricJwtAcrossServices, one)).toEqual([]);
    expect(violations(symmetricJwtAcrossServices, jwt({ algorithm: 'ES256' }))).toEqual([]);
  });
});

describe('lockout and token validation switches', () => {
  it('reports lockout off and passes it on', () => {
    expect(violations(noLockout, { auth: { lockout: { enabled: false } } })).toEqual([{ path: 'auth.lockout.enabled', observed: 'false' }]);
    expect(violations(noLockout, { auth: { lockout: { enabled: true } } })).toEqual([]);
  });

  it('reports lenient token validation and passes strict', () => {
    expect(violations(lenientTokenValidation, { application: { strictTokenValidation: false } })).toEqual([
      { path: 'application.strictTokenValidation', observed: 'false' },
    ]);
    expect(violations(lenientTokenValidation, { application: { strictTokenValidation: true } })).toEqual([]);
  });
});
