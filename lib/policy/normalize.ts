import { AWS_WAF_CAPABILITIES } from './edges/aws-waf-capabilities';
import type { ChecklistItemId } from '../checklist/items';
import { compareStrings } from '../core/compare-strings';
import { durationSeconds } from '../profile/duration';
import type { HardeningProfile, RateKeyPart, RateLimitProfile } from '../profile/schema';
import type { Condition, HeadersPolicy, Policy, PolicyRule, PolicySecret, PolicyService, RateKey, RequestField, SecretsPolicy } from './model';
import { lowerAscii } from '../core/lower-ascii';
import { originBehind } from '../profile/origin-behind';

const PATH: RequestField = { type: 'path' };
const QUERY: RequestField = { type: 'query' };
const BODY: RequestField = { type: 'body' };
const COOKIES: RequestField = { type: 'header', name: 'cookie' };

/** What each managed rule set implements, and which custom protections it already covers. */
/** What each profile rule set covers, as the AWS managed groups it names cover it (the profile's managed rule sets are AWS WAF's). */
const MANAGED_COVERAGE = AWS_WAF_CAPABILITIES.managedCoverage;

/**
 * Normalizes a validated profile into the edge-neutral policy. Pure and deterministic: no
 * clock, no randomness, and every unordered collection is sorted.
 */
export function buildPolicy(profile: HardeningProfile): Policy {
  return {
    name: profile.name,
    environment: profile.environment,
    edges: [...profile.edges],
    rules: buildRules(profile),
    tls: {
      minVersion: profile.tls.minVersion,
      ciphers: profile.tls.ciphers,
      postQuantum: profile.tls.postQuantum,
      hsts: { ...profile.tls.hsts },
    },
    headers: buildHeaders(profile),
    cors: buildCors(profile),
    waf: {
      sqlInjectionSensitivity: profile.waf.sqlInjectionSensitivity,
      customRulesWhenManaged: profile.waf.customRulesWhenManaged,
    },
    wafLogging: {
      enabled: profile.waf.logging.enabled,
      retentionDays: profile.waf.logging.retentionDays,
      redactHeaders: unique(profile.waf.logging.redactHeaders),
    },
    auth: buildAuth(profile),
    secrets: buildSecrets(profile),
    monitoring: buildMonitoring(profile),
    network: buildNetwork(profile),
    cloudflare: {
      plan: profile.cloudflare.plan,
      addOns: [...profile.cloudflare.addOns],
      sslMode: profile.cloudflare.sslMode,
      advancedCertificateManager: profile.cloudflare.advancedCertificateManager,
      owasp: { ...profile.cloudflare.owasp },
    },
  };
}

function buildCors({ cors }: HardeningProfile): Policy['cors'] {
  return {
    allowedOrigins: cors.allowedOrigins.filter((origin) => origin !== '*'),
    allowAnyOrigin: cors.allowedOrigins.includes('*'),
    allowCredentials: cors.allowCredentials,
    allowedMethods: [...cors.allowedMethods],
    allowedHeaders: [...cors.allowedHeaders],
    maxAgeSeconds: cors.maxAgeSeconds,
  };
}

function buildAuth({ auth }: HardeningProfile): Policy['auth'] {
  return {
    jwt: {
      algorithm: auth.jwt.algorithm,
      secretBytes: auth.jwt.secretBytes,
      accessTokenTtlSeconds: durationSeconds(auth.jwt.accessTokenTtl),
      refreshTokenTtlSeconds: durationSeconds(auth.jwt.refreshTokenTtl),
    },
    loginPaths: [...auth.loginPaths],
    lockout: { ...auth.lockout },
  };
}

function buildMonitoring({ monitoring }: HardeningProfile): Policy['monitoring'] {
  const { notify, alarms } = monitoring;
  return {
    emails: [...notify.email],
    ...(notify.snsTopicArn ? { snsTopicArn: notify.snsTopicArn } : {}),
    hasNotificationTarget: notify.email.length > 0 || notify.snsTopicArn !== undefined,
    certificateExpiryDays: { ...alarms.certificateExpiryDays },
    wafBlockedPerMinute: alarms.wafBlockedPerMinute,
    rateLimitedPerMinute: alarms.rateLimitedPerMinute,
    authFailuresPerHour: alarms.authFailuresPerHour,
    serverErrorsPerMinute: alarms.serverErrorsPerMinute,
    attacksPerMinute: { ...alarms.attacksPerMinute },
    logRetentionDays: monitoring.logRetentionDays,
    auditSecretReads: [...monitoring.auditSecretReads],
    cloudTrail: monitoring.cloudTrail,
  };
}

function buildNetwork(profile: HardeningProfile): Policy['network'] {
  const { network } = profile;
  return {
    ingressPorts: [...new Set(network.ingressPorts)].sort((a, b) => a - b),
    adminCidrs: unique(network.adminCidrs),
    sshAllowed: network.adminCidrs.length > 0,
    requireImdsv2: network.requireImdsv2,
    appPorts: [...new Set(network.appPorts)].sort((a, b) => a - b),
    egress: {
      https: unique(network.egress.https),
      httpsWithinVpc: network.egress.httpsWithinVpc,
      dependencies: network.egress.dependencies.map((dependency) => ({ name: dependency.name, port: dependency.port, to: unique(dependency.to) })),
    },
    origin: buildOrigin(profile),
  };
}

/**
 * The client-address header is implied by the lock: trusted only from the proxy the origin
 * admits alone, and only when that proxy sets it to the one connecting address (Cloudflare's
 * CF-Connecting-IP). Behind CloudFront there is none: it appends to an X-Forwarded-For the
 * client wrote, so the first address is the client's to choose.
 */
function buildOrigin(profile: HardeningProfile): Policy['network']['origin'] {
  const behind = originBehind(profile);
  const behindCloudflare = behind === 'cloudflare';
  return {
    behind,
    authenticatedOriginPulls: profile.network.origin.authenticatedOriginPulls ?? behindCloudflare,
    ...(behindCloudflare ? { clientIpHeader: 'CF-Connecting-IP' as const } : {}),
    clientIpHeaderMatchable: behindCloudflare,
  };
}

/** The policy's rules in evaluation order: IP lists and countries, rate limits, managed sets, bad bots, then the attack rules. */
function buildRules(profile: HardeningProfile): PolicyRule[] {
  return [
    ...ipListRules(profile),
    ...profile.rateLimits.map((limit, index) => rateRule(limit, index, profile)),
    ...managedRules(profile),
    ...badBotsRules(profile),
    ...attackRules(profile),
  ];
}

/** The allowlist, the blocklist and the blocked countries, each a rule when it lists anything. */
function ipListRules(profile: HardeningProfile): PolicyRule[] {
  const { waf } = profile;
  const edges = [...profile.edges];
  const rule = (id: 'ip-allowlist' | 'ip-blocklist' | 'geo-block', description: string, match: Condition, source: string): PolicyRule => ({
    id,
    description,
    kind: id,
    intent: id === 'ip-allowlist' ? 'allow' : 'block',
    match,
    coveredBy: [],
    implements: ['firewall'],
    edges,
    source,
  });
  return [
    ...(waf.ipAllowlist.length > 0
      ? [rule('ip-allowlist', 'Allow the IP allowlist before any other rule', { type: 'sourceIp', cidrs: unique(waf.ipAllowlist) }, 'waf.ipAllowlist')]
      : []),
    ...(waf.ipBlocklist.length > 0
      ? [rule('ip-blocklist', 'Block the IP blocklist', { type: 'sourceIp', cidrs: unique(waf.ipBlocklist) }, 'waf.ipBlocklist')]
      : []),
    ...(waf.geoBlock.length > 0
      ? [rule('geo-block', `Block requests from ${unique(waf.geoBlock).join(', ')}`, { type: 'country', codes: unique(waf.geoBlock) }, 'waf.geoBlock')]
      : []),
  ];
}

/** One rule per managed rule set, each listed once, in the order first written. */
function managedRules(profile: HardeningProfile): PolicyRule[] {
  const managed = profile.waf.managedRules;
  return [...new Set(managed)].map((set) => ({
    source: `waf.managedRules[${managed.indexOf(set)}]`,
    id: `managed-${set}`,
    description: `Managed protection: ${set}`,
    kind: 'managed',
    intent: 'block',
    match: { type: 'always' },
    managedRuleSet: set,
    coveredBy: [],
    implements: [...MANAGED_COVERAGE[set]],
    edges: [...profile.edges],
  }));
}

/** The managed rule sets of the profile that already cover a checklist item. */
function managedCoverage(profile: HardeningProfile, item: ChecklistItemId): PolicyRule['coveredBy'] {
  return profile.waf.managedRules.filter((set) => MANAGED_COVERAGE[set].includes(item));
}

function badBotsRules(profile: HardeningProfile): PolicyRule[] {
  const { badBots } = profile.waf;
  if (badBots.userAgents.length === 0) return [];
  const conditions = unique(badBots.userAgents.map(lowerAscii)).map((ua): Condition => ({
    type: 'string',
    field: { type: 'userAgent' },
    operator: 'contains',
    value: ua,
    caseSensitive: false,
  }));
  return [
    {
      id: 'bad-bots',
      description: `${capitalize(badBots.action)} known bad bots by user agent`,
      kind: 'bad-bots',
      intent: badBots.action,
      match: { type: 'any', conditions },
      coveredBy: managedCoverage(profile, 'badBots'),
      implements: ['badBots'],
      edges: [...profile.edges],
      source: 'waf.badBots',
    },
  ];
}

/** The attack rules a profile can switch on (waf.block), in rule order, with the request fields each inspects. */
const ATTACK_RULES = [
  {
    attack: 'sqlInjection',
    id: 'sql-injection',
    description: 'Block SQL injection in the path, query string, body and cookies',
    fields: [PATH, QUERY, BODY, COOKIES],
  },
  {
    attack: 'crossSiteScripting',
    id: 'cross-site-scripting',
    description: 'Block cross-site scripting in the path, query string, body and cookies',
    fields: [PATH, QUERY, BODY, COOKIES],
  },
  {
    attack: 'pathTraversal',
    id: 'path-traversal',
    description: 'Block path traversal, plain and URL-encoded, in the path and query string',
    fields: [PATH, QUERY],
  },
] as const;

function attackRules(profile: HardeningProfile): PolicyRule[] {
  return ATTACK_RULES.filter(({ attack }) => profile.waf.block[attack]).map(({ attack, id, description, fields }) => ({
    id,
    description,
    kind: id,
    intent: 'block',
    match: { type: 'attack', attack, fields: [...fields] },
    coveredBy: managedCoverage(profile, attack),
    implements: [attack],
    edges: [...profile.edges],
    source: `waf.block.${attack}`,
  }));
}

function rateRule(limit: RateLimitProfile, index: number, profile: HardeningProfile): PolicyRule {
  const keys = (Array.isArray(limit.key) ? limit.key : [limit.key]).map(rateKey);
  // A limit aimed at the login paths by name is the brute-force limit; a prefix limit is an API limit.
  const coversLogin = (limit.match?.paths ?? []).some((path) => profile.auth.loginPaths.includes(path));
  const perIdentity = keys.some((key) => key.type !== 'ip');
  const implemented: ChecklistItemId[] = [
    ...(coversLogin ? (['authRateLimit', 'bruteForceLockout'] as const) : (['apiRateLimit'] as const)),
    ...(perIdentity ? (['perIdentityRateLimits'] as const) : []),
  ];
  return {
    id: `rate-${limit.name}`,
    description: `${capitalize(limit.action)} over ${limit.limit} requests per ${limit.windowSeconds} s per ${keys.map(describeKey).join(' and ')}`,
    kind: 'rate-limit',
    intent: limit.action,
    match: rateMatch(limit),
    rate: { limit: limit.limit, windowSeconds: limit.windowSeconds, keys },
    coveredBy: [],
    implements: implemented,
    edges: [...(limit.edges ?? profile.edges)],
    source: `rateLimits[${index}]`,
  };
}

function rateMatch(limit: RateLimitProfile): Condition {
  const conditions: Condition[] = [];
  const match = limit.match;
  if (match?.pathPrefix !== undefined) conditions.push({ type: 'string', field: PATH, operator: 'startsWith', value: match.pathPrefix, caseSensitive: true });
  if (match?.paths !== undefined) conditions.push({ type: 'in', field: PATH, values: unique(match.paths) });
  if (match?.methods !== undefined) conditions.push({ type: 'in', field: { type: 'method' }, values: unique(match.methods) });
  if (conditions.length === 0) return { type: 'always' };
  return conditions.length === 1 ? conditions[0] : { type: 'all', conditions };
}

function rateKey(part: RateKeyPart): RateKey {
  if (part === 'ip') return { type: 'ip' };
  if ('header' in part) return { type: 'header', name: part.header };
  if ('cookie' in part) return { type: 'cookie', name: part.cookie };
  return { type: 'queryArg', name: part.queryArg };
}

function describeKey(key: RateKey): string {
  return key.type === 'ip' ? 'IP' : `${key.type} ${key.name}`;
}

function buildHeaders(profile: HardeningProfile): HeadersPolicy {
  const { headers, tls } = profile;
  const csp = sortDirectives(headers.contentSecurityPolicy);
  const hsts = [`max-age=${tls.hsts.maxAgeSeconds}`, tls.hsts.includeSubdomains ? 'includeSubDomains' : undefined, tls.hsts.preload ? 'preload' : undefined]
    .filter((part) => part !== undefined)
    .join('; ');
  const permissions = Object.keys(headers.permissionsPolicy)
    .sort()
    .map((feature) => `${feature}=(${headers.permissionsPolicy[feature].map(permissionsOrigin).join(' ')})`)
    .join(', ');
  const values: Record<string, string> = {
    'Content-Security-Policy': Object.entries(csp)
      .map(([directive, sources]) => [directive, ...sources].join(' '))
      .join('; '),
    'Permissions-Policy': permissions,
    'Referrer-Policy': headers.referrerPolicy,
    'Strict-Transport-Security': hsts,
    'X-Content-Type-Options': headers.contentTypeOptions,
    'X-Frame-Options': headers.frameOptions,
    'X-XSS-Protection': headers.xssProtection,
  };
  if (values['Content-Security-Policy'] === '') delete values['Content-Security-Policy'];
  if (values['Permissions-Policy'] === '') delete values['Permissions-Policy'];
  return { values, contentSecurityPolicy: csp };
}

/** Permissions-Policy allowlist entries: keywords (self, src, *) bare, origins quoted. */
function permissionsOrigin(origin: string): string {
  return origin === 'self' || origin === 'src' || origin === '*' ? origin : `"${origin}"`;
}

/** default-src first (the fallback a reader looks for), then alphabetical. */
function sortDirectives(directives: Readonly<Record<string, readonly string[]>>): Record<string, readonly string[]> {
  const names = Object.keys(directives).sort((a, b) => (a === 'default-src' ? -1 : b === 'default-src' ? 1 : compareStrings(a, b)));
  return Object.fromEntries(names.map((name) => [name, [...directives[name]]]));
}

function buildSecrets(profile: HardeningProfile): SecretsPolicy {
  const { secrets } = profile;
  const namespace = secrets.namespace ?? profile.environment;
  const declared = secrets.services.map((service) => ({ name: service.name, reads: service.reads, tokenTtl: service.tokenTtl }));
  // Without declared services, each service that owns secrets reads only its own namespace.
  const sources =
    declared.length > 0 ? declared : unique(secrets.items.map((item) => item.service)).map((name) => ({ name, reads: [`${name}/*`], tokenTtl: undefined }));
  const maxSessionSeconds = durationSeconds(secrets.access.maxSessionDuration);
  const services: PolicyService[] = sources
    .map((service) => ({
      name: service.name,
      readPrefixes: unique(service.reads.map((scope) => scopeToPrefix(namespace, scope))),
      readsEverything: service.reads.includes('*'),
      sessionSeconds: service.tokenTtl !== undefined ? durationSeconds(service.tokenTtl) : maxSessionSeconds,
    }))
    .sort((a, b) => compareStrings(a.name, b.name));
  const items: PolicySecret[] = secrets.items.map((item) => {
    const id = `${namespace}/${item.service}/${item.name}`;
    return {
      id,
      name: item.name,
      service: item.service,
      tier: item.tier,
      source: item.generate ? 'generated' : item.database ? 'database' : item.bundle ? 'bundle' : 'external',
      ...(item.generate ? { generate: { ...item.generate } } : {}),
      ...(item.database ? { database: { ...item.database } } : {}),
      ...(item.bundle ? { bundle: [...item.bundle] } : {}),
      rotationDays: item.rotateAfterDays ?? secrets.maxRotationDays,
      readers: services.filter((service) => service.readPrefixes.some((prefix) => covers(prefix, id))).map((service) => service.name),
    };
  });
  const approvals = secrets.approvals;
  return {
    namespace,
    maxRotationDays: secrets.maxRotationDays,
    items,
    services,
    access: {
      allowedCidrs: unique(secrets.access.allowedCidrs),
      vpcEndpointIds: unique(secrets.access.vpcEndpointIds),
      maxSessionSeconds,
    },
    approvals: {
      ...(approvals?.standard ? { standard: { ...approvals.standard } } : {}),
      ...(approvals?.sensitive ? { sensitive: { ...approvals.sensitive } } : {}),
      ...(approvals?.critical ? { critical: { ...approvals.critical } } : {}),
    },
    approvers: unique(approvals?.approvers ?? []),
  };
}

/** A read scope as a name prefix: `payment/*` → `production/payment/`; `*` → `production/`. */
function scopeToPrefix(namespace: string, scope: string): string {
  if (scope === '*') return `${namespace}/`;
  // An environment-qualified scope (production/payment/*) has passed validation only for this environment.
  const local = /^(production|staging|dev)\/[a-z0-9-]+\//.test(scope) ? scope.slice(scope.indexOf('/') + 1) : scope;
  if (local !== scope) return scopeToPrefix(namespace, local);
  if (scope.endsWith('/*')) return `${namespace}/${scope.slice(0, -1)}`;
  if (!scope.includes('/')) return `${namespace}/${scope}/`;
  return `${namespace}/${scope}`;
}

function covers(prefix: string, id: string): boolean {
  return prefix.endsWith('/') ? id.startsWith(prefix) : id === prefix;
}

function unique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
