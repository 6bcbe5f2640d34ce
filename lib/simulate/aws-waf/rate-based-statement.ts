import { isUnknown, unknownMatch, type MatchResult } from './match-result';
import { RateCounter } from './rate-counter';
import type { RequestContext } from './request-context';
import { compileStatement, forwardedAddresses, labelMatches, parseIp, unresolvedSetting, type CompiledStatement, type StatementOptions } from './statements';
import { compileTextTransformations, type TransformationChain } from './text-transformations';
import { quoteValue, WebAclSimulationError } from './web-acl-simulation-error';

/*
 * RateBasedStatement, per https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html:
 * requests are counted per aggregation key over EvaluationWindowSec (default 300); with a
 * scope-down statement only requests that match it are counted and acted on; a request missing
 * a key component is neither counted nor rate limited; the rule acts on a key's requests while
 * its count in the window is over Limit. Offline, the count includes the request being judged
 * (AWS checks counts every few seconds, so it acts somewhat later than this).
 */

/**
 * An aggregation key component: its value for a request, undefined when the request lacks it (AWS
 * WAF does not count such a request), or null when the input does not say (no client address
 * given: every real request has one, so whether it is counted cannot be known).
 */
type KeyPart = (context: RequestContext) => string | undefined | null;

const WINDOWS = [60, 120, 300, 600];

/**
 * Compiles a rate-based statement with its own counters (state lives as long as the compiled
 * Web ACL). A request whose input gives no `ip` (for IP keys) is unknown: it has an address on
 * the wire, and whether it is over the limit depends on it.
 */
export function compileRateBasedStatement(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const unresolved = unresolvedSetting(body, where);
  if (unresolved !== undefined) return unresolved;
  const limit = body.Limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new WebAclSimulationError(options.rule, `${where}.Limit`, `expected a whole number of requests, received ${quoteValue(limit)}`);
  }
  const windowSeconds = body.EvaluationWindowSec ?? 300;
  if (typeof windowSeconds !== 'number' || !WINDOWS.includes(windowSeconds)) {
    throw new WebAclSimulationError(options.rule, `${where}.EvaluationWindowSec`, `received ${quoteValue(windowSeconds)}; allowed: ${WINDOWS.join(', ')}`);
  }
  const scopeDown = body.ScopeDownStatement === undefined ? undefined : compileStatement(body.ScopeDownStatement, options, `${where}.ScopeDownStatement`, 1);
  const parts = keyParts(body, options, where);
  const counter = new RateCounter(windowSeconds);
  return (context): MatchResult => {
    const scope = scopeDown === undefined ? 'match' : scopeDown(context);
    if (scope === 'no-match') return scope;
    let key = '';
    for (const part of parts) {
      const value = part(context);
      if (value === null) return unknownMatch('RateBasedStatement: counts by the client address, which the request does not give');
      if (value === undefined) return 'no-match';
      // Length-prefixed, so two keys' parts cannot run together into the same string.
      key += `${value.length}:${value}`;
    }
    if (isUnknown(scope)) {
      return counter.peek(key, context.time) + 1 > limit
        ? unknownMatch(`RateBasedStatement: over its limit if the scope-down matches (${scope.unknown})`)
        : 'no-match';
    }
    return counter.add(key, context.time) > limit ? 'match' : 'no-match';
  };
}

function keyParts(body: Record<string, unknown>, options: StatementOptions, where: string): KeyPart[] {
  const aggregate = body.AggregateKeyType;
  switch (aggregate) {
    case 'IP':
      return [clientIp];
    case 'CONSTANT':
      return [];
    case 'FORWARDED_IP':
      return [forwardedIp(body.ForwardedIPConfig, options, where)];
    case 'CUSTOM_KEYS': {
      const keys = body.CustomKeys;
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > 5) {
        throw new WebAclSimulationError(options.rule, `${where}.CustomKeys`, `expected 1 to 5 keys, received ${quoteValue(keys)}`);
      }
      return keys.map((key, index) => customKey(key, body, options, `${where}.CustomKeys[${index}]`));
    }
    default:
      throw new WebAclSimulationError(
        options.rule,
        `${where}.AggregateKeyType`,
        `received ${quoteValue(aggregate)}; allowed: IP, FORWARDED_IP, CONSTANT, CUSTOM_KEYS`,
      );
  }
}

/** The client address; a request without one is not counted (alone, it could never be over a limit). */
function clientIp(context: RequestContext): string | null {
  const ip = context.request.ip;
  if (ip === undefined) return null;
  return parseIp(ip)?.toNormalizedString() ?? ip;
}

/**
 * The first address of the forwarded header; a request without the header is not counted, one
 * with an invalid address counts under a shared key when FallbackBehavior is MATCH.
 */
function forwardedIp(spec: unknown, options: StatementOptions, where: string): KeyPart {
  const record = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
  const header = record.HeaderName;
  const fallback = record.FallbackBehavior;
  if (typeof header !== 'string' || header === '' || (fallback !== 'MATCH' && fallback !== 'NO_MATCH')) {
    throw new WebAclSimulationError(
      options.rule,
      `${where}.ForwardedIPConfig`,
      `expected {HeaderName, FallbackBehavior: MATCH | NO_MATCH}, received ${quoteValue(spec)}`,
    );
  }
  const config = { header: header.toLowerCase(), fallback, position: 'FIRST' } as const;
  return (context) => {
    const addresses = forwardedAddresses(context, config);
    if (addresses === undefined) return undefined;
    const first = addresses[0];
    if (first === undefined) return fallback === 'MATCH' ? 'invalid forwarded ip' : undefined;
    return first.toNormalizedString();
  };
}

function customKey(spec: unknown, body: Record<string, unknown>, options: StatementOptions, where: string): KeyPart {
  const record = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
  const kinds = Object.keys(record);
  if (kinds.length !== 1) throw new WebAclSimulationError(options.rule, where, `expected exactly one key type, received ${quoteValue(spec)}`);
  const kind = kinds[0];
  const settings = (record[kind] ?? {}) as Record<string, unknown>;
  const chain = (): TransformationChain => compileTextTransformations(settings.TextTransformations, options.rule, `${where}.${kind}.TextTransformations`);
  const name = (): string => {
    if (typeof settings.Name !== 'string' || settings.Name === '') {
      throw new WebAclSimulationError(options.rule, `${where}.${kind}.Name`, `expected a name, received ${quoteValue(settings.Name)}`);
    }
    return settings.Name;
  };
  switch (kind) {
    case 'IP':
      return clientIp;
    case 'ForwardedIP':
      return forwardedIp(body.ForwardedIPConfig, options, where);
    case 'HTTPMethod':
      return (context) => context.request.method;
    case 'Header': {
      const header = name().toLowerCase();
      const transform = chain();
      return (context) => {
        const values = context.header(header);
        return values.length === 0 ? undefined : transformed(values.join(', '), transform);
      };
    }
    case 'Cookie': {
      const cookie = name();
      const transform = chain();
      return (context) => {
        const value = cookieValue(context, cookie);
        return value === undefined ? undefined : transformed(value, transform);
      };
    }
    case 'QueryArgument': {
      const argument = name().toLowerCase();
      const transform = chain();
      return (context) => {
        const value = queryArgument(context.request.query, argument);
        return value === undefined ? undefined : transformed(value, transform);
      };
    }
    case 'QueryString': {
      const transform = chain();
      return (context) => (context.request.query === '' ? undefined : transformed(context.request.query, transform));
    }
    case 'UriPath': {
      const transform = chain();
      return (context) => transformed(context.request.path, transform);
    }
    case 'LabelNamespace': {
      const namespace = settings.Namespace;
      if (typeof namespace !== 'string' || namespace === '') {
        throw new WebAclSimulationError(options.rule, `${where}.LabelNamespace.Namespace`, `expected a namespace, received ${quoteValue(namespace)}`);
      }
      // Each distinct set of labels in the namespace is its own aggregation instance.
      return (context) => {
        const labels = [...context.labels]
          .filter(([label, certainty]) => certainty === 'certain' && labelMatches(label, namespace, 'NAMESPACE'))
          .map(([label]) => label);
        return labels.length === 0 ? undefined : labels.sort().join(' ');
      };
    }
    default:
      throw new WebAclSimulationError(
        options.rule,
        `${where}.${kind}`,
        'unknown key type; allowed: Header, Cookie, QueryArgument, QueryString, HTTPMethod, IP, ForwardedIP, LabelNamespace, UriPath',
      );
  }
}

function transformed(value: string, chain: TransformationChain): string {
  return chain.apply(Buffer.from(value, 'utf8').toString('latin1'));
}

function cookieValue(context: RequestContext, name: string): string | undefined {
  for (const header of context.header('cookie')) {
    for (const part of header.split(';')) {
      const trimmed = part.trim();
      const equals = trimmed.indexOf('=');
      if (equals >= 0 && trimmed.slice(0, equals) === name) return trimmed.slice(equals + 1);
    }
  }
  return undefined;
}

function queryArgument(query: string, name: string): string | undefined {
  if (query === '') return undefined;
  for (const part of query.split('&')) {
    const equals = part.indexOf('=');
    const argument = equals < 0 ? part : part.slice(0, equals);
    if (argument.toLowerCase() === name) return equals < 0 ? '' : part.slice(equals + 1);
  }
  return undefined;
}
