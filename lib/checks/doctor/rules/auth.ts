import { formatDuration } from '../../../profile/duration';
import { violationIf, type DoctorRule, type Violation } from '../doctor-rule';

export const MIN_JWT_SECRET_BYTES = 64;
export const MAX_ACCESS_TOKEN_SECONDS = 15 * 60;
export const MAX_REFRESH_TOKEN_SECONDS = 7 * 86_400;

/** Signing material shorter than 64 random bytes, in the JWT settings or a generated signing secret. */
export const jwtSecretTooShort: DoctorRule = ({ profile }) => {
  const { jwt } = profile.auth;
  const found: Violation[] = violationIf(jwt.secretBytes < MIN_JWT_SECRET_BYTES, 'auth.jwt.secretBytes', `${jwt.secretBytes} bytes (${jwt.algorithm})`);
  profile.secrets.items.forEach((item, index) => {
    if (isSigningSecret(item.name) && item.generate && item.generate.bytes < MIN_JWT_SECRET_BYTES) {
      found.push({ path: `secrets.items[${index}].generate.bytes`, observed: `${item.name}: ${item.generate.bytes} bytes` });
    }
  });
  return found;
};

export const accessTokenTooLong: DoctorRule = ({ policy }) =>
  violationIf(policy.auth.jwt.accessTokenTtlSeconds > MAX_ACCESS_TOKEN_SECONDS, 'auth.jwt.accessTokenTtl', formatDuration(policy.auth.jwt.accessTokenTtlSeconds));

export const refreshTokenTooLong: DoctorRule = ({ policy }) =>
  violationIf(policy.auth.jwt.refreshTokenTtlSeconds > MAX_REFRESH_TOKEN_SECONDS, 'auth.jwt.refreshTokenTtl', formatDuration(policy.auth.jwt.refreshTokenTtlSeconds));

/** A shared HMAC secret while several services verify tokens. */
export const symmetricJwtAcrossServices: DoctorRule = ({ profile, policy }) =>
  violationIf(profile.auth.jwt.algorithm.startsWith('HS') && policy.secrets.services.length > 1, 'auth.jwt.algorithm', `${profile.auth.jwt.algorithm} with ${policy.secrets.services.length} services`);

export const noLockout: DoctorRule = ({ profile }) => violationIf(!profile.auth.lockout.enabled, 'auth.lockout.enabled', 'false');

export const lenientTokenValidation: DoctorRule = ({ profile }) =>
  violationIf(!profile.application.strictTokenValidation, 'application.strictTokenValidation', 'false');

function isSigningSecret(name: string): boolean {
  return /JWT|SIGNING|SECRET_KEY$/.test(name);
}
