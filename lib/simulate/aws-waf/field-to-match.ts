import type { RequestContext } from './request-context';
import { toByteString } from './text-transformations';
import { quoteValue, WebAclSimulationError } from './web-acl-simulation-error';

/*
 * Request components, per https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-fields-list.html
 * and the oversize limits of https://docs.aws.amazon.com/waf/latest/developerguide/waf-oversize-request-components.html:
 * bodies and JSON bodies past the Web ACL's body inspection limit, headers and cookies past
 * 8 KB or 200 entries. Values are byte strings (see text-transformations.ts), raw as sent.
 */

export type OversizeHandling = 'CONTINUE' | 'MATCH' | 'NO_MATCH';

/** What a component holds for one request: the values to inspect (any match is a match), or why it cannot be known. */
export type FieldValues =
  { readonly values: readonly string[]; readonly oversize: boolean; readonly invalidJson?: 'MATCH' | 'NO_MATCH' } | { readonly unknown: string };

export interface CompiledField {
  /** Names the component for per-request caches. */
  readonly key: string;
  /** What to do when the component is past its limit; CONTINUE inspects the part within it. */
  readonly oversizeHandling: OversizeHandling;
  extract(context: RequestContext): FieldValues;
}

export interface FieldOptions {
  readonly rule: string | null;
  readonly field: string;
  /** The Web ACL's body inspection limit in bytes. */
  readonly bodyLimit: number;
}

/** Headers and cookies past this many bytes or entries are oversize (AWS WAF's fixed limits). */
export const HEADERS_LIMIT_BYTES = 8 * 1024;
export const HEADERS_LIMIT_COUNT = 200;

const NONE: readonly string[] = [];

/**
 * Compiles a CloudFormation `FieldToMatch` (exactly one component).
 *
 * @throws WebAclSimulationError for an unknown component or a bad setting
 */
export function compileFieldToMatch(spec: unknown, options: FieldOptions): CompiledField {
  const record = asRecord(spec, options, options.field);
  const keys = Object.keys(record);
  if (keys.length !== 1) {
    throw new WebAclSimulationError(options.rule, options.field, `expected exactly one request component, received ${quoteValue(spec)}`);
  }
  const component = keys[0];
  const settings = asRecord(record[component], options, `${options.field}.${component}`);
  const where = `${options.field}.${component}`;
  const key = `${component}:${JSON.stringify(settings)}`;
  const simple = (extract: (context: RequestContext) => FieldValues): CompiledField => ({ key, oversizeHandling: 'CONTINUE', extract });
  switch (component) {
    case 'UriPath':
      return simple((context) => one(context.request.path));
    case 'QueryString':
      return simple((context) => one(context.request.query));
    case 'Method':
      return simple((context) => one(context.request.method));
    case 'SingleHeader': {
      const name = nameOf(settings, options, where);
      // A repeated header is inspected as the values joined the way HTTP folds them.
      return simple((context) => {
        const values = context.header(name);
        return values.length === 0 ? { values: NONE, oversize: false } : one(values.join(', '));
      });
    }
    case 'SingleQueryArgument': {
      // The argument's name is not case sensitive (WAF developer guide, "Single query parameter").
      const name = nameOf(settings, options, where);
      return simple((context) => ({
        values: queryArguments(context)
          .filter(([n]) => n.toLowerCase() === name)
          .map(([, v]) => v),
        oversize: false,
      }));
    }
    case 'AllQueryArguments':
      return simple((context) => ({ values: queryArguments(context).map(([, v]) => v), oversize: false }));
    case 'Body':
      return bodyField(key, settings, options, where);
    case 'JsonBody':
      return jsonBodyField(key, settings, options, where);
    case 'Headers':
      return keyValueField(key, settings, options, where, 'Headers', headerPairs);
    case 'Cookies':
      return keyValueField(key, settings, options, where, 'Cookies', cookiePairs);
    case 'HeaderOrder': {
      const handling = oversizeOf(settings, options, where);
      // The request model keeps lower-case names, so the order is of lower-case names.
      return {
        key,
        oversizeHandling: handling,
        extract: (context) => {
          const names = context.headerEntries().map(([name]) => name);
          const oversize = names.length > HEADERS_LIMIT_COUNT;
          return one(names.slice(0, HEADERS_LIMIT_COUNT).join(':'), oversize);
        },
      };
    }
    case 'JA3Fingerprint':
    case 'JA4Fingerprint':
      return simple(() => ({ unknown: `${component}: the TLS client hello is not in the request` }));
    case 'UriFragment':
      return simple(() => ({ unknown: 'UriFragment: the URI fragment is not in the request' }));
    default:
      throw new WebAclSimulationError(
        options.rule,
        `${options.field}.${component}`,
        'unknown request component; allowed: UriPath, QueryString, Method, SingleHeader, SingleQueryArgument, AllQueryArguments, Body, JsonBody, Headers, Cookies, HeaderOrder, JA3Fingerprint, JA4Fingerprint, UriFragment',
      );
  }
}

/** What a regional Web ACL protects: the body inspection limit depends on it. */
export type ProtectedResource =
  'APPLICATION_LOAD_BALANCER' | 'APPSYNC' | 'API_GATEWAY' | 'COGNITO_USER_POOL' | 'APP_RUNNER_SERVICE' | 'VERIFIED_ACCESS_INSTANCE';

/**
 * The body inspection limit in bytes: fixed at 8 KB for Application Load Balancers and AppSync
 * (assumed for a regional Web ACL unless told otherwise); 16 KB by default for CloudFront and the
 * other resources, raised per resource type by the Web ACL's AssociationConfig.RequestBody.
 */
export function bodyInspectionLimit(scope: unknown, associationConfig: unknown, resource?: ProtectedResource): number {
  const type = scope === 'CLOUDFRONT' ? 'CLOUDFRONT' : (resource ?? 'APPLICATION_LOAD_BALANCER');
  if (type === 'APPLICATION_LOAD_BALANCER' || type === 'APPSYNC') return 8 * 1024;
  const requestBody = (associationConfig as { RequestBody?: Record<string, { DefaultSizeInspectionLimit?: unknown }> } | undefined)?.RequestBody;
  const limit = requestBody?.[type]?.DefaultSizeInspectionLimit;
  const kilobytes = typeof limit === 'string' ? /^KB_(16|32|48|64)$/.exec(limit)?.[1] : undefined;
  return Number(kilobytes ?? 16) * 1024;
}

function one(value: string, oversize = false): FieldValues {
  return { values: [toByteString(value)], oversize };
}

function asRecord(value: unknown, options: FieldOptions, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebAclSimulationError(options.rule, where, `expected an object, received ${quoteValue(value)}`);
  }
  return value as Record<string, unknown>;
}

function nameOf(settings: Record<string, unknown>, options: FieldOptions, where: string): string {
  const name = settings.Name;
  if (typeof name !== 'string' || name === '') {
    throw new WebAclSimulationError(options.rule, `${where}.Name`, `expected a non-empty name, received ${quoteValue(name)}`);
  }
  return name.toLowerCase();
}

function oversizeOf(settings: Record<string, unknown>, options: FieldOptions, where: string): OversizeHandling {
  const handling = settings.OversizeHandling ?? 'CONTINUE';
  if (handling !== 'CONTINUE' && handling !== 'MATCH' && handling !== 'NO_MATCH') {
    throw new WebAclSimulationError(options.rule, `${where}.OversizeHandling`, `received ${quoteValue(handling)}; allowed: CONTINUE, MATCH, NO_MATCH`);
  }
  return handling;
}

function stringList(value: unknown, options: FieldOptions, where: string): string[] {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new WebAclSimulationError(options.rule, where, `expected a list of strings, received ${quoteValue(value)}`);
  }
  return value;
}

/** Query arguments as sent: split on `&`, name and value at the first `=`, nothing decoded. */
function queryArguments(context: RequestContext): readonly (readonly [string, string])[] {
  return context.cached('query-arguments', () =>
    context.request.query === ''
      ? []
      : context.request.query.split('&').map((part) => {
          const equals = part.indexOf('=');
          const pair = equals < 0 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
          return [toByteString(pair[0]), toByteString(pair[1])] as const;
        }),
  );
}

function bodyBytes(context: RequestContext): string {
  return context.cached('body-bytes', () => toByteString(context.request.body));
}

function bodyField(key: string, settings: Record<string, unknown>, options: FieldOptions, where: string): CompiledField {
  const handling = oversizeOf(settings, options, where);
  const limit = options.bodyLimit;
  return {
    key,
    oversizeHandling: handling,
    extract: (context) => {
      const body = bodyBytes(context);
      return body.length > limit ? { values: [body.slice(0, limit)], oversize: true } : { values: [body], oversize: false };
    },
  };
}

type Scope = 'ALL' | 'KEY' | 'VALUE';

function scopeOf(settings: Record<string, unknown>, options: FieldOptions, where: string): Scope {
  const scope = settings.MatchScope;
  if (scope !== 'ALL' && scope !== 'KEY' && scope !== 'VALUE') {
    throw new WebAclSimulationError(options.rule, `${where}.MatchScope`, `received ${quoteValue(scope)}; allowed: ALL, KEY, VALUE`);
  }
  return scope;
}

/** Picks keys, values or both (ALL: a match in either is a match, per the guide). */
function scoped(pairs: readonly (readonly [string, string])[], scope: Scope): string[] {
  const values: string[] = [];
  for (const [name, value] of pairs) {
    if (scope !== 'VALUE') values.push(name);
    if (scope !== 'KEY') values.push(value);
  }
  return values;
}

interface PairList {
  readonly pairs: readonly (readonly [string, string])[];
  readonly oversize: boolean;
}

/** Headers and Cookies: MatchPattern All / Included… / Excluded…, MatchScope, OversizeHandling. */
function keyValueField(
  key: string,
  settings: Record<string, unknown>,
  options: FieldOptions,
  where: string,
  kind: 'Headers' | 'Cookies',
  read: (context: RequestContext) => PairList,
): CompiledField {
  const handling = oversizeOf(settings, options, where);
  const scope = scopeOf(settings, options, where);
  const pattern = asRecord(settings.MatchPattern, options, `${where}.MatchPattern`);
  const singular = kind === 'Headers' ? 'Header' : 'Cookie';
  // Header names are case-insensitive; cookie names are not.
  const normalize = (name: string) => (kind === 'Headers' ? name.toLowerCase() : name);
  let keep: (name: string) => boolean;
  if ('All' in pattern) keep = () => true;
  else if (`Included${kind}` in pattern) {
    const names = new Set(stringList(pattern[`Included${kind}`], options, `${where}.MatchPattern.Included${kind}`).map((n) => toByteString(normalize(n))));
    keep = (name) => names.has(normalize(name));
  } else if (`Excluded${kind}` in pattern) {
    const names = new Set(stringList(pattern[`Excluded${kind}`], options, `${where}.MatchPattern.Excluded${kind}`).map((n) => toByteString(normalize(n))));
    keep = (name) => !names.has(normalize(name));
  } else {
    throw new WebAclSimulationError(
      options.rule,
      `${where}.MatchPattern`,
      `expected All, Included${kind} or Excluded${kind}, received ${quoteValue(pattern)} (${singular} names)`,
    );
  }
  return {
    key,
    oversizeHandling: handling,
    extract: (context) => {
      const list = read(context);
      return {
        values: scoped(
          list.pairs.filter(([name]) => keep(name)),
          scope,
        ),
        oversize: list.oversize,
      };
    },
  };
}

/** Pairs within the 8 KB / 200-entry limits, and whether any were past them. */
function limitPairs(all: readonly (readonly [string, string])[]): PairList {
  const pairs: (readonly [string, string])[] = [];
  let bytes = 0;
  for (const pair of all) {
    bytes += pair[0].length + pair[1].length;
    if (pairs.length >= HEADERS_LIMIT_COUNT || bytes > HEADERS_LIMIT_BYTES) return { pairs, oversize: true };
    pairs.push(pair);
  }
  return { pairs, oversize: false };
}

function headerPairs(context: RequestContext): PairList {
  return context.cached('header-pairs', () => {
    const all: (readonly [string, string])[] = [];
    for (const [name, values] of context.headerEntries()) {
      for (const value of values) all.push([toByteString(name), toByteString(value)]);
    }
    return limitPairs(all);
  });
}

/** Cookies from every Cookie header, `name=value` pairs split on `;`. */
function cookiePairs(context: RequestContext): PairList {
  return context.cached('cookie-pairs', () => {
    const all: (readonly [string, string])[] = [];
    for (const header of context.header('cookie')) {
      for (const part of header.split(';')) {
        const trimmed = part.trim();
        if (trimmed === '') continue;
        const equals = trimmed.indexOf('=');
        all.push(equals < 0 ? [toByteString(trimmed), ''] : [toByteString(trimmed.slice(0, equals)), toByteString(trimmed.slice(equals + 1))]);
      }
    }
    return limitPairs(all);
  });
}

/** The most JSON keys and values collected from one body; a 64 KB body cannot hold more. */
const MAX_JSON_TOKENS = 65_536;

/**
 * JsonBody: the body parsed as JSON; keys, values (scalars as JSON text, strings unquoted) or
 * both, of the whole document or the subtrees at IncludedPaths (JSON Pointers). Invalid JSON
 * follows InvalidFallbackBehavior; without one, AWS evaluates the tokens it parsed before the
 * error, which the simulator does not model (unknown).
 */
function jsonBodyField(key: string, settings: Record<string, unknown>, options: FieldOptions, where: string): CompiledField {
  const handling = oversizeOf(settings, options, where);
  const scope = scopeOf(settings, options, where);
  const pattern = asRecord(settings.MatchPattern, options, `${where}.MatchPattern`);
  let paths: string[] | undefined;
  if ('IncludedPaths' in pattern) paths = stringList(pattern.IncludedPaths, options, `${where}.MatchPattern.IncludedPaths`);
  else if (!('All' in pattern)) {
    throw new WebAclSimulationError(options.rule, `${where}.MatchPattern`, `expected All or IncludedPaths, received ${quoteValue(pattern)}`);
  }
  const fallback = settings.InvalidFallbackBehavior;
  if (fallback !== undefined && fallback !== 'MATCH' && fallback !== 'NO_MATCH' && fallback !== 'EVALUATE_AS_STRING') {
    throw new WebAclSimulationError(
      options.rule,
      `${where}.InvalidFallbackBehavior`,
      `received ${quoteValue(fallback)}; allowed: MATCH, NO_MATCH, EVALUATE_AS_STRING`,
    );
  }
  const limit = options.bodyLimit;
  return {
    key,
    oversizeHandling: handling,
    extract: (context) => {
      const bytes = bodyBytes(context);
      // No body (a GET): nothing to inspect, rather than invalid JSON.
      if (bytes.length === 0) return { values: NONE, oversize: false };
      const oversize = bytes.length > limit;
      const inspected = oversize ? bytes.slice(0, limit) : bytes;
      let document: unknown;
      try {
        document = JSON.parse(Buffer.from(inspected, 'latin1').toString('utf8'));
      } catch {
        if (fallback === 'EVALUATE_AS_STRING') return { values: [inspected], oversize };
        if (fallback === 'MATCH' || fallback === 'NO_MATCH') return { values: NONE, oversize, invalidJson: fallback };
        return {
          unknown: 'JsonBody: the body is not valid JSON and the statement has no InvalidFallbackBehavior (AWS then inspects the tokens before the error)',
        };
      }
      const roots = paths === undefined ? [document] : paths.flatMap((path) => pointer(document, path));
      return { values: jsonTokens(roots, scope).map(toByteString), oversize };
    },
  };
}

/** The value at a JSON Pointer (RFC 6901), as a one-element list, or none. */
function pointer(document: unknown, path: string): unknown[] {
  if (path === '') return [document];
  if (!path.startsWith('/')) return [];
  let current = document;
  for (const raw of path.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, token)) return [];
    current = (current as Record<string, unknown>)[token];
  }
  return [current];
}

/** Keys and scalar values of the documents, walked without recursion (deep nesting cannot overflow the stack). */
function jsonTokens(roots: unknown[], scope: Scope): string[] {
  const tokens: string[] = [];
  const stack: unknown[] = [...roots].reverse();
  while (stack.length > 0 && tokens.length < MAX_JSON_TOKENS) {
    const node = stack.pop();
    if (node instanceof JsonKey) {
      if (scope !== 'VALUE') tokens.push(node.name);
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
    } else if (typeof node === 'object' && node !== null) {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        stack.push(entries[i][1]);
        stack.push(new JsonKey(entries[i][0]));
      }
    } else if (scope !== 'KEY') {
      tokens.push(typeof node === 'string' ? node : JSON.stringify(node));
    }
  }
  return tokens;
}

class JsonKey {
  constructor(readonly name: string) {}
}
