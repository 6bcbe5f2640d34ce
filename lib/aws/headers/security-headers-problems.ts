import type { HardeningProblem } from '../../core/hardening-validation-error';
import { allowsAnyOriginWithCredentials, isHstsMaxAgeTooShort, MIN_HSTS_MAX_AGE_SECONDS } from '../../policy/invariants';
import type { Policy } from '../../policy/model';

/** CloudFront's limit on the Content-Security-Policy value. */
export const MAX_CLOUDFRONT_CSP_LENGTH = 1_783;

/** What SecurityHeaders refuses in a policy: HSTS under a year, a wildcard origin with credentials, a CSP longer than CloudFront takes. */
export function securityHeadersProblems(policy: Policy): HardeningProblem[] {
  const { tls, headers, cors } = policy;
  const csp = headers.values['Content-Security-Policy'];
  return [
    ...(isHstsMaxAgeTooShort(tls.hsts.maxAgeSeconds)
      ? [{ field: 'tls.hsts.maxAgeSeconds', message: `${tls.hsts.maxAgeSeconds} s is under one year; set ${MIN_HSTS_MAX_AGE_SECONDS} or more` }]
      : []),
    ...(allowsAnyOriginWithCredentials(cors)
      ? [{ field: 'cors.allowedOrigins', message: '"*" with allowCredentials: true lets any site make credentialed requests; list the origins instead' }]
      : []),
    ...(csp !== undefined && csp.length > MAX_CLOUDFRONT_CSP_LENGTH
      ? [{ field: 'headers.contentSecurityPolicy', message: `renders to ${csp.length} characters; CloudFront accepts at most ${MAX_CLOUDFRONT_CSP_LENGTH}` }]
      : []),
  ];
}
