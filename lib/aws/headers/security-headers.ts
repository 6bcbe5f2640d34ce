import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { HardeningValidationError } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { securityHeadersProblems } from './security-headers-problems';

// Pure, without aws-cdk-lib (the doctor runs them): kept in ./security-headers-problems, exported here as before.
export { MAX_CLOUDFRONT_CSP_LENGTH } from './security-headers-problems';

export interface SecurityHeadersProps extends PolicySourceProps {
  /**
   * Name of the response headers policy.
   * @default - a name CloudFormation generates
   */
  readonly responseHeadersPolicyName?: string;
}

/**
 * A CloudFront response headers policy rendered from the profile: HSTS, the CSP from its
 * directives, X-Frame-Options, X-Content-Type-Options, Referrer-Policy, X-XSS-Protection and
 * Permissions-Policy, all overriding the origin, plus CORS for the allowlisted origins.
 * Refuses HSTS under a year and a wildcard origin with credentials.
 */
export class SecurityHeaders extends Construct {
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;

  constructor(scope: Construct, id: string, props: SecurityHeadersProps = {}) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const { tls, headers, cors } = this.policy;
    const csp = headers.values['Content-Security-Policy'];
    const problems = securityHeadersProblems(this.policy);
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    const permissions = headers.values['Permissions-Policy'];
    const corsOrigins = cors.allowAnyOrigin ? ['*'] : [...cors.allowedOrigins];
    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'Resource', {
      ...(props.responseHeadersPolicyName !== undefined ? { responseHeadersPolicyName: props.responseHeadersPolicyName } : {}),
      comment: `Bulwark security headers for ${this.policy.name}`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(tls.hsts.maxAgeSeconds),
          includeSubdomains: tls.hsts.includeSubdomains,
          preload: tls.hsts.preload,
          override: true,
        },
        ...(csp !== undefined ? { contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } } : {}),
        contentTypeOptions: { override: true },
        frameOptions: {
          frameOption: headers.values['X-Frame-Options'] === 'DENY' ? cloudfront.HeadersFrameOption.DENY : cloudfront.HeadersFrameOption.SAMEORIGIN,
          override: true,
        },
        referrerPolicy: { referrerPolicy: headers.values['Referrer-Policy'] as cloudfront.HeadersReferrerPolicy, override: true },
        xssProtection:
          headers.values['X-XSS-Protection'] === '0' ? { protection: false, override: true } : { protection: true, modeBlock: true, override: true },
      },
      ...(permissions !== undefined
        ? { customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: permissions, override: true }] } }
        : {}),
      ...(corsOrigins.length > 0
        ? {
            corsBehavior: {
              accessControlAllowOrigins: corsOrigins,
              accessControlAllowCredentials: cors.allowCredentials,
              accessControlAllowMethods: [...cors.allowedMethods],
              accessControlAllowHeaders: [...cors.allowedHeaders],
              accessControlMaxAge: Duration.seconds(cors.maxAgeSeconds),
              originOverride: true,
            },
          }
        : {}),
    });
  }
}
