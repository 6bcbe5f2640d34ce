import { allowsAnyOriginWithCredentials } from '../../../policy/invariants';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { isTerraformToken } from '../terraform-zones';

/** A header operation of a rewrite rule as Terraform JSON writes it (v5 map entry, v4 block). */
interface HeaderEntry {
  readonly operation?: unknown;
  readonly value?: unknown;
  readonly expression?: unknown;
}

/** The rule's header operations by lowercase name (header names are case-insensitive); none when it sets no headers map. */
function headerOperations(parameters: Record<string, unknown> | undefined): Map<string, HeaderEntry> {
  const headers = parameters?.headers;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return new Map();
  return new Map(
    Object.entries(headers as Record<string, unknown>)
      .filter((entry): entry is [string, HeaderEntry] => entry[1] !== null && typeof entry[1] === 'object')
      .map(([name, entry]) => [name.toLowerCase(), entry]),
  );
}

/**
 * The zone grants cross-origin access only as the profile's cors allows: every response header
 * transform that sets Access-Control-Allow-Origin sets a literal the profile lists ("*" only
 * with cors.allowedOrigins: ["*"], and never beside Access-Control-Allow-Credentials: true).
 * A value computed per request (an `expression`, e.g. reflecting the Origin header) is a
 * finding: it grants whatever origin asks. A value known only at apply time is unresolved.
 * Which requests a rule matches is not judged: a literal origin is harmless to any requester.
 * A profile that lists no origin takes no stance on CORS (CloudflareZoneHardening then leaves
 * it to the origin server): only "*" with credentials and computed values are judged then.
 */
export const corsOnlyProfileOrigins: CloudflareRule = (zone, policy) => {
  const { cors } = policy;
  const address = zone.rulesetAddresses.http_response_headers_transform ?? `zone ${zone.zoneId}`;
  return (zone.rulesets.http_response_headers_transform ?? []).flatMap((rule): Violation[] => {
    const headers = headerOperations(rule.action_parameters);
    const origin = headers.get('access-control-allow-origin');
    if (origin === undefined || (origin.operation !== 'set' && origin.operation !== 'add')) return [];
    const name = rule.ref ?? 'rule';
    if (origin.expression !== undefined)
      return [{ path: address, observed: `${name}: Access-Control-Allow-Origin is computed per request, granting whatever origin it yields` }];
    if (isTerraformToken(origin.value) || typeof origin.value !== 'string')
      return [{ path: address, observed: `${name}: Access-Control-Allow-Origin is known only at apply time`, unresolved: true }];
    const credentials = headers.get('access-control-allow-credentials');
    const withCredentials = credentials?.operation !== 'remove' && typeof credentials?.value === 'string' && credentials.value.trim().toLowerCase() === 'true';
    const value = origin.value.trim();
    if (value === '*' && credentials?.operation !== 'remove' && isTerraformToken(credentials?.value))
      return [{ path: address, observed: `${name}: Access-Control-Allow-Credentials beside "*" is known only at apply time`, unresolved: true }];
    if (value === '*' && allowsAnyOriginWithCredentials({ allowAnyOrigin: true, allowCredentials: withCredentials }))
      return [{ path: address, observed: `${name}: Access-Control-Allow-Origin "*" with Access-Control-Allow-Credentials: true` }];
    const statesCors = cors.allowAnyOrigin || cors.allowedOrigins.length > 0;
    const allowed = !statesCors || (value === '*' ? cors.allowAnyOrigin : cors.allowAnyOrigin || cors.allowedOrigins.includes(value));
    return allowed
      ? []
      : [{ path: address, observed: `${name}: Access-Control-Allow-Origin ${JSON.stringify(value)}, which cors.allowedOrigins does not list` }];
  });
};
