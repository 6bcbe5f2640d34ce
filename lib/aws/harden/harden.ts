import { Annotations, Aspects, CfnResource, Duration, type IResolvable, type IResolveContext, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { IConstruct } from 'constructs';
import { AppIndex, isIntrinsic, resolved } from '../core/app-index';
import { DEFAULT_DESYNC_MITIGATION_MODE, DESYNC_MITIGATION_MODE_KEY, DROP_INVALID_HEADER_FIELDS, onlyRedirectsToHttps } from '../core/alb-hardening';
import { albResponseHeaders } from '../core/alb-response-headers';
import type { Policy } from '../../policy/model';
import { policyOf, profileFrom, type PolicySourceProps } from '../../policy/policy-source';
import type { Profile } from '../../profile/profile';
import { SecurityHeaders } from '../headers/security-headers';
import { SecurityAlarms } from '../monitoring/security-alarms';
import { RequireImdsv2 } from '../network/require-imdsv2';
import { AppTierEgressRestricted } from '../../checks/aws/rules/network/AppTierEgressRestricted';
import { SecretRotatesWithinMaximum } from '../../checks/aws/rules/secrets/SecretRotatesWithinMaximum';
import { COMPLIANT } from '../../checks/aws/aws-rule';
import { cloudFrontSecurityPolicy, loadBalancerSslPolicy, tlsProblems } from '../tls/ssl-policy';
import { cloudFrontPolicyShortfall, elbPolicyShortfall, type SecurityPolicyShortfall } from '../tls/security-policy-shortfall';
import { HardenedWebAcl } from '../waf/hardened-web-acl';
import { HardenEntryKind } from './harden-entry-kind';

/** One thing Harden changed, or could not change in place (a finding to act on). */
export interface HardenEntry {
  readonly constructPath: string;
  readonly kind: HardenEntryKind;
  readonly message: string;
}

export interface HardenReport {
  readonly changes: HardenEntry[];
  readonly findings: HardenEntry[];
}

/** The parts of a distribution's configuration Harden reads, as they resolve (anything may be an intrinsic). */
interface DistributionBehavior {
  readonly pathPattern?: unknown;
  readonly viewerProtocolPolicy?: unknown;
  readonly responseHeadersPolicyId?: unknown;
}
interface DistributionConfig {
  readonly webAclId?: unknown;
  readonly defaultCacheBehavior?: DistributionBehavior;
  readonly cacheBehaviors?: readonly DistributionBehavior[];
  readonly viewerCertificate?: { readonly minimumProtocolVersion?: unknown; readonly cloudFrontDefaultCertificate?: unknown };
}

/** A behavior of a distribution: its default one, or the cache behavior at an index. */
type BehaviorAt = 'default' | number;

/** What Harden changes in a distribution's configuration (L1 property names). */
interface DistributionChanges {
  readonly behaviors: Map<BehaviorAt, Record<string, unknown>>;
  minimumProtocolVersion?: string;
}

/** What a plain-HTTP listener, and each of its rules, answers once hardened. */
const REDIRECT_TO_HTTPS = { type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } } as const;

/**
 * Hardens an app written without Bulwark, in place. Call it once the app is built, before synth:
 * it attaches a Web ACL to every ALB, REST API stage and AppSync API that has none, sets HTTPS
 * listener TLS policies and the profile's response headers on those listeners, turns plain-HTTP listeners into redirects where the load balancer also
 * serves HTTPS, drops invalid headers and mitigates desync on every ALB, adds single-user rotation
 * (the RDS construct's own) to RDS database secrets, moves secrets off the AWS-managed key to a customer-managed
 * one, alarms on the expiry of every certificate, on each CloudFront distribution redirects plain
 * HTTP, adds the profile's security headers where a behavior has none and sets a certificate of its
 * own to the profile's TLS policy, and, unless network.requireImdsv2 is false, makes every instance,
 * launch template and launch configuration require IMDSv2 (RequireImdsv2). A security group behind a
 * load balancer with egress open to the internet is reported, never narrowed. Every change is an info annotation; what it
 * cannot fix in place (a secret without rotation that is not an RDS database's, a CloudFront
 * distribution without a Web ACL or on the default certificate, an HTTP listener with nothing to
 * redirect to, a Classic Load Balancer facing the internet) is a warning annotation, never skipped.
 */
export class Harden {
  public static apply(scope: IConstruct, props: PolicySourceProps = {}): HardenReport {
    const profile = profileFrom(props);
    return new Harden(profile, policyOf(profile)).run(scope);
  }

  private readonly changes: HardenEntry[] = [];
  private readonly findings: HardenEntry[] = [];

  private constructor(
    private readonly profile: Profile,
    private readonly policy: Policy,
  ) {}

  private run(scope: IConstruct): HardenReport {
    const index = AppIndex.of(scope);
    const inScope = (node: CfnResource) => node.node.path.startsWith(scope.node.path);
    const unprotected = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ApiGateway::Stage', 'AWS::AppSync::GraphQLApi']
      .flatMap((type) => index.ofType(type))
      .filter((node) => inScope(node) && !index.protectedByWebAcl.has(node) && isApplicationOrOther(node));
    const aclOf = onePerStack((stack) => new HardenedWebAcl(stack, 'BulwarkWebAcl', { profile: this.profile }));
    for (const node of unprotected) {
      const acl = aclOf(node);
      acl.associate(`Association${node.node.addr.slice(0, 8)}`, attachableArn(node));
      this.change(node, `attached the Bulwark Web ACL ${acl.node.path}`);
    }
    this.hardenDistributions(index, inScope);
    this.hardenLoadBalancers(index, inScope);
    this.hardenListeners(index, inScope);
    this.hardenSecrets(index, inScope, this.rotateDatabaseSecrets(scope, index, inScope));
    this.alarmOnCertificates(index, inScope);
    this.requireImdsv2(scope, index, inScope);
    this.reportOpenAppTierEgress(index, inScope);
    return { changes: this.changes, findings: this.findings };
  }

  /**
   * Each behavior of a distribution redirects plain HTTP to HTTPS and sends the profile's security
   * headers (a response headers policy per stack, on behaviors that have none); a certificate of its
   * own gets the profile's TLS policy. A Web ACL and a certificate cannot be added in place.
   */
  private hardenDistributions(index: AppIndex, inScope: (node: CfnResource) => boolean): void {
    const headersOf = onePerStack((stack) => new SecurityHeaders(stack, 'BulwarkSecurityHeaders', { profile: this.profile }));
    for (const distribution of index.ofType('AWS::CloudFront::Distribution').filter(inScope)) {
      const config = resolved<DistributionConfig>(distribution, 'distributionConfig');
      if (!config?.webAclId)
        this.finding(
          distribution,
          'has no Web ACL, which needs a CLOUDFRONT-scope ACL in us-east-1: create a HardenedWebAcl with scope CLOUDFRONT there and pass its webAclArn as webAclId',
        );
      if (config === undefined || isIntrinsic(config) || !(distribution instanceof cloudfront.CfnDistribution)) continue;
      const changes: DistributionChanges = { behaviors: new Map() };
      const behaviors: [BehaviorAt, DistributionBehavior | undefined][] = [
        ['default', config.defaultCacheBehavior],
        ...(Array.isArray(config.cacheBehaviors) ? (config.cacheBehaviors as readonly DistributionBehavior[]) : []).map(
          (behavior, at): [BehaviorAt, DistributionBehavior | undefined] => [at, behavior],
        ),
      ];
      for (const [at, behavior] of behaviors) {
        if (behavior === undefined || isIntrinsic(behavior)) continue;
        const name = at === 'default' ? 'its default behavior' : `its behavior ${String(behavior.pathPattern)}`;
        const change: Record<string, unknown> = {};
        if (behavior.viewerProtocolPolicy === 'allow-all') {
          change.viewerProtocolPolicy = 'redirect-to-https';
          this.change(distribution, `${name} now redirects plain HTTP to HTTPS`);
        }
        if (behavior.responseHeadersPolicyId === undefined) {
          const headers = headersOf(distribution);
          change.responseHeadersPolicyId = headers.responseHeadersPolicy.responseHeadersPolicyId;
          this.change(distribution, `${name} sends the profile's security headers (${headers.node.path})`);
        } else {
          // The app chose its headers: replacing them could drop ones it needs (CORS, its own CSP).
          this.finding(
            distribution,
            `${name} has a response headers policy of its own, left as it is: give it the profile's security headers (BulwarkChecks CF2 and CF3 say which it lacks), or remove it and run Harden again`,
          );
        }
        if (Object.keys(change).length > 0) changes.behaviors.set(at, change);
      }
      const minimumProtocolVersion = this.viewerTlsPolicy(distribution, config.viewerCertificate);
      if (minimumProtocolVersion !== undefined) changes.minimumProtocolVersion = minimumProtocolVersion;
      if (changes.behaviors.size > 0 || changes.minimumProtocolVersion !== undefined) changeDistribution(distribution, changes);
    }
  }

  /** The TLS policy a distribution's own certificate should take, when it differs; its default certificate is a finding. */
  private viewerTlsPolicy(distribution: CfnResource, certificate: DistributionConfig['viewerCertificate']): string | undefined {
    if (isIntrinsic(certificate) || isIntrinsic(certificate?.minimumProtocolVersion)) return undefined;
    if (certificate === undefined || certificate.cloudFrontDefaultCertificate === true) {
      this.finding(
        distribution,
        "serves CloudFront's default certificate, which accepts TLS 1.0: give it a certificate for its own domain (HardenedCertificate, in us-east-1) and the minimum protocol version the profile sets",
      );
      return undefined;
    }
    if (tlsProblems(this.policy.tls).length > 0) return undefined;
    const current = certificate.minimumProtocolVersion;
    // A policy that already meets the profile is left alone, even if it is not the one Bulwark would pick.
    const shortfall = current === undefined ? 'none' : typeof current === 'string' ? cloudFrontPolicyShortfall(current, this.policy.tls) : 'unknown';
    if (shortfall === undefined) return undefined;
    const wanted = cloudFrontSecurityPolicy(this.policy.tls);
    this.change(distribution, `accepts viewers with the TLS policy ${wanted} (its policy ${policyShortfallReason(shortfall)})`);
    return wanted;
  }

  private hardenLoadBalancers(index: AppIndex, inScope: (node: CfnResource) => boolean): void {
    for (const node of index.ofType('AWS::ElasticLoadBalancing::LoadBalancer').filter(inScope)) {
      if (resolved(node, 'scheme') === 'internal') continue;
      // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
      this.finding(
        node,
        'is a Classic Load Balancer: no Web ACL can be associated with it and it cannot redirect HTTP to HTTPS; replace it by an Application Load Balancer (HardenedHttpsListener): CloudFront VPC origins take an ALB, NLB or EC2 instance, not a Classic Load Balancer',
      );
    }
    for (const node of index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').filter(inScope)) {
      if (!isApplicationOrOther(node) || node.node.scope === undefined) continue;
      const loadBalancer = node.node.scope;
      if (!(loadBalancer instanceof elbv2.ApplicationLoadBalancer)) {
        this.finding(
          node,
          `is an L1 load balancer: set ${DROP_INVALID_HEADER_FIELDS.key}=${DROP_INVALID_HEADER_FIELDS.value} and ${DESYNC_MITIGATION_MODE_KEY}=${DEFAULT_DESYNC_MITIGATION_MODE} in its attributes`,
        );
        continue;
      }
      loadBalancer.setAttribute(DROP_INVALID_HEADER_FIELDS.key, DROP_INVALID_HEADER_FIELDS.value);
      loadBalancer.setAttribute(DESYNC_MITIGATION_MODE_KEY, DEFAULT_DESYNC_MITIGATION_MODE);
      this.change(node, 'now drops invalid header fields and mitigates HTTP desync (defensive)');
    }
  }

  private hardenListeners(index: AppIndex, inScope: (node: CfnResource) => boolean): void {
    const listeners = index.ofType('AWS::ElasticLoadBalancingV2::Listener').filter(inScope) as elbv2.CfnListener[];
    const tls = tlsProblems(this.policy.tls).length === 0 ? loadBalancerSslPolicy(this.policy.tls) : elbv2.SslPolicy.RECOMMENDED_TLS;
    const httpsByLoadBalancer = new Set(
      listeners.filter((l) => resolved(l, 'protocol') === 'HTTPS').map((l) => JSON.stringify(Stack.of(l).resolve(l.loadBalancerArn))),
    );
    for (const listener of listeners) {
      const protocol = resolved(listener, 'protocol');
      if (protocol === 'HTTPS') {
        const shortfall = this.listenerPolicyShortfall(listener);
        if (shortfall !== undefined) {
          listener.sslPolicy = tls;
          this.change(listener, `uses the TLS policy ${tls} (its policy ${policyShortfallReason(shortfall)})`);
        }
        this.sendResponseHeaders(listener);
      } else if (protocol === 'HTTP') {
        // Its listener rules answer before the default action: each must redirect too.
        const serving = [listener, ...(index.rulesByListener.get(listener) ?? [])].filter(
          (node) => onlyRedirectsToHttps(resolved(node, node === listener ? 'defaultActions' : 'actions')) !== true,
        );
        if (serving.length === 0) continue;
        if (!httpsByLoadBalancer.has(JSON.stringify(Stack.of(listener).resolve(listener.loadBalancerArn)))) {
          this.finding(
            listener,
            'serves plain HTTP and its load balancer has no HTTPS listener to redirect to: add one (HardenedHttpsListener) with a certificate',
          );
          continue;
        }
        for (const node of serving) {
          if (node === listener) {
            listener.defaultActions = [{ ...REDIRECT_TO_HTTPS }];
            this.change(listener, 'now only redirects to HTTPS (301)');
          } else {
            (node as elbv2.CfnListenerRule).actions = [{ ...REDIRECT_TO_HTTPS }];
            this.change(node, `now redirects to HTTPS (301), as its HTTP listener ${listener.node.path} does`);
          }
        }
      }
    }
  }

  /**
   * How an HTTPS listener's TLS policy falls short of the profile: a known policy that meets its
   * floor and ciphers (and is post-quantum when tls.postQuantum asks for it) is left alone; one
   * known only at deploy time is `unknown`, so it is replaced. Undefined when it meets the profile.
   */
  private listenerPolicyShortfall(listener: elbv2.CfnListener): PolicyShortfall | undefined {
    const current = listener.sslPolicy;
    if (current === undefined) return 'none';
    if (typeof current !== 'string' || Token.isUnresolved(current)) return 'unknown';
    // A profile below TLS 1.2 is not deployed: such a listener is judged against the recommended policy's floor.
    const floor = tlsProblems(this.policy.tls).length === 0 ? this.policy.tls : ({ minVersion: '1.2', ciphers: 'compatible' } as const);
    const shortfall = elbPolicyShortfall(current, floor);
    if (shortfall !== undefined) return shortfall;
    return this.policy.tls.postQuantum && !current.includes('-PQ-') ? 'not-post-quantum' : undefined;
  }

  /**
   * An HTTPS listener sends the profile's security headers (and CORS, where one static value
   * expresses it) itself, as HardenedHttpsListener does: a request that goes around the CDN gets them.
   */
  private sendResponseHeaders(listener: elbv2.CfnListener): void {
    const headers = albResponseHeaders(this.policy);
    const owner = listener.node.scope;
    if (owner instanceof elbv2.ApplicationListener) {
      for (const [key, value] of Object.entries(headers.attributes)) owner.setAttribute(key, value);
    } else {
      const existing = resolved<unknown>(listener, 'listenerAttributes') ?? [];
      if (!Array.isArray(existing) || Token.isUnresolved(listener.listenerAttributes)) {
        this.finding(
          listener,
          'has listener attributes known only at deploy time: set its routing.http.response.*.header_value attributes to the profile headers',
        );
        return;
      }
      const kept = (existing as elbv2.CfnListener.ListenerAttributeProperty[]).filter(
        (attribute) => attribute.key === undefined || !(attribute.key in headers.attributes),
      );
      listener.listenerAttributes = [...kept, ...Object.entries(headers.attributes).map(([key, value]) => ({ key, value }))];
    }
    this.change(
      listener,
      `now sends ${Object.keys(headers.attributes).length} response header settings itself (HSTS, CSP, nosniff, X-Frame-Options, no Server header${headers.attributes['routing.http.response.access_control_allow_origin.header_value'] !== undefined ? ', CORS' : ''})`,
    );
    if (headers.corsLeftToApplication !== undefined) this.finding(listener, headers.corsLeftToApplication);
  }

  /** RDS instances and clusters know their engine and network, so their secrets can take hosted rotation. */
  private rotateDatabaseSecrets(scope: IConstruct, index: AppIndex, inScope: (node: CfnResource) => boolean): Set<CfnResource> {
    const rotated = new Set<CfnResource>();
    for (const database of scope.node.findAll()) {
      if (!(database instanceof rds.DatabaseInstance || database instanceof rds.DatabaseCluster)) continue;
      const secret = cfnSecretOf(database.secret);
      if (!secret || !inScope(secret) || index.rotationBySecret.has(secret)) continue;
      database.addRotationSingleUser({ automaticallyAfter: Duration.days(this.policy.secrets.maxRotationDays) });
      rotated.add(secret);
      this.change(secret, `rotates every ${this.policy.secrets.maxRotationDays} days (single-user rotation of ${database.node.path})`);
    }
    return rotated;
  }

  private hardenSecrets(index: AppIndex, inScope: (node: CfnResource) => boolean, rotated: ReadonlySet<CfnResource>): void {
    const keyOf = onePerStack(secretsKey);
    for (const secret of index.ofType('AWS::SecretsManager::Secret').filter(inScope)) {
      // A secret set out of band and rotated by reminder (HardenedSecrets' external ones) is what BulwarkChecks accepts too.
      const rotates = index.rotationBySecret.has(secret) || rotated.has(secret);
      if (!rotates && SecretRotatesWithinMaximum(secret, { index, policy: this.policy }) !== COMPLIANT) {
        this.finding(
          secret,
          "does not rotate and is not an RDS database's secret: add a rotation schedule (hosted rotation for database credentials, or manage it with HardenedSecrets); Bulwark cannot generate a value it does not know the shape of",
        );
      }
      if (resolved(secret, 'kmsKeyId') !== undefined) continue;
      const key = keyOf(secret);
      (secret as CfnResource & { kmsKeyId?: string }).kmsKeyId = key.keyArn;
      this.change(secret, `is encrypted with the customer-managed key ${key.node.path} instead of the AWS-managed one`);
    }
  }

  private alarmOnCertificates(index: AppIndex, inScope: (node: CfnResource) => boolean): void {
    const alarmsOf = onePerStack((stack) => new SecurityAlarms(stack, 'BulwarkAlarms', { profile: this.profile }));
    for (const certificate of index.ofType('AWS::CertificateManager::Certificate').filter(inScope)) {
      if (index.alarmedCertificates.has(certificate)) continue;
      const alarms = alarmsOf(certificate);
      const imported = acm.Certificate.fromCertificateArn(alarms, `Watched${certificate.node.addr.slice(0, 8)}`, certificate.ref);
      alarms.alarmOnCertificate(imported, imported);
      this.change(
        certificate,
        `alarms at ${this.policy.monitoring.certificateExpiryDays.warning} and ${this.policy.monitoring.certificateExpiryDays.critical} days before expiry`,
      );
    }
  }

  /** IMDSv2 as network.requireImdsv2 says: the aspect on the scope (instances added later included), or, when false, nothing but a finding per instance. */
  private requireImdsv2(scope: IConstruct, index: AppIndex, inScope: (node: CfnResource) => boolean): void {
    const instances = ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'].flatMap((type) =>
      index.ofType(type).filter(inScope),
    );
    if (!this.policy.network.requireImdsv2) {
      for (const node of instances)
        this.finding(
          node,
          'keeps its metadata options as they are (IMDSv1 may stay on): network.requireImdsv2 is false, so Harden does not apply RequireImdsv2',
        );
      return;
    }
    Aspects.of(scope).add(new RequireImdsv2());
    for (const node of instances) this.change(node, 'requires IMDSv2 with a hop limit of 1 (RequireImdsv2)');
  }

  /** Egress is the app's own wiring (what it calls, where it pulls images): Harden reports a group behind a load balancer open to the internet, never narrows it. */
  private reportOpenAppTierEgress(index: AppIndex, inScope: (node: CfnResource) => boolean): void {
    for (const group of index.ofType('AWS::EC2::SecurityGroup').filter(inScope)) {
      const open = AppTierEgressRestricted(group, { index, policy: this.policy });
      if (!Array.isArray(open) || open.includes('unresolved')) continue;
      this.finding(
        group,
        `is behind a load balancer and may connect to the whole internet (${open.join(', ')}): give it egress rules to its dependencies only (AppTierSecurityGroup from network.egress, or allowAllOutbound: false and addEgressRule)`,
      );
    }
  }

  private change(node: IConstruct, message: string): void {
    Annotations.of(node).addInfo(`Bulwark: ${message}`);
    this.changes.push({ constructPath: node.node.path, kind: HardenEntryKind.CHANGED, message });
  }

  private finding(node: IConstruct, message: string): void {
    Annotations.of(node).addWarningV2('bulwark:harden', `Bulwark cannot fix this in place: it ${message}`);
    this.findings.push({ constructPath: node.node.path, kind: HardenEntryKind.FINDING, message });
  }
}

/**
 * Changes a distribution's configuration where the checks read it, on the L1 property (an
 * override would be invisible to them), without resolving it now: its parts (an L2
 * Distribution's cache behaviors are produced at synthesis) are opened when it is resolved, so
 * references across stacks and later additions to the app still resolve as they would have.
 */
function changeDistribution(distribution: cloudfront.CfnDistribution, changes: DistributionChanges): void {
  const original: unknown = distribution.distributionConfig;
  const open = (value: unknown, context: IResolveContext): unknown => (Tokenization.isResolvable(value) ? value.resolve(context) : value);
  const changed = (value: unknown, context: IResolveContext, change: Record<string, unknown> | undefined): unknown =>
    change === undefined ? value : { ...(open(value, context) as object), ...change };
  const resolvable: IResolvable = {
    creationStack: [],
    resolve: (context) => {
      const config = { ...(open(original, context) as Record<string, unknown>) };
      config.defaultCacheBehavior = changed(config.defaultCacheBehavior, context, changes.behaviors.get('default'));
      const cacheBehaviors = open(config.cacheBehaviors, context);
      if (Array.isArray(cacheBehaviors)) config.cacheBehaviors = cacheBehaviors.map((behavior, at) => changed(behavior, context, changes.behaviors.get(at)));
      if (changes.minimumProtocolVersion !== undefined)
        config.viewerCertificate = changed(config.viewerCertificate, context, { minimumProtocolVersion: changes.minimumProtocolVersion });
      return config;
    },
    toString: () => Token.asString(resolvable),
  };
  distribution.distributionConfig = resolvable;
}

/** A getter for one construct per stack, created by the first node of that stack that needs it. */
/** Why Harden replaces a TLS policy: how it falls short, or that none is set (the service's default accepts TLS 1.0). */
type PolicyShortfall = SecurityPolicyShortfall | 'none' | 'not-post-quantum';

/** How a replaced policy fell short, for the change message; the old name is not repeated. */
function policyShortfallReason(shortfall: PolicyShortfall): string {
  const reasons: Record<PolicyShortfall, string> = {
    none: 'was unset, and the default accepts TLS 1.0',
    unknown: 'was one Bulwark does not know',
    ciphers: "offered cipher suites the profile's tls.ciphers does not allow",
    'tls-1.2-allowed': "accepted TLS 1.2 under the profile's TLS 1.3 floor",
    'not-post-quantum': 'had no post-quantum key exchange, which tls.postQuantum asks for',
  };
  return reasons[shortfall];
}

function onePerStack<T>(create: (stack: Stack) => T): (node: IConstruct) => T {
  const byStack = new Map<Stack, T>();
  return (node) => {
    const stack = Stack.of(node);
    const existing = byStack.get(stack);
    if (existing !== undefined) return existing;
    const created = create(stack);
    byStack.set(stack, created);
    return created;
  };
}

/** The L1 secret behind an L2 one created in this app; a database's attached secret sits below the secret it was attached from. */
function cfnSecretOf(secret: secretsmanager.ISecret | undefined): CfnResource | undefined {
  for (const owner of [secret, secret?.node.scope]) {
    const resource = owner?.node.tryFindChild('Resource');
    if (resource instanceof CfnResource && resource.cfnResourceType === 'AWS::SecretsManager::Secret') return resource;
  }
  return undefined;
}

/**
 * A rotating customer-managed key for a stack's secrets. Its policy mirrors the AWS-managed
 * aws/secretsmanager key's: callers in the account may use it through Secrets Manager only, so
 * every role that could read a secret before still can, without a change to its policy.
 */
function secretsKey(stack: Stack): kms.Key {
  const key = new kms.Key(stack, 'BulwarkSecretsKey', { enableKeyRotation: true, description: "Bulwark: customer-managed key for this stack's secrets" });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'UseThroughSecretsManagerInThisAccount',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:CallerAccount': stack.account, 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
    }),
  );
  return key;
}

/** Load balancers other than application ones (network, gateway) take no Web ACL; everything else listed does. */
function isApplicationOrOther(node: CfnResource): boolean {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') return true;
  const type = resolved(node, 'type');
  return type === undefined || type === 'application';
}

/** The ARN a Web ACL association takes for a resource. */
function attachableArn(node: CfnResource): string {
  const stack = Stack.of(node);
  switch (node.cfnResourceType) {
    case 'AWS::ApiGateway::Stage': {
      const restApiId = (node as unknown as { restApiId: string }).restApiId;
      return stack.formatArn({ service: 'apigateway', account: '', resource: '/restapis', resourceName: `${restApiId}/stages/${node.ref}` });
    }
    case 'AWS::AppSync::GraphQLApi':
      return node.getAtt('Arn').toString();
    default:
      return Token.asString(node.ref);
  }
}
