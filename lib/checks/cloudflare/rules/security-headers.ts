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
  for (const rule of zone.rulesets.http_response_headers_transform ?? []) {
    if (rule.action !== 'rewrite' && !isTerraformToken(rule.action)) continue;
    const when = isTerraformToken(rule.action) ? 'unresolved' : applies(rule, request);
    if (when === false) continue;
    const headers = rule.action_parameters?.headers;
    if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || isTerraformToken(headers)) {
      // Headers known only at apply time may set any of them.
      for (const name of names) sent.set(name, 'unresolved');
      continue;
    }
    for (const [header, operation] of Object.entries(headers as Record<string, unknown>)) {
      const name = header.toLowerCase();
      if (!names.includes(name)) continue;
      const { operation: kind, value } = (operation ?? {}) as { operation?: unknown; value?: unknown };
      if (when === 'unresolved' || isTerraformToken(kind) || isTerraformToken(value)) {
        sent.set(name, 'unresolved');
        continue;
      }
      const before = sent.get(name);
      if (kind === 'remove') sent.delete(name);
      else if (kind === 'set' && typeof value === 'string') sent.set(name, [value]);
      else if (kind === 'add' && typeof value === 'string') sent.set(name, before === 'unresolved' ? before : [...(before ?? []), value]);
    }
  }
  return sent;
}

/**
 * Every response carries the security headers the profile sets besides HSTS (TLS4's), with the
 * profile's values: X-Content-Type-Options nosniff (the security_header setting's nosniff, or a
 * transform), X-Frame-Options (DENY meets SAMEORIGIN), Referrer-Policy (no-referrer meets any),
 * and the profile's Content-Security-Policy when it sets one. Judged on a page, an API call and a
 * login request through the zone's response header transforms, in order; a header sent twice
 * (`add`) must meet the profile each time. A finding names the header and what the response
 * carries; a rule known only at apply time, or whose expression uses a field not modelled, makes a
 * header that would otherwise fall short unresolved.
 */
export const securityHeadersSent: CloudflareRule = (zone, policy) => {
  const required = REQUIRED_SECURITY_HEADERS.filter((header) => policy.headers.values[header] !== undefined);
  const names = required.map((header) => header.toLowerCase());
  const responses = PROBES.map((request) => ({ request, sent: sentHeaders(zone, request, names) }));
  const address = zone.rulesetAddresses.http_response_headers_transform ?? zone.settingAddresses.security_header ?? `zone ${zone.zoneId}`;
  const unknownPhase = zone.unresolvedPhases.http_response_headers_transform;
  return required.flatMap((header): Violation[] => {
    const name = header.toLowerCase();
    const short = responses.filter(({ sent }) => {
      const values = sent.get(name);
      return values !== 'unresolved' && (values === undefined || !values.every((value) => securityHeaderMeets(header, value, policy.headers.values[header])));
    });
    const unknown = responses.some(({ sent }) => sent.get(name) === 'unresolved');
    if (short.length === 0 && !unknown) return [];
    if (short.length === 0 || unknown || unknownPhase !== undefined)
      return [
        {
          path: unknownPhase ?? address,
          observed: `whether every response carries ${header} as the profile sets it is known only at apply time`,
          unresolved: true,
        },
      ];
    const [{ request, sent }] = short;
    const values = sent.get(name) as readonly string[] | undefined;
    const carried = values === undefined ? 'no such header' : `${header}: ${values.map((value) => JSON.stringify(value.slice(0, 120))).join(', ')}`;
    return [{ path: address, observed: `a ${request.method} ${request.path} response carries ${carried}, short of the profile's ${header}` }];
  });
};
