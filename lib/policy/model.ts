import type { ChecklistItemId } from '../checklist/items';
import type {
  CloudflareAddOn,
  CloudflarePlan,
  Edge,
  Environment,
  ManagedRuleSet,
  OriginProxy,
  SecretTier,
  TlsCipherPolicy,
  TlsVersion,
} from '../profile/schema';

/**
 * The edge-neutral policy every edge compiles from. It is plain, ordered, JSON-serializable
 * data: the same profile gives the same policy, byte for byte.
 */
export interface Policy {
  readonly name: string;
  readonly environment: Environment;
  readonly edges: readonly Edge[];
  /** Evaluated in order; the first terminating intent (allow, block, challenge) wins. */
  readonly rules: readonly PolicyRule[];
  readonly tls: TlsPolicy;
  readonly headers: HeadersPolicy;
  readonly cors: CorsPolicy;
  readonly wafLogging: WafLoggingPolicy;
  readonly waf: WafOptionsPolicy;
  readonly auth: AuthPolicy;
  readonly secrets: SecretsPolicy;
  readonly monitoring: MonitoringPolicy;
  readonly network: NetworkPolicy;
  readonly cloudflare: CloudflarePolicy;
}

export type RuleIntent = 'allow' | 'block' | 'challenge' | 'count';
export type RuleKind =
  'ip-allowlist' | 'ip-blocklist' | 'geo-block' | 'managed' | 'bad-bots' | 'sql-injection' | 'cross-site-scripting' | 'path-traversal' | 'rate-limit';
export type AttackClass = 'sqlInjection' | 'crossSiteScripting' | 'pathTraversal';

export interface PolicyRule {
  /** Stable across runs and profile edits elsewhere; edges derive names and refs from it. */
  readonly id: string;
  readonly description: string;
  readonly kind: RuleKind;
  readonly intent: RuleIntent;
  readonly match: Condition;
  readonly rate?: RateSpec;
  readonly managedRuleSet?: ManagedRuleSet;
  /** Managed rule sets in the profile that already cover this rule's class. */
  readonly coveredBy: readonly ManagedRuleSet[];
  readonly implements: readonly ChecklistItemId[];
  readonly edges: readonly Edge[];
  /** The profile field the rule comes from, for findings and errors. */
  readonly source: string;
}

export interface RateSpec {
  readonly limit: number;
  readonly windowSeconds: number;
  /** Counted per distinct combination of these keys. */
  readonly keys: readonly RateKey[];
}

export type RateKey =
  | { readonly type: 'ip' }
  | { readonly type: 'header'; readonly name: string }
  | { readonly type: 'cookie'; readonly name: string }
  | { readonly type: 'queryArg'; readonly name: string };

/** A part of the request model that conditions inspect. Header names are lowercase. */
export type RequestField =
  | { readonly type: 'method' }
  | { readonly type: 'host' }
  | { readonly type: 'path' }
  | { readonly type: 'query' }
  | { readonly type: 'body' }
  | { readonly type: 'userAgent' }
  | { readonly type: 'header'; readonly name: string }
  | { readonly type: 'cookie'; readonly name: string };

export type StringOperator = 'equals' | 'startsWith' | 'endsWith' | 'contains';

export type Condition =
  | { readonly type: 'always' }
  | { readonly type: 'all'; readonly conditions: readonly Condition[] }
  | { readonly type: 'any'; readonly conditions: readonly Condition[] }
  | { readonly type: 'not'; readonly condition: Condition }
  | { readonly type: 'string'; readonly field: RequestField; readonly operator: StringOperator; readonly value: string; readonly caseSensitive: boolean }
  | { readonly type: 'in'; readonly field: RequestField; readonly values: readonly string[] }
  | { readonly type: 'sourceIp'; readonly cidrs: readonly string[] }
  | { readonly type: 'country'; readonly codes: readonly string[] }
  | { readonly type: 'attack'; readonly attack: AttackClass; readonly fields: readonly RequestField[] };

export interface TlsPolicy {
  readonly minVersion: TlsVersion;
  /** The TLS 1.2 suites allowed: forward-secret AEAD only (modern), or also forward-secret AES-CBC (compatible). */
  readonly ciphers: TlsCipherPolicy;
  readonly postQuantum: boolean;
  readonly hsts: { readonly maxAgeSeconds: number; readonly includeSubdomains: boolean; readonly preload: boolean };
}

export interface HeadersPolicy {
  /** Header name → value, rendered once so every edge sends the same bytes. */
  readonly values: Readonly<Record<string, string>>;
  readonly contentSecurityPolicy: Readonly<Record<string, readonly string[]>>;
}

export interface CorsPolicy {
  readonly allowedOrigins: readonly string[];
  readonly allowAnyOrigin: boolean;
  readonly allowCredentials: boolean;
  readonly allowedMethods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

export interface WafOptionsPolicy {
  readonly sqlInjectionSensitivity: 'low' | 'high';
  /** Keep custom rules that a managed rule set already covers. */
  readonly customRulesWhenManaged: boolean;
}

export interface WafLoggingPolicy {
  readonly enabled: boolean;
  readonly retentionDays: number;
  readonly redactHeaders: readonly string[];
}

export interface AuthPolicy {
  readonly jwt: {
    readonly algorithm: string;
    readonly secretBytes: number;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
  };
  readonly loginPaths: readonly string[];
  readonly lockout: { readonly enabled: boolean; readonly maxFailures: number; readonly windowSeconds: number };
}

export interface PolicySecret {
  /** `<namespace>/<service>/<NAME>`: the Secrets Manager name. */
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly tier: SecretTier;
  /** generated: Bulwark generates and rotates it; database: hosted rotation; bundle: a JSON map set out of band; external: set out of band. */
  readonly source: 'generated' | 'external' | 'database' | 'bundle';
  readonly generate?: { readonly bytes: number; readonly encoding: 'hex' | 'base64'; readonly keyPair?: 'rsa-2048' | 'rsa-4096' };
  readonly database?: { readonly engine: 'postgres' | 'mysql' | 'mariadb'; readonly username: string };
  /** The variable names of a bundle secret. */
  readonly bundle?: readonly string[];
  /** 0 when rotation is off. */
  readonly rotationDays: number;
  /** Services whose read scopes cover this secret, sorted. */
  readonly readers: readonly string[];
}

export interface PolicyService {
  readonly name: string;
  /** Secret name prefixes (or exact names) this service may read, e.g. `production/payment/`. */
  readonly readPrefixes: readonly string[];
  readonly readsEverything: boolean;
  readonly sessionSeconds: number;
}

export interface SecretsPolicy {
  readonly namespace: string;
  readonly maxRotationDays: number;
  readonly items: readonly PolicySecret[];
  readonly services: readonly PolicyService[];
  readonly access: { readonly allowedCidrs: readonly string[]; readonly vpcEndpointIds: readonly string[]; readonly maxSessionSeconds: number };
  readonly approvals: Readonly<Partial<Record<SecretTier, { readonly requiredApprovals: number; readonly timeoutHours: number }>>>;
  readonly approvers: readonly string[];
}

export interface MonitoringPolicy {
  readonly emails: readonly string[];
  readonly snsTopicArn?: string;
  readonly hasNotificationTarget: boolean;
  readonly certificateExpiryDays: { readonly warning: number; readonly critical: number };
  readonly wafBlockedPerMinute: number;
  readonly rateLimitedPerMinute: number;
  readonly authFailuresPerHour: number;
  readonly serverErrorsPerMinute: number;
  /** Blocked requests per minute per attack class above which that class's alarm fires. */
  readonly attacksPerMinute: Readonly<Record<AlarmedAttack, number>>;
  readonly logRetentionDays: number;
  /** Secret tiers whose every read notifies the alarm topic. */
  readonly auditSecretReads: readonly SecretTier[];
  /** Whether Bulwark creates a CloudTrail trail. */
  readonly cloudTrail: boolean;
}

/** The attack classes with an alarm of their own. */
export type AlarmedAttack = AttackClass | 'badBots';

export interface NetworkPolicy {
  readonly ingressPorts: readonly number[];
  readonly adminCidrs: readonly string[];
  readonly sshAllowed: boolean;
  readonly requireImdsv2: boolean;
  /** Ports the application tier listens on, reached only from the load balancer's security group. */
  readonly appPorts: readonly number[];
  readonly egress: NetworkEgressPolicy;
  readonly origin: OriginPolicy;
}

/** Where the application tier may connect. Destinations are CIDR blocks or prefix-list IDs (pl-…). */
export interface NetworkEgressPolicy {
  readonly https: readonly string[];
  readonly httpsWithinVpc: boolean;
  readonly dependencies: readonly { readonly name: string; readonly port: number; readonly to: readonly string[] }[];
}

/** What sits in front of the origin, and what the origin may therefore trust. */
export interface OriginPolicy {
  /** The load balancer accepts web traffic only from this proxy (`internet`: from anywhere). */
  readonly behind: OriginProxy;
  /** Cloudflare presents its client certificate to the origin (only behind cloudflare). */
  readonly authenticatedOriginPulls: boolean;
  /**
   * The header an origin-side (regional) Web ACL reads the client address from: behind Cloudflare
   * only, which sets it to the one connecting address. Absent on the internet, where the source
   * address is the client's and any such header is the client's to forge, and behind CloudFront,
   * which appends to the X-Forwarded-For a client sent (its first address is the client's to
   * choose): there the regional ACL keys nothing on the address, the CLOUDFRONT-scope ACL does.
   */
  readonly clientIpHeader?: 'CF-Connecting-IP';
  /**
   * The proxy sets clientIpHeader to the one connecting address, replacing what the client sent
   * (Cloudflare's CF-Connecting-IP), so IP lists and countries can match on it, not only rate
   * limits count it. True exactly when clientIpHeader is set.
   */
  readonly clientIpHeaderMatchable: boolean;
}

export interface CloudflarePolicy {
  readonly plan: CloudflarePlan;
  /** Enterprise add-ons the zone has. */
  readonly addOns: readonly CloudflareAddOn[];
  readonly sslMode: string;
  /** The zone has Advanced Certificate Manager, so it can set the ciphers zone setting. */
  readonly advancedCertificateManager: boolean;
  readonly owasp: { readonly paranoiaLevel: number; readonly scoreThreshold: string; readonly action: string };
}
