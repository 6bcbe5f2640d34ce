/**
 * Enterprise add-ons Bulwark models: what each one unlocks on a zone, from Cloudflare's
 * documentation (each entry names its page). An add-on counts only on the Enterprise plan;
 * Bulwark gates on `cloudflare.addOns` because the API refuses, at apply, what a zone without
 * the add-on cannot use.
 */
export const ADD_ON_NAMES = ['advancedRateLimiting', 'botManagement'] as const;

export type AddOn = (typeof ADD_ON_NAMES)[number];

export interface AddOnFacts {
  /** The add-on's name in Cloudflare's documentation. */
  readonly label: string;
  /** The page the facts below come from. */
  readonly source: string;
  /** Rate-limit rules a zone may have with the add-on (Enterprise without it: PLANS.enterprise). */
  readonly rateLimitRules?: number;
  /** Characteristics (by field, keys aside) a rate-limit rule may count by with the add-on, besides the plan's. */
  readonly rateLimitCharacteristics?: readonly string[];
  /** Whether rate-limit expressions may use request body fields (http.request.body.*). */
  readonly rateLimitBodyFields?: boolean;
}

export const ADD_ONS: Readonly<Record<AddOn, AddOnFacts>> = {
  // "Enterprise with Advanced Rate Limiting": 100 rules, body fields in the expression, and
  // counting by query, host, headers, cookie, ASN, country, path, JA3/JA4, body, custom.
  advancedRateLimiting: {
    label: 'Advanced Rate Limiting',
    source: 'https://developers.cloudflare.com/waf/rate-limiting-rules/#availability',
    rateLimitRules: 100,
    rateLimitCharacteristics: [
      'http.request.headers',
      'http.request.cookies',
      'http.request.uri.args',
      'http.host',
      'http.request.uri.path',
      'ip.src.asnum',
      'ip.src.country',
    ],
    rateLimitBodyFields: true,
  },
  // cf.bot_management.* fields: "Requires a Cloudflare Enterprise plan with Bot Management enabled".
  botManagement: {
    label: 'Bot Management',
    source: 'https://developers.cloudflare.com/bots/plans/bm-subscription/',
  },
};

/** The add-ons that take effect on a plan: none outside Enterprise, which alone sells them. */
export function effectiveAddOns(plan: string, addOns: readonly AddOn[] = []): readonly AddOn[] {
  return plan === 'enterprise' ? addOns : [];
}
