import { acceptsTlsBelow12, isHstsMaxAgeTooShort, MIN_HSTS_MAX_AGE_SECONDS, sendsPlaintextToOrigin } from '../policy/invariants';
import type { Policy } from '../policy/model';
import type { ZoneProblem } from './compile-zone';

/**
 * What CloudflareZoneHardening refuses of the profile's transport security, in every environment,
 * as the AWS constructs refuse it: a TLS floor below 1.2 and an HSTS max-age under one year (the
 * same words as theirs), and an SSL mode that reaches the origin in plaintext (AWS has none).
 */
export function zoneTlsProblems(policy: Policy): ZoneProblem[] {
  const { tls, cloudflare } = policy;
  return [
    ...(acceptsTlsBelow12(tls.minVersion)
      ? [{ field: 'tls.minVersion', message: `TLS ${tls.minVersion} is not deployed: allowed are "1.2" (TLS 1.3 and 1.2) and "1.3" (TLS 1.3 only)` }]
      : []),
    ...(isHstsMaxAgeTooShort(tls.hsts.maxAgeSeconds)
      ? [{ field: 'tls.hsts.maxAgeSeconds', message: `${tls.hsts.maxAgeSeconds} s is under one year; set ${MIN_HSTS_MAX_AGE_SECONDS} or more` }]
      : []),
    ...(sendsPlaintextToOrigin(cloudflare.sslMode)
      ? [
          {
            field: 'cloudflare.sslMode',
            message: `"${cloudflare.sslMode}" sends requests to the origin in plaintext: allowed are "strict" (Full (strict), the origin certificate verified) and "full" (encrypted, unverified); set cloudflare.sslMode: strict`,
          },
        ]
      : []),
  ];
}
