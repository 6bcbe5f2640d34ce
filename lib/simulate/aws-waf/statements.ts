import * as ipaddr from 'ipaddr.js';
import { RE2JS } from 're2js';
import { compileFieldToMatch, type CompiledField } from './field-to-match';
import { isUnknown, unknownMatch, type MatchResult } from './match-result';
import type { RequestContext } from './request-context';
import { findIntrinsic, isIntrinsic, resolveResource, type CfnTemplate } from './template-resources';
import { compileTextTransformations, fromByteString, toByteString } from './text-transformations';
import { quoteValue, WebAclSimulationError } from './web-acl-simulation-error';

/*
 * Rule statements, per https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statements-list.html.
 * Each is compiled once into a matcher; a matcher answers match, no-match, or unknown (with a
 * reason) when the answer cannot be known offline.
 */

export type CompiledStatement = (context: RequestContext) => MatchResult;

export interface StatementOptions {
  /** The rule the statement is in (for errors). */
  readonly rule: string;
  readonly template: CfnTemplate;
  /** The Web ACL's body inspection limit in bytes. */
  readonly bodyLimit: number;
  /** The label prefix of the context the statement is in (`awswaf:<account>:webacl:<name>:`, or a rule group's): a key that is not fully qualified matches only labels of that context. */
  readonly labelPrefix?: string;
}

/** Statements that only stand at the top of a rule; the rule compiler handles them. */
export const RULE_LEVEL_STATEMENTS = ['RateBasedStatement', 'ManagedRuleGroupStatement', 'RuleGroupReferenceStatement'];

/** Deeper nesting than any real Web ACL (AWS allows little nesting); bounds compile work on hostile input. */
const MAX_DEPTH = 20;

/**
 * Compiles a CloudFormation `Statement` (exactly one statement type).
 *
 * @throws WebAclSimulationError for a missing or unknown statement, a bad setting or an invalid regex
 */
export function compileStatement(spec: unknown, options: StatementOptions, path = 'Statement', depth = 0): CompiledStatement {
  const { type, body } = statementParts(spec, options, path);
  const where = `${path}.${type}`;
  if (depth > MAX_DEPTH) throw new WebAclSimulationError(options.rule, path, `statements nested deeper than ${MAX_DEPTH}`);
  const unresolved = unresolvedSetting(body, where);
  if (unresolved !== undefined) return unresolved;
  switch (type) {
    case 'ByteMatchStatement':
      return byteMatch(body, options, where);
    case 'RegexMatchStatement':
      return regexMatch(body, options, where);
    case 'RegexPatternSetReferenceStatement':
      return regexPatternSetMatch(body, options, where);
    case 'SizeConstraintStatement':
      return sizeConstraint(body, options, where);
    case 'GeoMatchStatement':
      return geoMatch(body, options, where);
    case 'IPSetReferenceStatement':
      return ipSetMatch(body, options, where);
    case 'LabelMatchStatement':
      return labelMatch(body, options, where);
    case 'AndStatement':
    case 'OrStatement': {
      const list = body.Statements;
      if (!Array.isArray(list) || list.length === 0) {
        throw new WebAclSimulationError(options.rule, `${where}.Statements`, `expected a non-empty list of statements, received ${quoteValue(list)}`);
      }
      const inner = list.map((entry, index) => compileStatement(entry, options, `${where}.Statements[${index}]`, depth + 1));
      return type === 'AndStatement' ? and(inner) : or(inner);
    }
    case 'NotStatement': {
      const inner = compileStatement(body.Statement, options, `${where}.Statement`, depth + 1);
      return (context) => {
        const result = inner(context);
        return isUnknown(result) ? result : result === 'match' ? 'no-match' : 'match';
      };
    }
    case 'SqliMatchStatement':
    case 'XssMatchStatement': {
      fieldAndTransformations(body, options, where);
      const reason = `${type}: AWS's ${type === 'SqliMatchStatement' ? 'SQL injection' : 'cross-site scripting'} detector is proprietary`;
      return () => unknownMatch(reason);
    }
    case 'AsnMatchStatement':
      return () => unknownMatch("AsnMatchStatement: the client's autonomous system is not in the request");
    default:
      if (RULE_LEVEL_STATEMENTS.includes(type)) {
        throw new WebAclSimulationError(options.rule, where, `${type} can only be a rule's top-level statement`);
      }
      throw new WebAclSimulationError(options.rule, where, 'unknown statement type');
  }
}

/** A statement's one key and its body. */
export function statementParts(spec: unknown, options: { readonly rule: string }, path: string): { type: string; body: Record<string, unknown> } {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new WebAclSimulationError(options.rule, path, `expected a statement object, received ${quoteValue(spec)}`);
  }
  const keys = Object.keys(spec);
  if (keys.length !== 1) {
    throw new WebAclSimulationError(options.rule, path, `expected exactly one statement type, received ${keys.length === 0 ? 'none' : keys.join(', ')}`);
  }
  const body = (spec as Record<string, unknown>)[keys[0]];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new WebAclSimulationError(options.rule, `${path}.${keys[0]}`, `expected an object, received ${quoteValue(body)}`);
  }
  return { type: keys[0], body: body as Record<string, unknown> };
}

/** AND: no-match if any is no-match; else unknown if any is unknown; else match. */
function and(inner: readonly CompiledStatement[]): CompiledStatement {
  return (context) => {
    let unknown: MatchResult | undefined;
    for (const statement of inner) {
      const result = statement(context);
      if (result === 'no-match') return result;
      if (isUnknown(result)) unknown ??= result;
    }
    return unknown ?? 'match';
  };
}

/** OR: match if any is match; else unknown if any is unknown; else no-match. */
function or(inner: readonly CompiledStatement[]): CompiledStatement {
  return (context) => {
    let unknown: MatchResult | undefined;
    for (const statement of inner) {
      const result = statement(context);
      if (result === 'match') return result;
      if (isUnknown(result)) unknown ??= result;
    }
    return unknown ?? 'no-match';
  };
}

function fieldAndTransformations(body: Record<string, unknown>, options: StatementOptions, where: string) {
  const field = compileFieldToMatch(body.FieldToMatch, { rule: options.rule, field: `${where}.FieldToMatch`, bodyLimit: options.bodyLimit });
  const chain = compileTextTransformations(body.TextTransformations, options.rule, `${where}.TextTransformations`);
  return { field, chain };
}

/** Matches when any value of the field, transformed, passes `test`; oversize and invalid JSON as configured. */
function fieldMatcher(body: Record<string, unknown>, options: StatementOptions, where: string, test: (value: string) => boolean): CompiledStatement {
  const { field, chain } = fieldAndTransformations(body, options, where);
  return fieldTester(field, chain, test);
}

function fieldTester(field: CompiledField, chain: ReturnType<typeof compileTextTransformations>, test: (value: string) => boolean): CompiledStatement {
  const extractKey = `field|${field.key}`;
  const transformKey = `transformed|${field.key}|${chain.key}`;
  return (context) => {
    const extracted = context.cached(extractKey, () => field.extract(context));
    if ('unknown' in extracted) return unknownMatch(extracted.unknown);
    if (extracted.oversize && field.oversizeHandling !== 'CONTINUE') return field.oversizeHandling === 'MATCH' ? 'match' : 'no-match';
    if (extracted.invalidJson !== undefined) return extracted.invalidJson === 'MATCH' ? 'match' : 'no-match';
    const values = chain.types.length === 0 ? extracted.values : context.cached(transformKey, () => extracted.values.map((value) => chain.apply(value)));
    for (const value of values) if (test(value)) return 'match';
    return 'no-match';
  };
}

/** Keys whose values are statements (compiled, and so scanned, on their own) or resolved references. */
export const NESTED_KEYS = ['Statements', 'Statement', 'ScopeDownStatement', 'Arn'];

/** A statement with a setting that is a CloudFormation function (a parameter, an import): unknown offline. */
export function unresolvedSetting(body: Record<string, unknown>, where: string): CompiledStatement | undefined {
  const path = findIntrinsic(body, NESTED_KEYS);
  if (path === undefined) return undefined;
  const reason = `${where}.${path} is a CloudFormation function, not a literal`;
  return () => unknownMatch(reason);
}

const POSITIONS = ['EXACTLY', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS', 'CONTAINS_WORD'];

function byteMatch(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const position = body.PositionalConstraint;
  if (typeof position !== 'string' || !POSITIONS.includes(position)) {
    throw new WebAclSimulationError(options.rule, `${where}.PositionalConstraint`, `received ${quoteValue(position)}; allowed: ${POSITIONS.join(', ')}`);
  }
  let search: string;
  if (typeof body.SearchString === 'string') search = toByteString(body.SearchString);
  else if (typeof body.SearchStringBase64 === 'string') search = Buffer.from(body.SearchStringBase64, 'base64').toString('latin1');
  else {
    throw new WebAclSimulationError(
      options.rule,
      `${where}.SearchString`,
      `expected a string (or SearchStringBase64), received ${quoteValue(body.SearchString)}`,
    );
  }
  switch (position) {
    case 'EXACTLY':
      return fieldMatcher(body, options, where, (value) => value === search);
    case 'STARTS_WITH':
      return fieldMatcher(body, options, where, (value) => value.startsWith(search));
    case 'ENDS_WITH':
      return fieldMatcher(body, options, where, (value) => value.endsWith(search));
    case 'CONTAINS':
      return fieldMatcher(body, options, where, (value) => value.includes(search));
    default:
      return fieldMatcher(body, options, where, (value) => containsWord(value, search));
  }
}

function isWordByte(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/**
 * CONTAINS_WORD: the search string occurs with, on each side, the start or end of the value or
 * a character other than a letter, digit or underscore (ByteMatchStatement, "PositionalConstraint").
 * AWS requires such a search string to be letters, digits and underscores only, so a match is a
 * maximal run of word characters equal to it: one linear scan of the runs.
 */
export function containsWord(value: string, word: string): boolean {
  if (word === '') return false;
  for (let i = 0; i < word.length; i++) if (!isWordByte(word.charCodeAt(i))) return containsWordSlow(value, word);
  let start = 0;
  while (start < value.length) {
    while (start < value.length && !isWordByte(value.charCodeAt(start))) start++;
    let end = start;
    while (end < value.length && isWordByte(value.charCodeAt(end))) end++;
    if (end - start === word.length && value.startsWith(word, start)) return true;
    start = end;
  }
  return false;
}

/** For a search string AWS would reject (not all word characters): every occurrence checked. */
function containsWordSlow(value: string, word: string): boolean {
  let index = value.indexOf(word);
  while (index >= 0) {
    const before = index === 0 || !isWordByte(value.charCodeAt(index - 1));
    const end = index + word.length;
    const after = end === value.length || !isWordByte(value.charCodeAt(end));
    if (before && after) return true;
    index = value.indexOf(word, index + 1);
  }
  return false;
}

/** A compiled regular expression: whether it matches somewhere in a text. */
interface TextTest {
  test(text: string): boolean;
}

function compileRegex(pattern: unknown, options: StatementOptions, where: string): TextTest {
  if (typeof pattern !== 'string') throw new WebAclSimulationError(options.rule, where, `expected a regular expression, received ${quoteValue(pattern)}`);
  // A list of words (`(?:nikto|sqlmap|…)`, as bad-bot lists compile) is found by substring search:
  // the same answer as the regex, many times faster than re2js on every request.
  const words = literalAlternatives(pattern);
  if (words !== undefined) return { test: (text) => words.some((word) => text.includes(word)) };
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    throw new WebAclSimulationError(
      options.rule,
      where,
      `${quoteValue(pattern)} is not a regular expression RE2 accepts: ${(error as Error).message.slice(0, 120)}`,
    );
  }
}

/**
 * The words of a pattern that is only alternatives of literal text, optionally in one
 * non-capturing group (`(?:a|b\\/c)`); undefined for anything else (any operator, class or
 * escape of a letter or digit, an empty alternative), which then runs as a regex.
 */
export function literalAlternatives(pattern: string): string[] | undefined {
  const body = pattern.startsWith('(?:') && pattern.endsWith(')') ? pattern.slice(3, -1) : pattern;
  const words: string[] = [];
  let word = '';
  for (let index = 0; index < body.length; index++) {
    const character = body[index];
    if (character === '\\') {
      const escaped = body[index + 1];
      if (escaped === undefined || /[A-Za-z0-9]/.test(escaped)) return undefined;
      word += escaped;
      index++;
    } else if (character === '|') {
      words.push(word);
      word = '';
    } else if ('.*+?[](){}^$'.includes(character)) return undefined;
    else word += character;
  }
  words.push(word);
  return words.some((each) => each === '') ? undefined : words;
}

function regexMatch(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const regex = compileRegex(body.RegexString, options, `${where}.RegexString`);
  return fieldMatcher(body, options, where, (value) => regex.test(fromByteString(value)));
}

function regexPatternSetMatch(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const { field, chain } = fieldAndTransformations(body, options, where);
  const resolved = resolveResource(options.template, body.Arn, 'AWS::WAFv2::RegexPatternSet');
  if ('unresolved' in resolved) {
    const reason = `RegexPatternSetReferenceStatement: ${resolved.unresolved}`;
    return () => unknownMatch(reason);
  }
  const list = resolved.properties.RegularExpressionList;
  if (!Array.isArray(list) || list.some(isIntrinsic)) {
    const reason = `RegexPatternSetReferenceStatement: ${resolved.logicalId}'s RegularExpressionList is not a literal list`;
    return () => unknownMatch(reason);
  }
  const regexes = list.map((pattern, index) => compileRegex(pattern, options, `${resolved.logicalId}.RegularExpressionList[${index}]`));
  return fieldTester(field, chain, (value) => {
    const text = fromByteString(value);
    return regexes.some((regex) => regex.test(text));
  });
}

const COMPARISONS: Readonly<Record<string, (size: number, limit: number) => boolean>> = {
  EQ: (size, limit) => size === limit,
  NE: (size, limit) => size !== limit,
  LE: (size, limit) => size <= limit,
  LT: (size, limit) => size < limit,
  GE: (size, limit) => size >= limit,
  GT: (size, limit) => size > limit,
};

/** The size in bytes of the transformed value against `Size`. */
function sizeConstraint(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const compare = typeof body.ComparisonOperator === 'string' ? COMPARISONS[body.ComparisonOperator] : undefined;
  if (compare === undefined) {
    throw new WebAclSimulationError(
      options.rule,
      `${where}.ComparisonOperator`,
      `received ${quoteValue(body.ComparisonOperator)}; allowed: ${Object.keys(COMPARISONS).join(', ')}`,
    );
  }
  const size = body.Size;
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) {
    throw new WebAclSimulationError(options.rule, `${where}.Size`, `expected a number of bytes of at least 0, received ${quoteValue(size)}`);
  }
  return fieldMatcher(body, options, where, (value) => compare(value.length, size));
}

interface ForwardedIp {
  readonly header: string;
  readonly fallback: 'MATCH' | 'NO_MATCH';
  readonly position: 'FIRST' | 'LAST' | 'ANY';
}

function forwardedIpConfig(spec: unknown, options: StatementOptions, where: string, withPosition: boolean): ForwardedIp | undefined {
  if (spec === undefined) return undefined;
  const record = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
  const header = record.HeaderName;
  const fallback = record.FallbackBehavior;
  const position = withPosition ? record.Position : 'FIRST';
  if (typeof header !== 'string' || header === '') {
    throw new WebAclSimulationError(options.rule, `${where}.HeaderName`, `expected a header name, received ${quoteValue(header)}`);
  }
  if (fallback !== 'MATCH' && fallback !== 'NO_MATCH') {
    throw new WebAclSimulationError(options.rule, `${where}.FallbackBehavior`, `received ${quoteValue(fallback)}; allowed: MATCH, NO_MATCH`);
  }
  if (position !== 'FIRST' && position !== 'LAST' && position !== 'ANY') {
    throw new WebAclSimulationError(options.rule, `${where}.Position`, `received ${quoteValue(position)}; allowed: FIRST, LAST, ANY`);
  }
  return { header: header.toLowerCase(), fallback, position };
}

/** A dotted-quad IPv4 or an IPv6 address (IPv4-mapped IPv6 read as IPv4), or undefined. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const trimmed = text.trim();
  if (trimmed.length > 64) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return ipaddr.IPv4.parse(trimmed);
  if (ipaddr.IPv6.isValid(trimmed)) return ipaddr.process(trimmed);
  return undefined;
}

/** The addresses a forwarded-IP header gives for its position: undefined when the header is absent. */
export function forwardedAddresses(context: RequestContext, config: ForwardedIp): (ipaddr.IPv4 | ipaddr.IPv6 | undefined)[] | undefined {
  const values = context.header(config.header);
  if (values.length === 0) return undefined;
  const entries = values.join(',').split(',');
  // ANY: "If the header contains more than 10 IP addresses, AWS WAF inspects the last 10" (IPSetForwardedIPConfig).
  const picked = config.position === 'FIRST' ? entries.slice(0, 1) : config.position === 'LAST' ? entries.slice(-1) : entries.slice(-10);
  return picked.map(parseIp);
}

/**
 * Countries from the request's `country`. With ForwardedIPConfig, a request without the header
 * is not inspected (no match, per the API reference) and an invalid first address takes the
 * fallback; otherwise the input's `country` is taken to be the forwarded client's (the simulator
 * has no geolocation database).
 */
function geoMatch(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const codes = body.CountryCodes;
  if (!Array.isArray(codes) || codes.length === 0 || !codes.every((code) => typeof code === 'string')) {
    throw new WebAclSimulationError(options.rule, `${where}.CountryCodes`, `expected a list of country codes, received ${quoteValue(codes)}`);
  }
  const countries = new Set(codes.map((code: string) => code.toUpperCase()));
  const forwarded = forwardedIpConfig(body.ForwardedIPConfig, options, `${where}.ForwardedIPConfig`, false);
  return (context) => {
    if (forwarded !== undefined) {
      const addresses = forwardedAddresses(context, forwarded);
      if (addresses === undefined) return 'no-match';
      if (addresses[0] === undefined) return forwarded.fallback === 'MATCH' ? 'match' : 'no-match';
    }
    const country = context.request.country;
    if (country === undefined) return unknownMatch('GeoMatchStatement: the request has no country');
    return countries.has(country.toUpperCase()) ? 'match' : 'no-match';
  };
}

type Range = readonly [ipaddr.IPv4 | ipaddr.IPv6, number];

function ipSetMatch(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const forwarded = forwardedIpConfig(body.IPSetForwardedIPConfig, options, `${where}.IPSetForwardedIPConfig`, true);
  const resolved = resolveResource(options.template, body.Arn, 'AWS::WAFv2::IPSet');
  if ('unresolved' in resolved) {
    const reason = `IPSetReferenceStatement: ${resolved.unresolved}`;
    return () => unknownMatch(reason);
  }
  const addresses = resolved.properties.Addresses;
  if (!Array.isArray(addresses) || addresses.some(isIntrinsic)) {
    const reason = `IPSetReferenceStatement: ${resolved.logicalId}'s Addresses is not a literal list`;
    return () => unknownMatch(reason);
  }
  const ranges: Range[] = addresses.map((cidr, index) => {
    if (typeof cidr !== 'string' || !ipaddr.isValidCIDR(cidr)) {
      throw new WebAclSimulationError(
        options.rule,
        `${resolved.logicalId}.Addresses[${index}]`,
        `expected a CIDR such as 192.0.2.0/24, received ${quoteValue(cidr)}`,
      );
    }
    return ipaddr.parseCIDR(cidr);
  });
  const inSet = (address: ipaddr.IPv4 | ipaddr.IPv6) => ranges.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
  return (context) => {
    if (forwarded === undefined) {
      const ip = context.request.ip;
      if (ip === undefined) return unknownMatch('IPSetReferenceStatement: the request has no ip');
      const address = context.cached(`ip|${ip}`, () => parseIp(ip));
      if (address === undefined) return unknownMatch(`IPSetReferenceStatement: the request's ip ${quoteValue(ip)} is not an IP address`);
      return inSet(address) ? 'match' : 'no-match';
    }
    const picked = forwardedAddresses(context, forwarded);
    if (picked === undefined) return 'no-match';
    if (picked.some((address) => address !== undefined && inSet(address))) return 'match';
    return picked.some((address) => address === undefined) ? (forwarded.fallback === 'MATCH' ? 'match' : 'no-match') : 'no-match';
  };
}

/**
 * Whether a fully qualified label matches a LabelMatchStatement key: LABEL keys are the name
 * with any number of the namespaces before it (up to the full label); NAMESPACE keys are
 * contiguous namespaces from the start of the label's namespace, with or without the origin
 * prefix (`awswaf:<account>:webacl:<name>:` and the like) — per LabelMatchStatement's `Key`.
 */
export function labelMatches(label: string, key: string, scope: 'LABEL' | 'NAMESPACE', contextPrefix?: string): boolean {
  // "If you don't provide the fully qualified name …, AWS WAF performs the search for labels that
  // were added in the same context as the label match statement" (the Web ACL or rule group).
  if (contextPrefix !== undefined && !key.startsWith('awswaf:')) {
    if (!label.startsWith(contextPrefix)) return false;
    return labelMatches(label.slice(contextPrefix.length), key, scope);
  }
  if (scope === 'LABEL') return label === key || label.endsWith(`:${key}`);
  const namespaceKey = key.endsWith(':') ? key : `${key}:`;
  const namespace = label.slice(0, label.lastIndexOf(':') + 1);
  if (namespace.startsWith(namespaceKey)) return true;
  if (!label.startsWith('awswaf:')) return false;
  // The origin prefix is the first four components: awswaf, account or "managed", kind or vendor, name.
  let index = -1;
  for (let k = 0; k < 4 && (index = namespace.indexOf(':', index + 1)) >= 0; k++);
  return index >= 0 && namespace.slice(index + 1).startsWith(namespaceKey);
}

function labelMatch(body: Record<string, unknown>, options: StatementOptions, where: string): CompiledStatement {
  const scope = body.Scope;
  const key = body.Key;
  if (scope !== 'LABEL' && scope !== 'NAMESPACE') {
    throw new WebAclSimulationError(options.rule, `${where}.Scope`, `received ${quoteValue(scope)}; allowed: LABEL, NAMESPACE`);
  }
  if (typeof key !== 'string' || key === '') {
    throw new WebAclSimulationError(options.rule, `${where}.Key`, `expected a label or namespace, received ${quoteValue(key)}`);
  }
  const fromManagedGroup = key.startsWith('awswaf:managed:');
  return (context) => {
    let maybe: string | undefined;
    for (const [label, certainty] of context.labels) {
      if (!labelMatches(label, key, scope, options.labelPrefix)) continue;
      if (certainty === 'certain') return 'match';
      maybe ??= label;
    }
    if (maybe !== undefined) return unknownMatch(`LabelMatchStatement: ${maybe} may have been added by a rule the simulator cannot judge`);
    if (fromManagedGroup && context.managedGroupsReached.length > 0) {
      return unknownMatch(
        `LabelMatchStatement: ${key} would come from a managed rule group (${context.managedGroupsReached.join(', ')}), whose labels are private`,
      );
    }
    return 'no-match';
  };
}
