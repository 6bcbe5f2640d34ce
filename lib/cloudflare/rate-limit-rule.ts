import type { PolicyRule, RateKey, RateSpec } from '../policy/model';
import { addOnOption } from './add-on-option';
import { ADD_ONS, type AddOn } from './add-ons';
import type { ZoneProblem, ZoneRule } from './compile-zone';
import { conditionExpression } from './condition-expression';
import { lintExpression } from './expression/lint';
import { quote } from './expression/print';
import type { Plan, PlanLimits } from './plans';
import type { UnfitRateLimit } from './unfit-rate-limit';
import { zoneLimits } from './zone-limits';

/** Why the zone cannot count a rate limit, and what would let it. */
interface Refusal {
  readonly reason: string;
  readonly options: string;
}

/** A rate-limit rule as the plan and add-ons can count it, or undefined after telling `unfit` why they cannot. */
export function rateLimitRule(rule: PolicyRule, plan: Plan, addOns: readonly AddOn[], notes: ZoneProblem[], unfit: UnfitRateLimit): ZoneRule | undefined {
  const limits = zoneLimits(plan, addOns);
  const rate = rule.rate;
  if (!rate) return undefined;
  const refused = keyRefusal(rate, plan, limits) ?? actionRefusal(rule, plan, limits);
  if (refused) {
    unfit(rule, refused.reason, refused.options);
    return undefined;
  }
  const period = nearestPeriod(rate, limits.rateLimitPeriods);
  if (period === undefined) {
    unfit(
      rule,
      `${rate.limit} per ${rate.windowSeconds} s cannot be counted on the ${plan} plan (periods ${limits.rateLimitPeriods.join(', ')} s)`,
      'a higher plan or a higher limit',
    );
    return undefined;
  }
  const requests = Math.floor((rate.limit / rate.windowSeconds) * period);
  if (period !== rate.windowSeconds || requests !== rate.limit) {
    notes.push({
      field: rule.source,
      message: `${rule.id}: ${rate.limit} per ${rate.windowSeconds} s becomes ${requests} per ${period} s on the ${plan} plan`,
    });
  }
  const expression = rule.match.type === 'always' ? 'true' : conditionExpression(rule.match);
  const unmatched = matchRefusal(expression, plan, addOns);
  if (unmatched) {
    unfit(rule, unmatched.reason, unmatched.options);
    return undefined;
  }
  const challenge = rule.intent === 'challenge';
  return {
    ref: rule.id,
    description: rule.description,
    action: challenge ? 'managed_challenge' : rule.intent === 'count' ? 'log' : 'block',
    expression,
    ratelimit: {
      characteristics: ['cf.colo.id', ...rate.keys.map(characteristic)],
      period,
      requestsPerPeriod: requests,
      // A challenge decides for itself how long it holds; outside Enterprise its timeout must be 0.
      mitigationTimeout: challenge ? 0 : Math.min(limits.maxMitigationTimeout, Math.max(period, 10)),
      requestsToOrigin: false,
    },
  };
}

/** Keys the zone cannot count by; a keyed characteristic (a header, a cookie, a query argument) is allowed by its field. */
function keyRefusal(rate: RateSpec, plan: Plan, limits: PlanLimits): Refusal | undefined {
  const unsupported = rate.keys.filter((key) => !limits.rateLimitCharacteristics.includes(characteristic(key).replace(/\[.*$/, '')));
  if (unsupported.length === 0) return undefined;
  const upgrade = plan === 'enterprise' ? addOnOption('advancedRateLimiting') : 'Enterprise with the Advanced Rate Limiting add-on';
  return {
    reason: `it counts by ${unsupported.map(characteristic).join(', ')}, which the ${plan} plan cannot${plan === 'enterprise' ? ` without the ${ADD_ONS.advancedRateLimiting.label} add-on` : ''} (it counts by ${limits.rateLimitCharacteristics.join(' or ')}; other keys need ${upgrade})`,
    // A per-user or per-workspace limit keyed by IP is a different limit: the plan that keeps its key is an option too.
    options: `key: ip, or ${upgrade}`,
  };
}

function actionRefusal(rule: PolicyRule, plan: Plan, limits: PlanLimits): Refusal | undefined {
  if (rule.intent === 'count' && !limits.customRuleActions.includes('log')) {
    return { reason: `a counting (log) rate limit needs Enterprise, not the ${plan} plan`, options: 'action block or challenge' };
  }
  return undefined;
}

/**
 * The allowed period nearest the asked window in which the same average rate, rounded down, is at
 * least one request; bursts within the period can differ from the asked window, so the caller
 * reports every change.
 */
function nearestPeriod(rate: RateSpec, periods: readonly number[]): number | undefined {
  const perSecond = rate.limit / rate.windowSeconds;
  return [...periods]
    .sort((a, b) => Math.abs(Math.log(a / rate.windowSeconds)) - Math.abs(Math.log(b / rate.windowSeconds)))
    .find((p) => Math.floor(perSecond * p) >= 1);
}

/** What the plan refuses in a rate-limit rule's match, with the options that would let it. */
function matchRefusal(expression: string, plan: Plan, addOns: readonly AddOn[]): Refusal | undefined {
  const refused = lintExpression(expression, { phase: 'http_ratelimit', plan, addOns });
  if (refused.length === 0) return undefined;
  const byField = refused.some((finding) => finding.code === 'plan-ratelimit-field');
  const byAddOn = refused.some((finding) => finding.code === 'addon-ratelimit-field' || finding.code === 'addon-field');
  const options = byField
    ? 'a match on the path alone (no methods or headers), or the Business plan or higher'
    : byAddOn
      ? `a match without body fields, or ${addOnOption('advancedRateLimiting')}`
      : 'a simpler match, or a higher plan';
  return {
    reason: `the ${plan} plan${byAddOn ? ' without the add-on' : ''} cannot match it in a rate-limit rule: ${refused.map((finding) => finding.message).join('; ')}`,
    options,
  };
}

/** The Rules language field a rate limit counts by for a key. */
function characteristic(key: RateKey): string {
  switch (key.type) {
    case 'ip':
      return 'ip.src';
    case 'header':
      return `http.request.headers[${quote(key.name)}]`;
    case 'cookie':
      return `http.request.cookies[${quote(key.name)}]`;
    case 'queryArg':
      return `http.request.uri.args[${quote(key.name)}]`;
  }
}
