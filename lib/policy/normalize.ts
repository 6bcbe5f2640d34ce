import { AWS_WAF_CAPABILITIES } from './edges/aws-waf-capabilities';
import type { ChecklistItemId } from '../checklist/items';
import { compareStrings } from '../core/compare-strings';
import { durationSeconds } from '../profile/duration';
import type { HardeningProfile, RateKeyPart, RateLimitProfile } from '../profile/schema';
import type { Condition, HeadersPolicy, Policy, PolicyRule, PolicySecret, PolicyService, RateKey, RequestField, SecretsPolicy } from './model';

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
  const edges = [...profile.edges];
  return {
    name: profile.name,
    environment: profile.environment,
    edges,
    rules: buildRules(profile),
    tls: {
      minVersion: profile.tls.minVersion,
      postQuantum: profile.tls.postQuantum,
      hsts: { ...profile.tls.hsts },
    },
    headers: buildHeaders(profile),
    cors: {
      allowedOrigins: profile.cors.allowedOrigins.filter((origin) => origin !== '*'),
      allowAnyOrigin: profile.cors.allowedOrigins.includes('*'),
      allowCredentials: profile.cors.allowCredentials,
      allowedMethods: [...profile.cors.allowedMethods],
      allowedHeaders: [...profile.cors.allowedHeaders],
      maxAgeSeconds: profile.cors.maxAgeSeconds,
    },
    waf: {
      sqlInjectionSensitivity: profile.waf.sqlInjectionSensitivity,
      customRulesWhenManaged: profile.waf.customRulesWhenManaged,
    },
    wafLogging: {
      enabled: profile.waf.logging.enabled,
      retentionDays: profile.waf.logging.retentionDays,
      redactHeaders: unique(profile.waf.logging.redactHeaders),
    },
    auth: {
      jwt: {
        algorithm: profile.auth.jwt.algorithm,
        secretBytes: profile.auth.jwt.secretBytes,
        accessTokenTtlSeconds: durationSeconds(profile.auth.jwt.accessTokenTtl),
        refreshTokenTtlSeconds: durationSeconds(profile.auth.jwt.refreshTokenTtl),
      },
      loginPaths: [...profile.auth.loginPaths],
      lockout: { ...profile.auth.lockout },
    },
    secrets: buildSecrets(profile),
    monitoring: {
      emails: [...profile.monitoring.notify.email],
      ...(profile.monitoring.notify.snsTopicArn ? { snsTopicArn: profile.monitoring.notify.snsTopicArn } : {}),
      hasNotificationTarget: profile.monitoring.notify.email.length > 0 || profile.monitoring.notify.snsTopicArn !== undefined,
      certificateExpiryDays: { ...profile.monitoring.alarms.certificateExpiryDays },
      wafBlockedPerMinute: profile.monitoring.alarms.wafBlockedPerMinute,
      rateLimitedPerMinute: profile.monitoring.alarms.rateLimitedPerMinute,
      authFailuresPerHour: profile.monitoring.alarms.authFailuresPerHour,
      serverErrorsPerMinute: profile.monitoring.alarms.serverErrorsPerMinute,
      logRetentionDays: profile.monitoring.logRetentionDays,
    },
    network: {
      ingressPorts: [...new Set(profile.network.ingressPorts)].sort((a, b) => a - b),
      adminCidrs: unique(profile.network.adminCidrs),
      sshAllowed: profile.network.adminCidrs.length > 0,
      requireImdsv2: profile.network.requireImdsv2,
    },
    cloudflare: {
      plan: profile.cloudflare.plan,
      addOns: [...profile.cloudflare.addOns],
      sslMode: profile.cloudflare.sslMode,
      owasp: { ...profile.cloudflare.owasp },
    },
  };
}

function buildRules(profile: HardeningProfile): PolicyRule[] {
  const edges = [...profile.edges];
  const managed = profile.waf.managedRules;
  const coveredBy = (item: ChecklistItemId) => managed.filter((set) => MANAGED_COVERAGE[set].includes(item));
  const rules: PolicyRule[] = [];
  const { waf } = profile;

  if (waf.ipAllowlist.length > 0) {
    rules.push({
      id: 'ip-allowlist',
      description: 'Allow the IP allowlist before any other rule',
      kind: 'ip-allowlist',
      intent: 'allow',
      match: { type: 'sourceIp', cidrs: unique(waf.ipAllowlist) },
      coveredBy: [],
      implements: ['firewall'],
      edges,
      source: 'waf.ipAllowlist',
    });
  }
  if (waf.ipBlocklist.length > 0) {
    rules.push({
      id: 'ip-blocklist',
      description: 'Block the IP blocklist',
      kind: 'ip-blocklist',
      intent: 'block',
      match: { type: 'sourceIp', cidrs: unique(waf.ipBlocklist) },
      coveredBy: [],
      implements: ['firewall'],
      edges,
      source: 'waf.ipBlocklist',
    });
  }
  if (waf.geoBlock.length > 0) {
    rules.push({
      id: 'geo-block',
      description: `Block requests from ${unique(waf.geoBlock).join(', ')}`,
      kind: 'geo-block',
      intent: 'block',
      match: { type: 'country', codes: unique(waf.geoBlock) },
      coveredBy: [],
      implements: ['firewall'],
      edges,
      source: 'waf.geoBlock',
    });
  }
  profile.rateLimits.forEach((limit, index) => rules.push(rateRule(limit, index, profile)));
  for (const set of [...new Set(managed)]) {
    rules.push({
      source: `waf.managedRules[${managed.indexOf(set)}]`,
      id: `managed-${set}`,
      description: `Managed protection: ${set}`,
      kind: 'managed',
      intent: 'block',
      match: { type: 'always' },
      managedRuleSet: set,
      coveredBy: [],
      implements: [...MANAGED_COVERAGE[set]],
      edges,
    });
  }
  if (waf.badBots.userAgents.length > 0) {
    rules.push({
      id: 'bad-bots',
      description: `${capitalize(waf.badBots.action)} known bad bots by user agent`,
      kind: 'bad-bots',
      intent: waf.badBots.action,
      match: {
        type: 'any',
        conditions: unique(waf.badBots.userAgents.map((ua) => ua.toLowerCase())).map((ua): Condition => ({
          type: 'string',
          field: { type: 'userAgent' },
          operator: 'contains',
          value: ua,
          caseSensitive: false,
        })),
      },
      coveredBy: coveredBy('badBots'),
      implements: ['badBots'],
      edges,
      source: 'waf.badBots',
    });
  }
  if (waf.block.sqlInjection) {
    rules.push({
      id: 'sql-injection',
      description: 'Block SQL injection in the path, query string, body and cookies',
      kind: 'sql-injection',
      intent: 'block',
      match: { type: 'attack', attack: 'sqlInjection', fields: [PATH, QUERY, BODY, COOKIES] },
      coveredBy: coveredBy('sqlInjection'),
      implements: ['sqlInjection'],
      edges,
      source: 'waf.block.sqlInjection',
    });
  }
  if (waf.block.crossSiteScripting) {
    rules.push({
      id: 'cross-site-scripting',
      description: 'Block cross-site scripting in the path, query string, body and cookies',
      kind: 'cross-site-scripting',
      intent: 'block',
      match: { type: 'attack', attack: 'crossSiteScripting', fields: [PATH, QUERY, BODY, COOKIES] },
      coveredBy: coveredBy('crossSiteScripting'),
      implements: ['crossSiteScripting'],
      edges,
      source: 'waf.block.crossSiteScripting',
    });
  }
  if (waf.block.pathTraversal) {
    rules.push({
      id: 'path-traversal',
      description: 'Block path traversal, plain and URL-encoded, in the path and query string',
      kind: 'path-traversal',
      intent: 'block',
      match: { type: 'attack', attack: 'pathTraversal', fields: [PATH, QUERY] },
      coveredBy: coveredBy('pathTraversal'),
      implements: ['pathTraversal'],
      edges,
      source: 'waf.block.pathTraversal',
    });
  }
  return rules;
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
