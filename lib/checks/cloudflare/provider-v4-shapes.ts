/**
 * Cloudflare Terraform provider v4 wrote some resources in shapes v5 (cdktf's provider 13, and
 * what the checks read) changed: zone settings as one `cloudflare_zone_settings_override` with a
 * `settings` block, where v5 has a `cloudflare_zone_setting` per setting; HSTS as a
 * `security_header` block of its own fields, where v5 nests them under `strict_transport_security`;
 * a rewrite rule's `headers` as a list of blocks each with a `name`, where v5 has a map by name.
 * These read v4's shapes as v5's, so a v4 configuration is checked, not misread.
 */

/** One v4 zone setting as the v5 `cloudflare_zone_setting` value the checks read. */
export function settingValueFromV4(settingId: string, value: unknown): unknown {
  const single = onlyBlock(value);
  if (settingId === 'security_header' && single !== null && typeof single === 'object' && !Array.isArray(single)) return { strict_transport_security: single };
  return single;
}

/** The settings of a v4 `cloudflare_zone_settings_override` resource (its `settings` block), by setting id. */
export function v4ZoneSettings(resource: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const settings = onlyBlock(resource.settings);
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) return {};
  return Object.fromEntries(
    Object.entries(settings as Record<string, unknown>)
      .filter(([id, value]) => value !== null && value !== undefined && !(id in Object.prototype))
      .map(([id, value]) => [id, settingValueFromV4(id, value)]),
  );
}

/** A rewrite rule's v4 `headers` list of `{ name, operation, value }` blocks as v5's map by name; anything else as it is. */
export function headersFromV4(headers: unknown): unknown {
  if (!Array.isArray(headers)) return headers;
  const byName: Record<string, unknown> = {};
  for (const header of headers as unknown[]) {
    if (header === null || typeof header !== 'object') return headers;
    const { name, ...rest } = header as Record<string, unknown>;
    if (typeof name !== 'string' || name in Object.prototype) return headers;
    byName[name] = rest;
  }
  return byName;
}

/** A block HCL or a plan wrote as a list of one (`settings { … }` → `[{ … }]`): its one element. */
function onlyBlock(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
}
