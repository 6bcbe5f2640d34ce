import { formatDuration } from '../../../profile/duration';
import type { Violation } from '../../violation';
import { violationIf, type DoctorRule } from '../doctor-rule';

export const MIN_JWT_SECRET_BYTES = 64;
export const MAX_ACCESS_TOKEN_SECONDS = 15 * 60;
export const MAX_REFRESH_TOKEN_SECONDS = 7 * 86_400;

/** HMAC signing material shorter than 64 random bytes, in the JWT settings or a generated JWT/signing secret. */
export const jwtSecretTooShort: DoctorRule = ({ profile }) => {
  const { jwt } = profile.auth;
  const hmac = jwt.algorithm.startsWith('HS');
  const found: Violation[] = violationIf(hmac && jwt.secretBytes < MIN_JWT_SECRET_BYTES, 'auth.jwt.secretBytes', `${jwt.secretBytes} bytes (${jwt.algorithm})`);
  profile.secrets.items.forEach((item, index) => {
    if (/JWT|SIGNING/.test(item.name) && item.generate && item.generate.bytes < MIN_JWT_SECRET_BYTES) {
      found.push({ path: `secrets.items[${index}].generate.bytes`, observed: `${item.name}: ${item.generate.bytes} bytes` });
    }
  });
  return found;
};

/** Seed 004: an application SECRET_KEY of at least 32 characters. */
export const MIN_SECRET_KEY_CHARACTERS = 32;

/** A generated *SECRET_KEY whose encoded value is shorter than 32 characters. */
export const secretKeyTooShort: DoctorRule = ({ profile }) =>
  profile.secrets.items.flatMap((item, index) => {
    if (!/SECRET_KEY$/.test(item.name) || !item.generate) return [];
    const characters = item.generate.encoding === 'hex' ? item.generate.bytes * 2 : Math.ceil(item.generate.bytes / 3) * 4;
    return violationIf(characters < MIN_SECRET_KEY_CHARACTERS, `secrets.items[${index}].generate.bytes`, `${item.name}: ${characters} characters`);
  });

export const MAX_LOCKOUT_FAILURES = 10;

export const lenientLockout: DoctorRule = ({ profile }) =>
  violationIf(
    profile.auth.lockout.enabled && profile.auth.lockout.maxFailures > MAX_LOCKOUT_FAILURES,
    'auth.lockout.maxFailures',
    `${profile.auth.lockout.maxFailures} failures`,
  );

export const accessTokenTooLong: DoctorRule = ({ policy }) =>
  violationIf(
    policy.auth.jwt.accessTokenTtlSeconds > MAX_ACCESS_TOKEN_SECONDS,
    'auth.jwt.accessTokenTtl',
    formatDuration(policy.auth.jwt.accessTokenTtlSeconds),
  );

export const refreshTokenTooLong: DoctorRule = ({ policy }) =>
  violationIf(
    policy.auth.jwt.refreshTokenTtlSeconds > MAX_REFRESH_TOKEN_SECONDS,
    'auth.jwt.refreshTokenTtl',
    formatDuration(policy.auth.jwt.refreshTokenTtlSeconds),
  );

/** A shared HMAC secret while several services verify tokens. */
export const symmetricJwtAcrossServices: DoctorRule = ({ profile, policy }) =>
  violationIf(
    profile.auth.jwt.algorithm.startsWith('HS') && policy.secrets.services.length > 1,
    'auth.jwt.algorithm',
    `${profile.auth.jwt.algorithm} with ${policy.secrets.services.length} services`,
  );

export const noLockout: DoctorRule = ({ profile }) => violationIf(!profile.auth.lockout.enabled, 'auth.lockout.enabled', 'false');

export const lenientTokenValidation: DoctorRule = ({ profile }) =>
  violationIf(!profile.application.strictTokenValidation, 'application.strictTokenValidation', 'false');
