import { evaluateExpression } from '../../../cloudflare/expression/evaluate';
import { unescapeTemplateSequences } from '../../../cloudflare/terraform-template';
import { REQUIRED_SECURITY_HEADERS, securityHeaderMeets } from '../../../policy/invariants';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { isTerraformToken, type TerraformRule, type TerraformZone } from '../terraform-zones';

/** What a response carries for a header: its values (an `add` makes two), or 'unresolved' when known only at apply time. */
type Sent = readonly string[] | 'unresolved';

/** Requests the response header rules are judged on: a page, an API call and a login, as browsers and clients send them. */
const PROBES = [
  { method: 'GET', host: 'example.com', path: '/' },
  { method: 'GET', host: 'example.com', path: '/api/items', query: 'page=2' },
  { method: 'POST', host: 'example.com', path: '/login' },
] as const;

/** Whether a rule applies to a request: true, false, or 'unresolved' when its expression is known only at apply time or uses a field not modelled. */
function applies(rule: TerraformRule, request: (typeof PROBES)[number]): boolean | 'unresolved' {
  if (rule.enabled === false || rule.enabled === 'false') return false;
  const expression = rule.expression ?? 'true';
  if (isTerraformToken(expression) || isTerraformToken(rule.enabled)) return 'unresolved';
  try {
    return evaluateExpression(unescapeTemplateSequences(String(expression)), { ...request });
  } catch {
    return 'unresolved';
  }
}

/** A header operation as read: `remove`, or `set`/`add` of a literal value; anything else (a computed `expression`, a value that is not a string, an operation not known, a token) is 'unresolved'. */
type Operation = { readonly kind: 'remove' } | { readonly kind: 'set' | 'add'; readonly value: string } | 'unresolved';

/** Reads one header operation; only what is certain is read, so an unreadable one never leaves an earlier value counted. */
function readOperation(operation: unknown): Operation {
  if (operation === null || typeof operation !== 'object' || Array.isArray(operation)) return 'unresolved';
  const { operation: kind, value, expression } = operation as { operation?: unknown; value?: unknown; expression?: unknown };
  if (kind === 'remove') return { kind };
  if ((kind === 'set' || kind === 'add') && typeof value === 'string' && !isTerraformToken(value) && expression === undefined) return { kind, value };
  return 'unresolved';
}

/** A rule's required-header operations, by lowercased name (a map may spell a header twice, in two cases); 'unresolved' when its headers map is known only at apply time. */
function headerOperations(rule: TerraformRule, names: readonly string[]): ReadonlyMap<string, readonly Operation[]> | 'unresolved' {
  const headers = rule.action_parameters?.headers;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || isTerraformToken(headers)) return 'unresolved';
  const operations = new Map<string, Operation[]>();
  for (const [header, operation] of Object.entries(headers as Record<string, unknown>)) {
    const name = header.toLowerCase();
    if (names.includes(name)) operations.set(name, [...(operations.get(name) ?? []), readOperation(operation)]);
  }
  return operations;
}

/** The response header transforms that rewrite: a rule whose action is known only at apply time may be one. */
function rewriteRules(zone: TerraformZone): TerraformRule[] {
  return (zone.rulesets.http_response_headers_transform ?? []).filter((rule) => rule.action === 'rewrite' || isTerraformToken(rule.action));
}

/**
 * The security headers a response to a request carries: X-Content-Type-Options from the
 * security_header setting's nosniff (sent with HSTS), then each response header transform that
 * applies, in order (`set` replaces, `add` appends, `remove` drops), as Cloudflare runs the phase.
 */
function sentHeaders(zone: TerraformZone, request: (typeof PROBES)[number], names: readonly string[]): Map<string, Sent> {
  const sent = new Map<string, Sent>();
  const hsts = (zone.settings.security_header as { strict_transport_security?: Record<string, unknown> } | undefined)?.strict_transport_security;
  if (isTerraformToken(zone.settings.security_header) || isTerraformToken(hsts?.nosniff) || isTerraformToken(hsts?.enabled))
    sent.set('x-content-type-options', 'unresolved');
  else if (hsts?.enabled === true && hsts.nosniff === true) sent.set('x-content-type-options', ['nosniff']);
  for (const rule of rewriteRules(zone)) {
    const when = isTerraformToken(rule.action) ? 'unresolved' : applies(rule, request);
    if (when === false) continue;
    const operations = headerOperations(rule, names);
    if (operations === 'unresolved') {
      // Headers known only at apply time may set any of them.
      for (const name of names) sent.set(name, 'unresolved');
      continue;
    }
    for (const [name, operation] of [...operations].flatMap(([header, list]) => list.map((each) => [header, each] as const))) {
      const before = sent.get(name);
      if (when === 'unresolved' || operation === 'unresolved') sent.set(name, 'unresolved');
      else if (operation.kind === 'remove') sent.delete(name);
      else if (operation.kind === 'set') sent.set(name, [operation.value]);
      else sent.set(name, before === 'unresolved' ? before : [...(before ?? []), operation.value]);
    }
  }
  return sent;
}

/** A rule whose expression is literally `false` matches no request. */
function matchesNothing(rule: TerraformRule): boolean {
  return typeof rule.expression === 'string' && rule.expression.trim() === 'false';
}

/** What a rule does to a header that weakens it on the requests it matches, wherever they are: a finding, 'unresolved', or undefined when it keeps the profile's value. */
type Weakening = { readonly observed: string } | 'unresolved' | undefined;

/**
 * Whether a rewrite rule weakens a required header on the requests it matches, beyond the sample
 * requests: removing it, or setting or adding a value short of the profile's. A rule whose
 * action or expression is known only at apply time makes a weakening unresolved rather than a finding.
 */
function weakening(rule: TerraformRule, index: number, header: string, operation: Operation, required: string): Weakening {
  if (operation === 'unresolved') return 'unresolved';
  const weakens = operation.kind === 'remove' || !securityHeaderMeets(header, operation.value, required);
  if (!weakens) return undefined;
  if (isTerraformToken(rule.action) || isTerraformToken(rule.expression)) return 'unresolved';
  const named = typeof rule.ref === 'string' ? `rule ${JSON.stringify(rule.ref.slice(0, 60))}` : `rule ${index}`;
  const does = operation.kind === 'remove' ? `removes ${header}` : `${operation.kind}s ${header}: ${JSON.stringify(operation.value.slice(0, 120))}`;
  return { observed: `${named} ${does} on the requests it matches, short of the profile's ${header}` };
}

/**
 * Every response carries the security headers the profile sets besides HSTS (TLS4's), with the
 * profile's values: X-Content-Type-Options nosniff (the security_header setting's nosniff, or a
 * transform), X-Frame-Options (DENY meets SAMEORIGIN), Referrer-Policy (no-referrer meets any),
 * and the profile's Content-Security-Policy when it sets one. That each is set on every response
 * is judged on a page, an API call and a login request through the zone's response header
 * transforms, in order; a header sent twice (`add`) must meet the profile each time. Since those
 * are samples, any rewrite rule that removes a required header, or sets or adds a value short of
 * the profile's, is a finding whatever requests it matches (unless its expression is `false`).
 * A finding names the header and what the response or rule carries; a header operation not read
 * (a computed value), a rule known only at apply time, a phase known only at apply time, or an
 * expression using a field not modelled makes a header not proven short unresolved.
 */
export const securityHeadersSent: CloudflareRule = (zone, policy) => {
  const required = REQUIRED_SECURITY_HEADERS.filter((header) => policy.headers.values[header] !== undefined);
  const names = required.map((header) => header.toLowerCase());
  const responses = PROBES.map((request) => ({ request, sent: sentHeaders(zone, request, names) }));
  const rules = rewriteRules(zone).map((rule) => ({ rule, operations: headerOperations(rule, names) }));
  const address = zone.rulesetAddresses.http_response_headers_transform ?? zone.settingAddresses.security_header ?? `zone ${zone.zoneId}`;
  const unknownPhase = zone.unresolvedPhases.http_response_headers_transform;
  return required.flatMap((header): Violation[] => {
    const name = header.toLowerCase();
    const wanted = policy.headers.values[header];
    const weakenings = rules.map(({ rule, operations }, index): Weakening => {
      if (matchesNothing(rule)) return undefined;
      if (operations === 'unresolved') return 'unresolved';
      const found = (operations.get(name) ?? []).map((operation) => weakening(rule, index, header, operation, wanted));
      return found.find((each) => typeof each === 'object') ?? found.find((each) => each === 'unresolved');
    });
    const short = responses.filter(({ sent }) => {
      const values = sent.get(name);
      return values !== 'unresolved' && (values === undefined || !values.every((value) => securityHeaderMeets(header, value, wanted)));
    });
    const sampleUnknown = responses.some(({ sent }) => sent.get(name) === 'unresolved');
    if (short.length > 0 && !sampleUnknown && unknownPhase === undefined) {
      const [{ request, sent }] = short;
      const values = sent.get(name) as readonly string[] | undefined;
      const carried = values === undefined ? 'no such header' : `${header}: ${values.map((value) => JSON.stringify(value.slice(0, 120))).join(', ')}`;
      return [{ path: address, observed: `a ${request.method} ${request.path} response carries ${carried}, short of the profile's ${header}` }];
    }
    const weakened = weakenings.find((found) => typeof found === 'object');
    if (weakened !== undefined) return [{ path: address, observed: weakened.observed }];
    if (short.length === 0 && !sampleUnknown && !weakenings.includes('unresolved') && unknownPhase === undefined) return [];
    return [
      {
        path: unknownPhase ?? address,
        observed: `whether every response carries ${header} as the profile sets it is known only at apply time`,
        unresolved: true,
      },
    ];
  });
};
