import { Annotations, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { cloudFrontSecurityPolicy, tlsProblems } from '../tls/ssl-policy';
import type { IWebAcl } from '../waf/web-acl-base';
import { SecurityHeaders } from './security-headers';
import { WebAclScope } from '../waf/web-acl-scope';

export interface HardenedDistributionProps extends PolicySourceProps {
  /** Where CloudFront fetches content. */
  readonly origin: cloudfront.IOrigin;
  /**
   * Certificate (in us-east-1) for `domainNames`; without one CloudFront serves its default certificate, which allows TLS 1.0.
   * @default - the *.cloudfront.net certificate (a warning annotation)
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Alternate domain names.
   * @default - none
   */
  readonly domainNames?: string[];
  /**
   * A CLOUDFRONT-scope Web ACL (HardenedWebAcl in us-east-1).
   * @default - none (the Bulwark checks flag a distribution without one)
   */
  readonly webAcl?: IWebAcl;
  /**
   * Response headers for every response.
   * @default - a SecurityHeaders policy from the profile
   */
  readonly responseHeadersPolicy?: cloudfront.IResponseHeadersPolicy;
  /**
   * Bucket for standard access logs.
   * @default - a new bucket: SSE-S3, TLS-only, no public access, ACLs for the CloudFront log writer, logs expire after the profile's log retention
   */
  readonly logBucket?: s3.IBucket;
  /**
   * The rest of the default behavior: allowed methods (an API needs POST for its login paths to
   * reach the origin and its rate limits), cache and origin request policies, functions. Bulwark
   * sets the origin (`origin`), the redirect to HTTPS and the response headers (the
   * `responseHeadersPolicy` prop): a `viewerProtocolPolicy` or `responseHeadersPolicy` here is
   * refused.
   * @default - aws-cdk-lib's: GET and HEAD, the CachingOptimized policy
   */
  readonly defaultBehavior?: cloudfront.AddBehaviorOptions;
  /**
   * More behaviors by path pattern, each with its origin, redirecting to HTTPS and sending the
   * response headers; as for `defaultBehavior`, a `viewerProtocolPolicy` or
   * `responseHeadersPolicy` in one is refused.
   * @default - none
   */
  readonly additionalBehaviors?: { [pathPattern: string]: cloudfront.BehaviorOptions };
}

/**
 * A CloudFront distribution hardened from the profile: minimum viewer TLS from tls.minVersion,
 * HTTP redirected to HTTPS, the security headers, the Web ACL and access logging.
 */
export class HardenedDistribution extends Construct {
  public readonly distribution: cloudfront.Distribution;
  public readonly responseHeadersPolicy: cloudfront.IResponseHeadersPolicy;
  public readonly logBucket: s3.IBucket;
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;

  constructor(scope: Construct, id: string, props: HardenedDistributionProps) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const problems = tlsProblems(this.policy.tls);
    if (!props.certificate && (props.domainNames ?? []).length > 0)
      problems.push({ field: 'domainNames', message: 'alternate domain names need a certificate (in us-east-1) that covers them' });
    if (props.webAcl && props.webAcl.scope !== WebAclScope.CLOUDFRONT)
      problems.push({ field: 'webAcl', message: 'a distribution needs a CLOUDFRONT-scope Web ACL (created in us-east-1), not a REGIONAL one' });
    problems.push(...enforcedBehaviorProblems('defaultBehavior', props.defaultBehavior));
    for (const [pathPattern, behavior] of Object.entries(props.additionalBehaviors ?? {}))
      problems.push(...enforcedBehaviorProblems(`additionalBehaviors[${JSON.stringify(pathPattern)}]`, behavior));
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.responseHeadersPolicy = props.responseHeadersPolicy ?? new SecurityHeaders(this, 'Headers', { profile: this.profile }).responseHeadersPolicy;
    this.logBucket =
      props.logBucket ??
      new s3.Bucket(this, 'Logs', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        // CloudFront standard logging writes through the bucket ACL.
        objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
        lifecycleRules: [{ expiration: Duration.days(this.policy.monitoring.logRetentionDays) }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    if (!props.logBucket) {
      Validations.of(this.logBucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This bucket holds the CloudFront access logs; logging access to it would log the logs.',
      });
    }
    this.warnOnUnlockedLoadBalancer(props);
    if (!props.certificate) {
      Annotations.of(this).addWarningV2(
        'bulwark:cloudfront-default-certificate',
        `without a certificate CloudFront serves *.cloudfront.net, which accepts TLS 1.0; pass a certificate to enforce TLS ${this.policy.tls.minVersion}`,
      );
    }
    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      defaultBehavior: { ...props.defaultBehavior, ...this.enforced(), origin: props.origin },
      additionalBehaviors: Object.fromEntries(
        Object.entries(props.additionalBehaviors ?? {}).map(([pathPattern, behavior]) => [pathPattern, { ...behavior, ...this.enforced() }]),
      ),
      ...(props.certificate ? { certificate: props.certificate, domainNames: [...(props.domainNames ?? [])] } : {}),
      minimumProtocolVersion: cloudFrontSecurityPolicy(this.policy.tls),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logBucket,
      ...(props.webAcl ? { webAclId: props.webAcl.webAclArn } : {}),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Geographic blocking, where wanted, is done by the Web ACL (waf.geoBlock in the profile).',
    });
  }

  /**
   * A load balancer origin is reachable around the distribution unless it admits CloudFront
   * alone, which EdgeSecurityGroups does only when network.origin.behind is cloudfront (behind
   * cloudflare it admits Cloudflare's ranges, so CloudFront cannot even connect).
   */
  private warnOnUnlockedLoadBalancer(props: HardenedDistributionProps): void {
    const { behind } = this.policy.network.origin;
    if (behind === 'cloudfront') return;
    const all = [props.origin, ...Object.values(props.additionalBehaviors ?? {}).map((behavior) => behavior.origin)];
    if (!all.some((origin) => origin instanceof origins.LoadBalancerV2Origin)) return;
    Annotations.of(this).addWarningV2(
      'bulwark:distribution-load-balancer-not-locked',
      `the origin is a load balancer, and network.origin.behind is ${behind}: ${behind === 'internet' ? 'it answers the internet directly, around this distribution and its Web ACL' : "its security group admits Cloudflare's ranges, not CloudFront"}; set network.origin.behind: cloudfront and pass EdgeSecurityGroups cloudFrontPrefixList, so the load balancer admits only CloudFront's origin-facing prefix list`,
    );
  }

  /** What every behavior gets, whatever it was given: HTTP redirected to HTTPS, and the security headers. */
  private enforced(): Pick<cloudfront.BehaviorOptions, 'viewerProtocolPolicy' | 'responseHeadersPolicy'> {
    return { viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, responseHeadersPolicy: this.responseHeadersPolicy };
  }
}

/**
 * What a behavior may not set, since HardenedDistribution sets it on every behavior: the viewer
 * protocol policy (HTTP redirected to HTTPS) and the response headers policy (the construct's
 * `responseHeadersPolicy` prop, or the profile's SecurityHeaders).
 */
function enforcedBehaviorProblems(field: string, behavior: cloudfront.AddBehaviorOptions | undefined): HardeningProblem[] {
  const problems: HardeningProblem[] = [];
  if (behavior?.viewerProtocolPolicy !== undefined) {
    problems.push({
      field: `${field}.viewerProtocolPolicy`,
      message: `got "${behavior.viewerProtocolPolicy}", but HardenedDistribution sets every behavior to ViewerProtocolPolicy.REDIRECT_TO_HTTPS ("redirect-to-https") and takes no other; leave viewerProtocolPolicy out`,
    });
  }
  if (behavior?.responseHeadersPolicy !== undefined) {
    problems.push({
      field: `${field}.responseHeadersPolicy`,
      message: `got ${describeResponseHeadersPolicy(behavior.responseHeadersPolicy)}, but every behavior sends the same response headers policy: the profile's SecurityHeaders, or the one given as HardenedDistribution's responseHeadersPolicy prop; leave it out of the behavior (pass a policy for every behavior as the responseHeadersPolicy prop)`,
    });
  }
  return problems;
}

/** A response headers policy as a message names it: its ID when known at synth, else its construct path. */
function describeResponseHeadersPolicy(policy: cloudfront.IResponseHeadersPolicyRef): string {
  const id: unknown = (policy as Partial<cloudfront.IResponseHeadersPolicy>).responseHeadersPolicyId;
  if (typeof id === 'string' && !Token.isUnresolved(id)) return `response headers policy ${id}`;
  return `the response headers policy ${policy.node.path}`;
}
