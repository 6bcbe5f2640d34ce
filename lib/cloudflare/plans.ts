export type Plan = 'free' | 'pro' | 'business' | 'enterprise';

export const PLAN_ORDER: readonly Plan[] = ['free', 'pro', 'business', 'enterprise'];

/** Whether `plan` includes what `minimum` offers. */
export function planAtLeast(plan: Plan, minimum: Plan): boolean {
  return PLAN_ORDER.indexOf(plan) >= PLAN_ORDER.indexOf(minimum);
}

/** What a Cloudflare plan allows, as Bulwark fits rules to it. */
export interface PlanLimits {
  readonly customRules: number;
  readonly customRuleActions: readonly string[];
  /** `matches` (regular expressions) in expressions. */
  readonly regex: boolean;
  readonly rateLimitRules: number;
  /** Periods (seconds) a rate-limit rule may count over. */
  readonly rateLimitPeriods: readonly number[];
  readonly maxMitigationTimeout: number;
  /** Characteristics a rate-limit rule may count by, besides cf.colo.id (always required). */
  readonly rateLimitCharacteristics: readonly string[];
  /** Fields a rate-limit expression may use; undefined: every field. */
  readonly rateLimitFields?: readonly string[];
  readonly managedRulesets: readonly ('free' | 'cloudflare' | 'owasp')[];
  readonly transformRules: number;
  readonly customBlockResponse: boolean;
}

/** Fields a Pro rate-limit rule may match on; Business adds the method, the source IP and the user agent. */
const PRO_RATE_LIMIT_FIELDS = [
  'http.request.uri.path',
  'cf.bot_management.verified_bot',
  'cf.client.bot',
  'http.host',
  'http.request.uri',
  'http.request.full_uri',
  'http.request.uri.query',
];

/**
 * Where each plan limit comes from (one page per limit), so the next review is a diff. Enterprise
 * figures are without add-ons: lib/cloudflare/add-ons.ts says what each add-on changes.
 */
export const PLAN_SOURCES: Readonly<Record<keyof PlanLimits, string>> = {
  customRules: 'https://developers.cloudflare.com/waf/custom-rules/',
  customRuleActions: 'https://developers.cloudflare.com/ruleset-engine/rules-language/actions/',
  regex: 'https://developers.cloudflare.com/ruleset-engine/rules-language/operators/',
  // Enterprise: 5 rules without Advanced Rate Limiting (src/content/plans/index.json
  // rate_limiting ent 5, ent_plus 100), 100 with it.
  rateLimitRules: 'https://developers.cloudflare.com/waf/rate-limiting-rules/#availability',
  rateLimitPeriods: 'https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/',
  maxMitigationTimeout: 'https://developers.cloudflare.com/waf/rate-limiting-rules/#availability',
  rateLimitCharacteristics: 'https://developers.cloudflare.com/waf/rate-limiting-rules/#availability',
  rateLimitFields: 'https://developers.cloudflare.com/waf/rate-limiting-rules/#availability',
  managedRulesets: 'https://developers.cloudflare.com/waf/managed-rules/',
  transformRules: 'https://developers.cloudflare.com/rules/transform/',
  customBlockResponse: 'https://developers.cloudflare.com/waf/custom-rules/',
};

/** Plan limits as Bulwark fits rules to them; PLAN_SOURCES gives each limit's page. */
export const PLANS: Readonly<Record<Plan, PlanLimits>> = {
  free: {
    customRules: 5,
    customRuleActions: ['block', 'challenge', 'js_challenge', 'managed_challenge', 'skip'],
    regex: false,
    rateLimitRules: 1,
    rateLimitPeriods: [10],
    maxMitigationTimeout: 10,
    rateLimitCharacteristics: ['ip.src'],
    rateLimitFields: ['http.request.uri.path', 'cf.bot_management.verified_bot', 'cf.client.bot'],
    managedRulesets: ['free'],
    transformRules: 10,
    customBlockResponse: false,
  },
  pro: {
    customRules: 20,
    customRuleActions: ['block', 'challenge', 'js_challenge', 'managed_challenge', 'skip'],
    regex: false,
    rateLimitRules: 2,
    rateLimitPeriods: [10, 60],
    maxMitigationTimeout: 3_600,
    rateLimitCharacteristics: ['ip.src'],
    rateLimitFields: PRO_RATE_LIMIT_FIELDS,
    managedRulesets: ['free', 'cloudflare', 'owasp'],
    transformRules: 25,
    customBlockResponse: true,
  },
  business: {
    customRules: 100,
    customRuleActions: ['block', 'challenge', 'js_challenge', 'managed_challenge', 'skip'],
    regex: true,
    rateLimitRules: 5,
    rateLimitPeriods: [10, 60, 120, 300, 600],
    maxMitigationTimeout: 86_400,
    rateLimitCharacteristics: ['ip.src', 'cf.unique_visitor_id'],
    rateLimitFields: [...PRO_RATE_LIMIT_FIELDS, 'http.request.method', 'ip.src', 'http.user_agent'],
    managedRulesets: ['free', 'cloudflare', 'owasp'],
    transformRules: 50,
    customBlockResponse: true,
  },
  enterprise: {
    customRules: 1_000,
    customRuleActions: ['block', 'challenge', 'js_challenge', 'managed_challenge', 'log', 'skip'],
    regex: true,
    rateLimitRules: 5,
    rateLimitPeriods: [10, 60, 120, 300, 600, 3_600],
    maxMitigationTimeout: 86_400,
    rateLimitCharacteristics: ['ip.src', 'cf.unique_visitor_id'],
    managedRulesets: ['free', 'cloudflare', 'owasp'],
    transformRules: 300,
    customBlockResponse: true,
  },
};

/** Managed ruleset IDs (waf/managed-rules/index.mdx): public samples mislabel them, so use these. */
export const MANAGED_RULESET_IDS = {
  cloudflare: 'efb7b8c949ac4650a09736fc376e9aee',
  owasp: '4814384a9e5d4991b9815dcfc25d2f1f',
  free: '77454fe2d30c4220b5701f6fdfb893ba',
} as const;

/** The OWASP ruleset's anomaly score threshold rule and its thresholds. */
export const OWASP_SCORE_RULE_ID = '6179ae15870a4bb7b2d480d4843b323c';
export const OWASP_SCORE_THRESHOLDS = { low: 60, medium: 40, high: 25 } as const;
