import { Annotations, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_DESYNC_MITIGATION_MODE, DESYNC_MITIGATION_MODE_KEY, DROP_INVALID_HEADER_FIELDS } from '../core/alb-hardening';
import { ALB_SERVER_HEADER_ATTRIBUTE, albResponseHeaders } from '../core/alb-response-headers';
import { allowsAnyOriginWithCredentials } from '../../policy/invariants';
import { HardeningValidationError, type HardeningProblem } from '../../core/hardening-validation-error';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { loadBalancerSslPolicy, tlsProblems } from './ssl-policy';

export interface HardenedHttpsListenerProps extends PolicySourceProps {
  /** The load balancer to listen on: one created in this app, or an imported one (whose attributes Bulwark cannot set). */
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** Certificates for the HTTPS listener; the first is the default. */
  readonly certificates: elbv2.IListenerCertificate[];
  /**
   * What the HTTPS listener does with requests no rule matches.
   * @default - a 404 JSON response; add targets or rules through `httpsListener`
   */
  readonly defaultAction?: elbv2.ListenerAction;
  /**
   * Port of the HTTPS listener.
   * @default 443
   */
  readonly port?: number;
  /**
   * Also listen on port 80 and answer every request with a 301 redirect to HTTPS.
   * @default true
   */
  readonly redirectHttp?: boolean;
  /**
   * How the load balancer treats requests that could be used for HTTP desync (request smuggling):
   * DEFENSIVE or STRICTEST. MONITOR, which lets every such request through, is refused.
   * @default elbv2.DesyncMitigationMode.DEFENSIVE
   */
  readonly desyncMitigationMode?: elbv2.DesyncMitigationMode;
  /**
   * Turn on deletion protection.
   * @default - true in production, false elsewhere
   */
  readonly deletionProtection?: boolean;
  /**
   * Turn on the load balancer's access logs.
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * Bucket for access logs (not with `accessLogs: false`).
   * @default - a new bucket: SSE-S3 (the only encryption ALB logs support), TLS-only, no public access, versioned, logs expire after the profile's log retention
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * An HTTPS listener hardened from the profile: the SSL policy of its TLS floor, HTTP answered
 * only with a redirect, the profile's HSTS, CSP, X-Content-Type-Options, X-Frame-Options and
 * (one static origin, or any) CORS sent by the listener itself with no Server header, invalid
 * header fields dropped, desync mitigation on, deletion protection in production and encrypted
 * access logs. `new HardenedHttpsListener(this,
 * 'Https', { loadBalancer, certificates })` is enough.
 */
export class HardenedHttpsListener extends Construct {
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The port-80 listener that only redirects, when `redirectHttp` is on. */
  public readonly httpRedirectListener?: elbv2.ApplicationListener;
  public readonly sslPolicy: elbv2.SslPolicy;
  /** The access-log bucket Bulwark created, if it created one. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The profile this construct enforces (the one given, or the baseline preset). */
  public readonly profile: Profile;
  private readonly policy: Policy;

  constructor(scope: Construct, id: string, props: HardenedHttpsListenerProps) {
    super(scope, id);
    this.profile = profileFrom(props);
    this.policy = policyOf(this.profile);
    const problems = [
      ...tlsProblems(this.policy.tls),
      ...certificateProblems(props.certificates),
      ...accessLogsProblems(props),
      ...desyncProblems(props),
      ...corsProblems(this.policy),
    ];
    if (problems.length > 0) throw new HardeningValidationError(this, problems);

    this.sslPolicy = loadBalancerSslPolicy(this.policy.tls);
    this.httpsListener = this.createHttpsListener(props);
    if (props.redirectHttp ?? true) this.httpRedirectListener = this.createHttpRedirectListener(props);
    this.setResponseHeaders();

    const loadBalancer = props.loadBalancer;
    if (!(loadBalancer instanceof elbv2.ApplicationLoadBalancer)) {
      this.warnAttributesNotSet(loadBalancer, props);
      return;
    }
    this.setHardeningAttributes(loadBalancer, props);
    this.accessLogsBucket = props.accessLogs === false ? undefined : this.turnOnAccessLogs(loadBalancer, props.accessLogsBucket);
  }

  private createHttpsListener(props: HardenedHttpsListenerProps): elbv2.ApplicationListener {
    return new elbv2.ApplicationListener(this, 'Https', {
      loadBalancer: props.loadBalancer,
      port: props.port ?? 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: this.sslPolicy,
      certificates: [...props.certificates],
      // Opened to the internet only when the profile lists the port and no proxy fronts the origin
      // (network.origin: then only the proxy may reach it); EdgeSecurityGroups owns the rules otherwise.
      open: this.policy.network.origin.behind === 'internet' && this.policy.network.ingressPorts.includes(props.port ?? 443),
      defaultAction: props.defaultAction ?? elbv2.ListenerAction.fixedResponse(404, { contentType: 'application/json', messageBody: '{"error":"not found"}' }),
    });
  }

  /** Port 80, answering every request with a permanent redirect to the HTTPS port. */
  private createHttpRedirectListener(props: HardenedHttpsListenerProps): elbv2.ApplicationListener {
    return new elbv2.ApplicationListener(this, 'HttpRedirect', {
      loadBalancer: props.loadBalancer,
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: this.policy.network.origin.behind === 'internet' && this.policy.network.ingressPorts.includes(80),
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: String(props.port ?? 443), permanent: true }),
    });
  }

  /**
   * The profile's response headers set by the listeners themselves, so a request that goes around
   * the CDN gets them too; what an ALB cannot send is said at synth, never dropped silently.
   */
  private setResponseHeaders(): void {
    const headers = albResponseHeaders(this.policy);
    for (const [key, value] of Object.entries(headers.attributes)) this.httpsListener.setAttribute(key, value);
    // The redirect answers over plain HTTP, where browsers ignore HSTS: it only stops naming the server.
    this.httpRedirectListener?.setAttribute(ALB_SERVER_HEADER_ATTRIBUTE.key, ALB_SERVER_HEADER_ATTRIBUTE.value);
    if (headers.notSettable.length > 0)
      Annotations.of(this).addInfo(
        `Bulwark: an ALB listener cannot set ${headers.notSettable.join(', ')}: requests that reach the load balancer directly get them only from the application (CloudFront or Cloudflare in front send them)`,
      );
    if (headers.corsLeftToApplication !== undefined) Annotations.of(this).addWarningV2('bulwark:alb-cors-left-to-application', headers.corsLeftToApplication);
  }

  /** Attributes of a load balancer defined elsewhere cannot be changed from here: say so, do not skip silently. */
  private warnAttributesNotSet(loadBalancer: elbv2.IApplicationLoadBalancer, props: HardenedHttpsListenerProps): void {
    Annotations.of(this).addWarningV2(
      'bulwark:alb-attributes-not-set',
      `${loadBalancer.node.path} is imported: set ${DROP_INVALID_HEADER_FIELDS.key}=${DROP_INVALID_HEADER_FIELDS.value}, ${DESYNC_MITIGATION_MODE_KEY}=${props.desyncMitigationMode ?? DEFAULT_DESYNC_MITIGATION_MODE}, access logs${this.policy.environment === 'production' ? ' and deletion protection' : ''} where it is defined`,
    );
  }

  /** Invalid header fields dropped, desync mitigation on, deletion protection as asked (else in production). */
  private setHardeningAttributes(loadBalancer: elbv2.ApplicationLoadBalancer, props: HardenedHttpsListenerProps): void {
    loadBalancer.setAttribute(DROP_INVALID_HEADER_FIELDS.key, DROP_INVALID_HEADER_FIELDS.value);
    loadBalancer.setAttribute(DESYNC_MITIGATION_MODE_KEY, props.desyncMitigationMode ?? DEFAULT_DESYNC_MITIGATION_MODE);
    loadBalancer.setAttribute('deletion_protection.enabled', String(props.deletionProtection ?? this.policy.environment === 'production'));
  }

  /** Access logs to the bucket passed, else to a new one; returns the bucket, or undefined when logging stays off. */
  private turnOnAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, passed: s3.IBucket | undefined): s3.IBucket | undefined {
    if (Token.isUnresolved(Stack.of(this).region)) {
      Annotations.of(this).addWarningV2(
        'bulwark:alb-access-logs-need-region',
        "access logs are not turned on: ELB log delivery needs the stack's region; give the stack an env with a region",
      );
      return undefined;
    }
    const bucket = passed ?? this.createAccessLogsBucket();
    loadBalancer.logAccessLogs(bucket);
    if (passed === undefined) acknowledgeNotAccessLogged(bucket);
    return bucket;
  }

  /** SSE-S3 (the only encryption ALB logs support), TLS-only, private, versioned, expiring after the profile's log retention. */
  private createAccessLogsBucket(): s3.Bucket {
    return new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(this.policy.monitoring.logRetentionDays), noncurrentVersionExpiration: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/** An HTTPS listener without a certificate cannot be created. */
/** Desync mitigation Bulwark would not set: MONITOR lets every ambiguous request through. */
function desyncProblems(props: HardenedHttpsListenerProps): HardeningProblem[] {
  if (props.desyncMitigationMode !== elbv2.DesyncMitigationMode.MONITOR) return [];
  return [
    {
      field: 'desyncMitigationMode',
      message: 'MONITOR only logs requests that could smuggle another one past the load balancer; use DEFENSIVE (the default) or STRICTEST',
    },
  ];
}

/** A bucket passed with access logs turned off: one of the two is a mistake. */
function accessLogsProblems(props: HardenedHttpsListenerProps): HardeningProblem[] {
  if (props.accessLogs !== false || props.accessLogsBucket === undefined) return [];
  return [{ field: 'accessLogsBucket', message: 'accessLogs is false, so no log goes to this bucket; drop accessLogsBucket, or drop accessLogs: false' }];
}

function certificateProblems(certificates: readonly elbv2.IListenerCertificate[]): HardeningProblem[] {
  if (certificates.length > 0) return [];
  return [{ field: 'certificates', message: 'an HTTPS listener needs at least one certificate; pass an ACM certificate (see HardenedCertificate)' }];
}

/** A wildcard origin with credentials would let any site make credentialed requests. */
function corsProblems(policy: Policy): HardeningProblem[] {
  if (!allowsAnyOriginWithCredentials(policy.cors)) return [];
  return [{ field: 'cors.allowedOrigins', message: '"*" with allowCredentials: true lets any site make credentialed requests; list the origins instead' }];
}

/** The access-log bucket Bulwark creates logs no access of its own: that would log the logs. */
function acknowledgeNotAccessLogged(bucket: s3.IBucket): void {
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket holds the load balancer access logs; logging access to it would log the logs.',
  });
}
