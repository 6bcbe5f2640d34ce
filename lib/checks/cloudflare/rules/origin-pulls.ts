import type { CloudflareRule } from '../cloudflare-rule';
import { AUTHENTICATED_ORIGIN_PULLS, isTerraformToken } from '../terraform-zones';

/**
 * When the profile asks for authenticated origin pulls (network.origin.authenticatedOriginPulls,
 * the default behind Cloudflare), the zone turns them on zone-wide: enabled true (or "true").
 * Not judged when the profile does not ask for them.
 */
export const authenticatedOriginPulls: CloudflareRule = (zone, policy) => {
  if (!policy.network.origin.authenticatedOriginPulls) return [];
  const value = zone.settings[AUTHENTICATED_ORIGIN_PULLS];
  if (value === true || value === 'true') return [];
  const path = zone.settingAddresses[AUTHENTICATED_ORIGIN_PULLS] ?? `zone ${zone.zoneId}`;
  if (isTerraformToken(value)) return [{ path, observed: 'authenticated origin pulls are known only at apply time', unresolved: true }];
  return [{ path, observed: value === undefined ? 'no zone-level authenticated origin pulls' : `authenticated origin pulls enabled ${JSON.stringify(value)}` }];
};
