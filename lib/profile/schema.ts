import { z } from 'zod';
import { cidrProblem, coversWholeAddressSpace } from './cidr';
import { cspListProblem, cspValueProblem, permissionsAllowlistProblem, type HeaderValueProblem } from './header-values';
import { mayHoldSecret } from '../core/secret-patterns';
import { registerHint } from './issue-hints';
import { DURATION_PATTERN, parseDurationSeconds } from './duration';
import { originBehind } from './origin-behind';

/*
 * The hardening profile: the single source of truth for its TypeScript types, its runtime
 * validation, its defaults and the JSON Schema that editors use (schema/profile.schema.json).
 *
 * The schema accepts what can be expressed and deployed; whether a value is weak is the
 * doctor's business (lib/checks/doctor), so that a weak profile gets a finding with the
 * checklist item it misses, not a validation error.
 */

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,127}$/;
const HEADER_NAME_PATTERN = /^[A-Za-z0-9-]{1,255}$/;
const secretName = () =>
  pattern(
    SECRET_NAME_PATTERN,
    'must be an environment variable name',
    'uppercase letters, digits and underscores, starting with a letter (e.g. STRIPE_SECRET_KEY)',
    'rename it in UPPER_SNAKE_CASE',
  );
const urlPath = () => pattern(/^\/[^\s]*$/, 'is not a URL path', 'a path starting with / and without spaces, e.g. /api/auth/login', 'start the path with /');
const headerName = () =>
  pattern(HEADER_NAME_PATTERN, 'is not an HTTP header name', 'letters, digits and hyphens (e.g. x-user-id)', 'remove spaces, colons and other punctuation');

/** Attaches what is allowed and how to fix it to a custom check's issue. */
function hint(allowed: string, fix: string) {
  return { params: { allowed, fix } };
}

/** A pattern check whose issue says what is allowed and how to fix it. */
function pattern(regex: RegExp, message: string, allowed: string, fix: string) {
  registerHint(message, { allowed, fix });
  return z.string().regex(regex, { message });
}

const name = () =>
  pattern(
    NAME_PATTERN,
    'must be lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters',
    'e.g. "astra-production"',
    'rename it, e.g. "payment-service"',
  );

const cidr = () =>
  z.string().superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        message: problem,
        ...hint('an IPv4 or IPv6 CIDR block such as 10.0.1.100/32', 'write the network address and prefix length'),
      });
    }
  });

/** A CIDR for a WAF IP set: /0 (the whole internet) is not accepted there. */
const ipListCidr = () =>
  cidr().superRefine((value, ctx) => {
    if (/\/0$/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'is the whole internet, which an IP list cannot hold',
        ...hint('a CIDR block with a prefix of /1 or longer', 'list the networks you mean, or drop the list'),
      });
    }
  });

/**
 * An allowlist whose blocks together cover a whole address family (0.0.0.0/1 and 128.0.0.0/1)
 * allows everyone, like /0, however it is split.
 */
function notWholeAddressSpace(cidrs: string[], ctx: z.RefinementCtx): void {
  if (cidrs.some((value) => cidrProblem(value) !== undefined)) return;
  const family = coversWholeAddressSpace(cidrs);
  if (family !== undefined) {
    ctx.addIssue({
      code: 'custom',
      input: cidrs,
      message: `together cover every ${family} address, so the list allows everyone`,
      ...hint('blocks that leave out some of the address space: the networks you trust', 'list only the networks you mean'),
    });
  }
}

/** Where a security group may send traffic: a CIDR block or a managed prefix list (pl-…), e.g. S3's gateway endpoint. */
const egressDestination = () =>
  z.string().superRefine((value, ctx) => {
    const problem = value.startsWith('pl-') ? (/^pl-[0-9a-f]{8,17}$/.test(value) ? undefined : 'is not a prefix-list ID') : cidrProblem(value);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        message: problem,
        ...hint(
          'a CIDR block such as 10.0.2.0/24, or a prefix-list ID such as pl-63a5400a',
          'write the network and prefix length, or copy the pl- ID from the VPC console',
        ),
      });
    }
  });

const duration = (min: number, max: number) =>
  pattern(DURATION_PATTERN, 'is not a duration', 'a whole number and a unit: s, m, h or d (e.g. 15m, 1h, 7d)', 'write it like 15m or 7d')
    .superRefine((value, ctx) => {
      const seconds = parseDurationSeconds(value);
      if (seconds !== undefined && (seconds < min || seconds > max)) {
        ctx.addIssue({
          code: 'custom',
          message: `is outside ${min}s…${max}s`,
          ...hint(`from ${min} to ${max} seconds`, 'choose a duration within the range'),
        });
      }
    })
    .meta({ description: `A duration: a whole number and a unit (s, m, h, d). From ${min} to ${max} seconds.` });

const httpsOrigin = () =>
  z.string().superRefine((value, ctx) => {
    if (value === '*') return;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    const allowed = 'a scheme and host with no path or trailing slash, e.g. https://app.example.com, or "*"';
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      ctx.addIssue({ code: 'custom', message: 'is not an http(s) origin', ...hint(allowed, 'write a scheme and host, e.g. https://app.example.com') });
    } else if (url.origin !== value) {
      ctx.addIssue({ code: 'custom', message: 'is not an origin as browsers send it', ...hint(allowed, `write it as ${url.origin}`) });
    }
  });

const intInRange = (min: number, max: number) => z.number().int().min(min).max(max);

/** The default waf.badBots.userAgents: substrings of the user agents of vulnerability scanners and attack tools. */
export const DEFAULT_BAD_BOTS: readonly string[] = [
  'sqlmap',
  'nikto',
  'nmap',
  'masscan',
  'zgrab',
  'nuclei',
  'wpscan',
  'dirbuster',
  'gobuster',
  'ffuf',
  'fuzz faster u fool',
  'feroxbuster',
  'acunetix',
  'netsparker',
  'w3af',
  'havij',
  'jorgee',
  'zmeu',
  'commix',
  'whatweb',
  'openvas',
  'nessus',
  'arachni',
  'skipfish',
  'appscan',
  'appspider',
  'bfac',
  'cmsmap',
  'detectify',
  'dotdotpwn',
  'droopescan',
  'fimap',
  'ghauri',
  'graphql-cop',
  'graphw00f',
  'ironwasp',
  'jbrofuzz',
  'joomscan',
  'jsql',
  'kadimus',
  'l9explore',
  'l9tcpid',
  'lfimap',
  'lfisuite',
  'libwhisker',
  'morfeus',
  'mozlila',
  'n-stalker',
  'netlab360',
  'nettacker',
  'noseyparker',
  'qualysguard',
  'shortscan',
  'sitelockspider',
  'sqlninja',
  'sstimap',
  'sysscan',
  'tplmap',
  'trufflehog',
  'tsunamisecurityscanner',
  'wapiti',
  'webshag',
  'wfuzz',
  'whatwaf',
  'wpprobe',
  'wprecon',
  'xsser',
  'xsstrike',
  'yeswehack',
  'bewica-security-scan',
  'webbandit',
  '(hydra)',
  'vega/',
  'dalfox',
  'paros/',
  'webinspect',
  // Skipfish's default agent is "Mozilla/5.0 SF/<version>"; the space before SF/ keeps it off other products.
  'mozilla/5.0 sf/',
  'fuzz faster',
  'panoptic',
  'tinja',
  'betabot',
];

export const EDGES = ['aws', 'cloudflare'] as const;
export const ENVIRONMENTS = ['production', 'staging', 'dev'] as const;
export const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;
/** TLS 1.2 cipher suite policies; lib/policy/tls-cipher-suites.ts lists each one's suites. */
export const TLS_CIPHER_POLICIES = ['modern', 'compatible'] as const;
export const RULE_ACTIONS = ['block', 'challenge', 'count'] as const;
export const SECRET_TIERS = ['standard', 'sensitive', 'critical'] as const;
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const CLOUDFLARE_PLANS = ['free', 'pro', 'business', 'enterprise'] as const;
/** Enterprise add-ons a zone may have; lib/cloudflare/add-ons.ts says what each one unlocks. */
export const CLOUDFLARE_ADD_ONS = ['advancedRateLimiting', 'botManagement'] as const;
export const CLOUDFLARE_SSL_MODES = ['off', 'flexible', 'full', 'strict'] as const;
/** What sits in front of the origin (the load balancer): nothing, CloudFront, or Cloudflare's proxy. */
export const ORIGIN_PROXIES = ['internet', 'cloudfront', 'cloudflare'] as const;
export const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
] as const;
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Edge-neutral names of managed protections; each edge maps them to its own managed groups. */
export const MANAGED_RULE_SETS = [
  'common',
  'knownBadInputs',
  'sqlDatabase',
  'linux',
  'unix',
  'windows',
  'php',
  'wordpress',
  'adminProtection',
  'ipReputation',
  'anonymousIp',
  'botControl',
] as const;

const hstsSchema = z
  .strictObject({
    maxAgeSeconds: intInRange(0, 63_072_000).default(31_536_000).meta({ description: 'Strict-Transport-Security max-age.' }),
    includeSubdomains: z.boolean().default(true),
    preload: z.boolean().default(false),
  })
  .prefault({});

const tlsSchema = z
  .strictObject({
    minVersion: z.enum(TLS_VERSIONS).default('1.2').meta({ description: 'Lowest TLS version accepted from viewers.' }),
    hsts: hstsSchema,
    ciphers: z.enum(TLS_CIPHER_POLICIES).default('modern').meta({
      description:
        'TLS 1.2 cipher suites: modern (forward-secret AEAD only: ECDHE with AES-GCM or ChaCha20-Poly1305) or compatible (also ECDHE with AES-CBC and SHA-256/384, for older clients). TLS 1.3 suites are all forward-secret AEAD.',
    }),
    postQuantum: z.boolean().default(false).meta({ description: 'Prefer hybrid post-quantum key exchange policies where the edge offers them.' }),
  })
  .prefault({});

/** Content-Security-Policy Level 3 directives (and the widely deployed upgrade-insecure-requests). */
export const CSP_DIRECTIVES = [
  'default-src',
  'script-src',
  'script-src-elem',
  'script-src-attr',
  'style-src',
  'style-src-elem',
  'style-src-attr',
  'img-src',
  'font-src',
  'connect-src',
  'media-src',
  'object-src',
  'frame-src',
  'child-src',
  'worker-src',
  'manifest-src',
  'base-uri',
  'form-action',
  'frame-ancestors',
  'sandbox',
  'report-uri',
  'report-to',
  'upgrade-insecure-requests',
  'require-trusted-types-for',
  'trusted-types',
] as const;

/** Adds a header value's problem as an issue at a path. */
function addHeaderValueProblem(ctx: z.RefinementCtx, path: PropertyKey[], input: unknown, problem: HeaderValueProblem | undefined): void {
  if (problem) ctx.addIssue({ code: 'custom', path, input, message: problem.message, ...hint(problem.allowed, problem.fix) });
}

const cspSchema = z
  .partialRecord(z.enum(CSP_DIRECTIVES), z.array(z.string().min(1)))
  .superRefine((directives, ctx) => {
    for (const [directive, values] of Object.entries(directives)) {
      if (values === undefined) continue;
      values.forEach((value, index) => addHeaderValueProblem(ctx, [directive, index], value, cspValueProblem(directive, value)));
      addHeaderValueProblem(ctx, [directive], values, cspListProblem(values));
    }
  })
  .meta({ description: 'Content-Security-Policy as directives; an empty list renders a directive with no value (e.g. upgrade-insecure-requests).' });

const headersSchema = z
  .strictObject({
    contentSecurityPolicy: cspSchema.default({
      'default-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
    }),
    frameOptions: z.enum(['DENY', 'SAMEORIGIN']).default('DENY'),
    contentTypeOptions: z.literal('nosniff').default('nosniff'),
    referrerPolicy: z.enum(REFERRER_POLICIES).default('strict-origin-when-cross-origin'),
    permissionsPolicy: z
      .record(
        pattern(/^[a-z][a-z0-9-]{0,63}$/, 'is not a Permissions-Policy feature', 'lowercase feature names such as camera', 'write the feature in lowercase'),
        z.array(z.string().superRefine((value, ctx) => addHeaderValueProblem(ctx, [], value, permissionsAllowlistProblem(value)))),
      )
      .default({ geolocation: [], microphone: [], camera: [], payment: [] })
      .meta({ description: 'Permissions-Policy features and their allowlists; an empty list disables the feature.' }),
    xssProtection: z.enum(['0', '1; mode=block']).default('1; mode=block'),
  })
  .prefault({});

const corsSchema = z
  .strictObject({
    allowedOrigins: z.array(httpsOrigin()).default([]).meta({ description: 'Origins allowed to make cross-origin requests; "*" allows any.' }),
    allowCredentials: z.boolean().default(false),
    allowedMethods: z.array(z.enum(HTTP_METHODS)).default(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']),
    allowedHeaders: z.array(headerName()).default(['Authorization', 'Content-Type', 'X-Request-ID']),
    maxAgeSeconds: intInRange(0, 86_400).default(600),
  })
  .prefault({});

const wafSchema = z
  .strictObject({
    managedRules: z.array(z.enum(MANAGED_RULE_SETS)).default(['common', 'knownBadInputs', 'sqlDatabase', 'ipReputation']),
    block: z
      .strictObject({
        sqlInjection: z.boolean().default(true),
        crossSiteScripting: z.boolean().default(true),
        pathTraversal: z.boolean().default(true),
      })
      .prefault({}),
    sqlInjectionSensitivity: z.enum(['low', 'high']).default('low'),
    customRulesWhenManaged: z
      .boolean()
      .default(false)
      .meta({ description: 'Also emit the custom SQLi, XSS, traversal and bad-bot rules when a managed rule set already covers them (pays for both).' }),
    badBots: z
      .strictObject({
        // Scanner and attack tools only (after OWASP CRS's scanners-user-agents list): never a browser,
        // a search engine or a general HTTP client (curl, python-requests, Go-http-client), which
        // customers' own scripts send.
        userAgents: z.array(z.string().min(2).max(64)).default(() => [...DEFAULT_BAD_BOTS]),
        action: z.enum(RULE_ACTIONS).default('block'),
      })
      .prefault({}),
    ipAllowlist: z
      .array(ipListCidr())
      .superRefine(notWholeAddressSpace)
      .default([])
      .meta({ description: 'Sources allowed before any other rule is evaluated (they skip managed rules and rate limits too).' }),
    ipBlocklist: z.array(ipListCidr()).default([]),
    geoBlock: z.array(pattern(/^[A-Z]{2}$/, 'is not a country code', 'ISO 3166-1 alpha-2 codes such as RU or KP', 'use two uppercase letters')).default([]),
    logging: z
      .strictObject({
        enabled: z.boolean().default(true),
        retentionDays: intInRange(1, 3_653).default(90),
        redactHeaders: z.array(headerName().transform((h) => h.toLowerCase())).default(['authorization', 'cookie']),
      })
      .prefault({}),
  })
  .prefault({});

registerHint('is not a namespace', { allowed: 'lowercase letters, digits and hyphens', fix: 'use the environment name, e.g. production' });

const rateKeyPartSchema = z.union([
  z.literal('ip'),
  z.strictObject({ header: headerName().transform((h) => h.toLowerCase()) }),
  z.strictObject({ cookie: z.string().min(1).max(255) }),
  z.strictObject({ queryArg: z.string().min(1).max(255) }),
]);

const rateMatchSchema = z
  .strictObject({
    pathPrefix: urlPath().optional(),
    paths: z.array(urlPath()).min(1).optional(),
    methods: z.array(z.enum(HTTP_METHODS)).min(1).optional(),
  })
  .meta({ description: 'Which requests count; all given conditions must hold. Omit to count every request.' });

const rateLimitSchema = z.strictObject({
  name: name(),
  match: rateMatchSchema.optional(),
  key: z
    .union([
      rateKeyPartSchema,
      z
        .array(rateKeyPartSchema)
        .min(1)
        .max(5)
        .superRefine(uniqueBy((part) => JSON.stringify(part), '')),
    ])
    .default('ip')
    .meta({ description: 'What requests are counted by: ip, { header }, { cookie }, { queryArg }, or a list of them combined.' }),
  limit: intInRange(1, 2_000_000_000),
  windowSeconds: intInRange(1, 86_400),
  action: z.enum(RULE_ACTIONS).default('block'),
  edges: z.array(z.enum(EDGES)).min(1).optional().meta({ description: 'Edges this limit applies to; default: every edge of the profile.' }),
});

const authSchema = z
  .strictObject({
    jwt: z
      .strictObject({
        algorithm: z.enum(JWT_ALGORITHMS).default('RS256'),
        secretBytes: intInRange(16, 1_024).default(64).meta({ description: 'Size of the signing secret in random bytes (HMAC algorithms).' }),
        accessTokenTtl: duration(60, 86_400).default('15m'),
        refreshTokenTtl: duration(60, 31_536_000).default('7d'),
      })
      .prefault({}),
    loginPaths: z
      .array(urlPath())
      .default(['/api/auth/login', '/api/auth/register'])
      .meta({ description: 'Paths that authenticate; they need a brute-force rate limit.' }),
    lockout: z
      .strictObject({
        enabled: z.boolean().default(true),
        maxFailures: intInRange(1, 1_000).default(5),
        windowSeconds: intInRange(60, 86_400).default(3_600),
      })
      .prefault({})
      .meta({ description: 'Temporary account lockout after repeated failures.' }),
  })
  .prefault({});

const secretItemSchema = z
  .strictObject({
    name: secretName(),
    service: name(),
    tier: z.enum(SECRET_TIERS).default('standard'),
    generate: z
      .strictObject({
        bytes: intInRange(16, 4_096).default(64),
        encoding: z.enum(['hex', 'base64']).default('hex'),
        keyPair: z
          .enum(['rsa-2048', 'rsa-4096'])
          .optional()
          .meta({ description: 'Generate an RSA key pair (JSON with privateKey and publicKey, PEM) instead of random bytes: for RS256 signing.' }),
      })
      .optional()
      .meta({ description: 'Bulwark generates and rotates the value; omit for a secret whose value is set out of band.' }),
    database: z
      .strictObject({
        engine: z.enum(['postgres', 'mysql', 'mariadb']),
        username: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/),
      })
      .optional()
      .meta({ description: 'Database credentials ({ username, password }), rotated by Secrets Manager hosted rotation.' }),
    bundle: z.array(secretName()).min(1).optional().meta({
      description: 'A JSON secret holding these variables (a flat map NAME → value) for applications that read one secret; values are set out of band.',
    }),
    rotateAfterDays: intInRange(0, 1_000).optional().meta({
      description: 'Days between rotations. 0 means never: the doctor blocks it (BWD-SEC-01) and HardenedSecrets refuses it. Default: secrets.maxRotationDays.',
    }),
    description: z.string().max(2_048).optional(),
  })
  .superRefine((item, ctx) => {
    const kinds = (['generate', 'database', 'bundle'] as const).filter((kind) => item[kind] !== undefined);
    if (kinds.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [kinds[1]],
        message: `cannot be combined with ${kinds[0]}`,
        input: item[kinds[1]],
        ...hint('at most one of generate, database and bundle', `keep one of ${kinds.join(' and ')}`),
      });
    }
  });

const secretServiceSchema = z.strictObject({
  name: name(),
  reads: z
    .array(
      pattern(
        /^(\*|[a-z0-9-]+(\/\*)?|[a-z0-9-]+\/[A-Z][A-Z0-9_]*|(production|staging|dev)\/[a-z0-9-]+\/(\*|[A-Z][A-Z0-9_]*))$/,
        'is not a read scope',
        '"<service>/*", "<service>/<NAME>" or "*" (within the profile\'s environment)',
        'write a service namespace such as payment/*',
      ),
    )
    .min(1)
    .meta({ description: 'Namespaces this service reads, within the profile environment: "<service>/*", "<service>/<NAME>", or "*" for all.' }),
  tokenTtl: duration(900, 86_400 * 7)
    .optional()
    .meta({ description: "Lifetime of this service's credentials; default: secrets.access.maxSessionDuration." }),
});

const approvalSchema = z.strictObject({
  requiredApprovals: intInRange(0, 10),
  timeoutHours: intInRange(1, 168).default(24),
});

const secretsSchema = z
  .strictObject({
    namespace: z
      .string()
      .regex(/^[a-z0-9-]+$/, { message: 'is not a namespace' })
      .optional()
      .meta({ description: 'First segment of every secret name; default: the environment.' }),
    maxRotationDays: intInRange(1, 1_000).default(90),
    items: z
      .array(secretItemSchema)
      .superRefine(uniqueBy((item) => `${item.service}/${item.name}`, 'name'))
      .default([]),
    services: z
      .array(secretServiceSchema)
      .superRefine(uniqueBy((service) => service.name, 'name'))
      .default([]),
    access: z
      .strictObject({
        allowedCidrs: z.array(cidr()).superRefine(notWholeAddressSpace).default([]),
        vpcEndpointIds: z
          .array(pattern(/^vpce-[0-9a-f]{8,17}$/, 'is not a VPC endpoint ID', 'vpce- followed by 8 to 17 hex digits', 'copy the ID from the VPC console'))
          .default([]),
        maxSessionDuration: duration(3_600, 43_200).default('1h').meta({ description: 'IAM role session limit (1h to 12h).' }),
      })
      .prefault({}),
    approvals: z
      .strictObject({
        standard: approvalSchema.optional(),
        sensitive: approvalSchema.optional(),
        critical: approvalSchema.optional(),
        approvers: z.array(z.email()).default([]),
      })
      .optional()
      .meta({ description: 'Approval workflow per tier, for secrets that need a human before access.' }),
  })
  .prefault({});

const monitoringSchema = z
  .strictObject({
    notify: z
      .strictObject({
        email: z.array(z.email()).default([]),
        snsTopicArn: pattern(
          /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
          'is not an SNS topic ARN',
          'arn:aws:sns:<region>:<account>:<name>',
          'copy the ARN of an existing topic',
        ).optional(),
      })
      .prefault({}),
    alarms: z
      .strictObject({
        certificateExpiryDays: z
          .strictObject({
            warning: intInRange(1, 365).default(30),
            critical: intInRange(1, 365).default(7),
          })
          .superRefine(({ warning, critical }, ctx) => {
            if (critical >= warning) {
              ctx.addIssue({
                code: 'custom',
                path: ['critical'],
                message: `must be fewer days than the warning threshold (${warning})`,
                input: critical,
                ...hint(`1 to ${warning - 1}`, 'lower critical or raise warning'),
              });
            }
          })
          .prefault({}),
        wafBlockedPerMinute: intInRange(1, 1_000_000).default(100),
        rateLimitedPerMinute: intInRange(1, 1_000_000).default(100),
        authFailuresPerHour: intInRange(1, 1_000_000).default(20),
        serverErrorsPerMinute: intInRange(1, 1_000_000).default(50),
        attacksPerMinute: z
          .strictObject({
            sqlInjection: intInRange(1, 1_000_000).default(10),
            crossSiteScripting: intInRange(1, 1_000_000).default(10),
            pathTraversal: intInRange(1, 1_000_000).default(10),
            badBots: intInRange(1, 1_000_000).default(50),
          })
          .prefault({})
          .meta({
            description:
              'Blocked requests per minute, per attack class, above which the class alarm fires (2 minutes out of 2), besides the total-blocks alarm.',
          }),
      })
      .prefault({}),
    logRetentionDays: intInRange(1, 3_653).default(90),
    auditSecretReads: z
      .array(z.enum(SECRET_TIERS))
      .superRefine(uniqueBy((tier) => tier, ''))
      .default(['critical'])
      .meta({
        description: 'Secret tiers whose every read (CloudTrail GetSecretValue) notifies the alarm topic; needs CloudTrail management events in the account.',
      }),
    cloudTrail: z.boolean().default(false).meta({
      description:
        'HardenedSecrets creates a multi-region CloudTrail trail (KMS-encrypted, log file validation), for accounts that have none; the secret read audit needs one. Off by default: where the account already has a trail, a second copy of management events is billed.',
    }),
  })
  .prefault({});

const originSchema = z
  .strictObject({
    behind: z.enum(ORIGIN_PROXIES).optional().meta({
      description:
        "What sits in front of the load balancer; the load balancer then accepts only that proxy's addresses. Behind cloudflare the regional Web ACL counts rate limits on CF-Connecting-IP; behind cloudfront it trusts no header (X-Forwarded-For's first address is the client's) and leaves limits keyed on the address to the CLOUDFRONT-scope ACL. Default: cloudflare when edges include cloudflare (Cloudflare's rules only see proxied traffic, so an origin it does not front would be a bypass), else internet; CloudFront must be named, since an AWS-only profile may serve the load balancer directly.",
    }),
    authenticatedOriginPulls: z.boolean().optional().meta({
      description:
        "Cloudflare presents a client certificate to the origin (zone-level authenticated origin pulls); the origin must verify it for this to lock anything. Without the zone's own certificate (CloudflareZoneHardening originPullCertificate) it is Cloudflare's, shared by every account: it proves only that a request came through some Cloudflare zone. Default: true when behind cloudflare; only valid there.",
    }),
  })
  .prefault({});

const networkSchema = z
  .strictObject({
    ingressPorts: z
      .array(intInRange(1, 65_535))
      .default([80, 443])
      .meta({ description: 'Ports open to the internet on the load balancer; 80 only redirects to HTTPS.' }),
    adminCidrs: z.array(cidr()).default([]).meta({ description: 'Sources allowed to reach SSH (22); empty: no SSH at all.' }),
    requireImdsv2: z
      .boolean()
      .default(true)
      .meta({ description: 'Instances require IMDSv2 with hop limit 1 (blocks metadata-endpoint SSRF); false: the RequireImdsv2 aspect is not applied.' }),
    appPorts: z
      .array(intInRange(1, 65_535))
      .min(1)
      .superRefine(uniqueBy((port) => String(port), ''))
      .default([8080])
      .meta({ description: "Ports the application tier listens on; only the load balancer's security group reaches them." }),
    egress: z
      .strictObject({
        https: z
          .array(egressDestination())
          .default([])
          .meta({ description: 'CIDR blocks or prefix-list IDs (pl-…) the application tier may reach on 443, besides the VPC; empty: none outside the VPC.' }),
        httpsWithinVpc: z.boolean().default(true).meta({ description: "443 to the VPC's own CIDR block, where interface VPC endpoints answer for AWS APIs." }),
        dependencies: z
          .array(
            z.strictObject({
              name: name().meta({ description: 'What the dependency is (e.g. postgres, redis); used in rule descriptions.' }),
              port: intInRange(1, 65_535),
              to: z.array(egressDestination()).min(1).meta({ description: "The dependency's CIDR blocks or prefix-list IDs (pl-…)." }),
            }),
          )
          .superRefine(uniqueBy((dependency) => dependency.name, 'name'))
          .default([])
          .meta({ description: 'Databases, caches and other services the application tier reaches, by address and port.' }),
      })
      .prefault({})
      .meta({ description: 'Where the application tier may connect; nothing else (no all-outbound rule).' }),
    origin: originSchema,
  })
  .prefault({});

const cloudflareSchema = z
  .strictObject({
    plan: z.enum(CLOUDFLARE_PLANS).default('free'),
    addOns: z
      .array(z.enum(CLOUDFLARE_ADD_ONS))
      .superRefine(uniqueBy((addOn) => addOn, ''))
      .default([])
      .meta({ description: 'Enterprise add-ons the zone has (Advanced Rate Limiting, Bot Management): what needs one is moved to AWS or refused without it.' }),
    sslMode: z.enum(CLOUDFLARE_SSL_MODES).default('strict'),
    advancedCertificateManager: z.boolean().default(false).meta({
      description:
        "The zone has Advanced Certificate Manager, which lets it restrict cipher suites (tls.ciphers); without it TLS 1.2 viewers get Cloudflare's default suites.",
    }),
    owasp: z
      .strictObject({
        paranoiaLevel: intInRange(1, 4).default(1),
        scoreThreshold: z
          .enum(['low', 'medium', 'high'])
          .default('medium')
          .meta({ description: 'OWASP anomaly score threshold: low (60+), medium (40+), high (25+).' }),
        action: z.enum(['block', 'managed_challenge', 'log']).default('block'),
      })
      .prefault({}),
  })
  .superRefine((cloudflare, ctx) => {
    // Cloudflare sells these add-ons with Enterprise only; on another plan they would silently count for nothing.
    if (cloudflare.addOns.length > 0 && cloudflare.plan !== 'enterprise') {
      ctx.addIssue({
        code: 'custom',
        path: ['addOns'],
        input: cloudflare.addOns,
        message: `are Enterprise add-ons, and the plan is ${cloudflare.plan}`,
        ...hint('add-ons with plan: enterprise; an empty list on other plans', 'set cloudflare.plan: enterprise, or remove cloudflare.addOns'),
      });
    }
  })
  .prefault({});

const mcpSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    requireAuth: z.boolean().default(true),
    requireScopedTokens: z.boolean().default(true),
    tokenTtlSeconds: intInRange(1, 86_400 * 30).optional(),
    requireAudience: z.boolean().default(true),
    audience: z.string().min(1).optional(),
    requireTenantBoundTokens: z.boolean().default(true),
  })
  .prefault({});

const applicationSchema = z
  .strictObject({
    debug: z.boolean().default(false),
    cookieSecure: z.boolean().default(true),
    strictTokenValidation: z.boolean().default(true),
    rbacStrictMode: z.boolean().default(true),
    adminRateLimit: z.boolean().default(true),
    ssrfGuard: z.boolean().default(true).meta({ description: 'Outbound HTTP is checked against private, link-local and metadata addresses.' }),
    multiTenant: z
      .strictObject({
        enabled: z.boolean().default(false),
        rowLevelSecurity: z.boolean().default(true),
      })
      .prefault({}),
    studio: z
      .strictObject({
        exposed: z.boolean().default(false),
        requireAuth: z.boolean().default(true),
      })
      .prefault({}),
    mcp: mcpSchema,
    audit: z
      .strictObject({
        enabled: z.boolean().default(true),
        retentionDays: intInRange(1, 3_653).default(90),
        reviewIntervalDays: intInRange(1, 365).default(7),
      })
      .prefault({}),
    agents: z
      .strictObject({
        grants: z.boolean().default(true).meta({ description: 'Roles are restricted in which agents they may invoke.' }),
        modelRestrictions: z.boolean().default(true),
        quotas: z.boolean().default(true).meta({ description: 'Cost quotas per user per billing period.' }),
        approvalsForDestructiveTools: z.boolean().default(true).meta({ description: 'Shell, file-write and API tools need a human approval.' }),
        approvalTimeoutSeconds: intInRange(10, 86_400).default(300).meta({ description: 'Unreviewed approvals are denied after this long.' }),
        ethicalCheckOnPublicAgents: z.boolean().default(true),
        crossWorkspaceMemory: z.enum(['off', 'read-only', 'read-write']).default('off'),
      })
      .prefault({})
      .meta({ description: 'Agent platform settings (agent grants, quotas, approvals).' }),
    ciSecrets: z
      .array(secretName())
      .default([])
      .meta({ description: 'Names of the secrets stored as CI/CD variables; ideally only the one key that fetches the rest at run time.' }),
  })
  .prefault({})
  .meta({ description: 'Application settings from the checklists that no edge enforces; the doctor checks them.' });

export const PRESET_NAMES = ['baseline', 'strict'] as const;

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Path or URL of this JSON Schema, for editors.' }),
    name: name().meta({ description: 'Name of the profile; prefixes resource names.' }),
    extends: z.enum(PRESET_NAMES).optional().meta({ description: 'Preset this profile starts from. Objects merge, arrays and scalars replace.' }),
    environment: z.enum(ENVIRONMENTS).default('production'),
    edges: z.array(z.enum(EDGES)).min(1).default(['aws']),
    tls: tlsSchema,
    headers: headersSchema,
    cors: corsSchema,
    waf: wafSchema,
    rateLimits: z
      .array(rateLimitSchema)
      .superRefine(uniqueBy((limit) => limit.name, 'name'))
      .default([
        { name: 'per-ip', key: 'ip', limit: 2_000, windowSeconds: 300, action: 'block' },
        { name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, key: 'ip', limit: 10, windowSeconds: 60, action: 'block' },
      ]),
    auth: authSchema,
    secrets: secretsSchema,
    monitoring: monitoringSchema,
    network: networkSchema,
    cloudflare: cloudflareSchema,
    application: applicationSchema,
  })
  .superRefine((profile, ctx) => {
    profile.secrets.services.forEach((service, index) => {
      service.reads.forEach((scope, scopeIndex) => {
        const environment = /^(production|staging|dev)\//.exec(scope)?.[1];
        if (environment !== undefined && environment !== profile.environment) {
          ctx.addIssue({
            code: 'custom',
            path: ['secrets', 'services', index, 'reads', scopeIndex],
            message: `reads the ${environment} namespace from a ${profile.environment} profile; environments never share secrets`,
            input: scope,
            // The example repeats part of the scope: shown only when it cannot be a secret.
            ...hint(
              `scopes within ${profile.environment}${mayHoldSecret(scope) ? '' : `, e.g. "${scope.slice(environment.length + 1)}"`}`,
              `drop the "${environment}/" prefix or move this service to the ${environment} profile`,
            ),
          });
        }
      });
    });
    const behind = originBehind(profile);
    if (profile.network.origin.authenticatedOriginPulls === true && behind !== 'cloudflare') {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'origin', 'authenticatedOriginPulls'],
        input: profile.network.origin.authenticatedOriginPulls,
        message: `is a Cloudflare feature, and the origin is behind ${behind}`,
        ...hint('true only with behind: cloudflare', 'set network.origin.behind: cloudflare, or drop authenticatedOriginPulls'),
      });
    }
    profile.rateLimits.forEach((limit, index) => {
      const outside = (limit.edges ?? []).filter((edge) => !profile.edges.includes(edge));
      if (outside.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['rateLimits', index, 'edges'],
          message: `names ${outside.join(', ')}, which is not among the profile's edges`,
          input: limit.edges,
          ...hint(`a subset of edges: ${profile.edges.join(', ')}`, 'remove the edge or add it to the top-level edges'),
        });
      }
    });
  });

/** An array check: no two entries share a key; the later one is reported. */
function uniqueBy<T>(key: (entry: T) => string, field: string) {
  return (entries: T[], ctx: z.RefinementCtx): void => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const value = key(entry);
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: field === '' ? [index] : [index, field],
        message: `duplicates entry ${first}`,
        input: value,
        ...hint('unique values', `rename or remove entry ${first} or entry ${index}`),
      });
    });
  };
}

/** A profile as a user writes it: every section optional, defaults filled in by validation. */
export type HardeningProfileInput = z.input<typeof profileSchema>;
/** A validated profile with every default applied. */
export type HardeningProfile = z.output<typeof profileSchema>;
export type Edge = (typeof EDGES)[number];
export type Environment = (typeof ENVIRONMENTS)[number];
export type TlsVersion = (typeof TLS_VERSIONS)[number];
export type TlsCipherPolicy = (typeof TLS_CIPHER_POLICIES)[number];
export type RuleAction = (typeof RULE_ACTIONS)[number];
export type SecretTier = (typeof SECRET_TIERS)[number];
export type ManagedRuleSet = (typeof MANAGED_RULE_SETS)[number];
export type CloudflarePlan = (typeof CLOUDFLARE_PLANS)[number];
export type CloudflareAddOn = (typeof CLOUDFLARE_ADD_ONS)[number];
export type OriginProxy = (typeof ORIGIN_PROXIES)[number];
export type PresetName = (typeof PRESET_NAMES)[number];
export type RateLimitProfile = HardeningProfile['rateLimits'][number];
export type RateKeyPart = z.output<typeof rateKeyPartSchema>;
export type SecretItemProfile = HardeningProfile['secrets']['items'][number];
export type SecretServiceProfile = HardeningProfile['secrets']['services'][number];
