import { and, compare, field, not, set, str } from './expression/build';
import { MAX_EXPRESSION_LENGTH } from './expression/lint';
import { printExpression } from './expression/print';

/**
 * Account-level rulesets run only on Enterprise zones, and the API refuses an execute rule whose
 * expression does not end with this (https://developers.cloudflare.com/waf/account/managed-rulesets/deploy-api/,
 * https://developers.cloudflare.com/waf/account/custom-rulesets/create-api/).
 */
const ENTERPRISE_ZONES = compare(field('cf.zone.plan'), 'eq', str('ENT'));

/** Which zones of the account an account-level ruleset runs on. */
export interface AccountZoneScope {
  /** The zones by name; undefined: every Enterprise zone of the account. */
  readonly zoneNames?: readonly string[];
  /** Zones left out by name (only without zoneNames). */
  readonly excludedZoneNames?: readonly string[];
}

/**
 * The expressions of the execute rules that deploy an account ruleset to the scope's zones, each
 * ending with `and cf.zone.plan eq "ENT"`: names are quoted by the printer, never concatenated.
 * A list of zone names too long for one expression (4,096 characters) is split over several
 * rules, each for some of the zones (a request is for one zone, so at most one of them runs it).
 * Exclusions stay in one expression, which may then be too long (the linter says so).
 */
export function accountZoneExpressions(scope: AccountZoneScope): string[] {
  const excluded = [...new Set(scope.excludedZoneNames ?? [])];
  if (scope.zoneNames === undefined) {
    return [printExpression(excluded.length === 0 ? ENTERPRISE_ZONES : and(not(zoneNameIn(excluded)), ENTERPRISE_ZONES))];
  }
  const names = [...new Set(scope.zoneNames)];
  const expressions: string[] = [];
  let chunk: string[] = [];
  for (const name of names) {
    const candidate = [...chunk, name];
    if (chunk.length > 0 && printExpression(and(zoneNameIn(candidate), ENTERPRISE_ZONES)).length > MAX_EXPRESSION_LENGTH) {
      expressions.push(printExpression(and(zoneNameIn(chunk), ENTERPRISE_ZONES)));
      chunk = [name];
    } else {
      chunk = candidate;
    }
  }
  if (chunk.length > 0) expressions.push(printExpression(and(zoneNameIn(chunk), ENTERPRISE_ZONES)));
  return expressions;
}

function zoneNameIn(names: readonly string[]) {
  return compare(field('cf.zone.name'), 'in', set(names.map(str)));
}
