import type { CloudflareRule } from '../cloudflare-rule';

/**
 * A zone has one entry-point ruleset per phase: Cloudflare refuses a second (API error 20217)
 * when it is applied. A finding names each extra one. Zone IDs are compared as written, so two
 * Terraform variables that hold the same zone are not caught.
 */
export const oneEntryPointPerPhase: CloudflareRule = (zone) =>
  Object.entries(zone.entryPoints).flatMap(([phase, addresses]) =>
    addresses.slice(1).map((address) => ({
      path: address,
      observed: `${addresses.length} entry-point rulesets for ${phase} of zone ${zone.zoneId} (${addresses.join(', ')}); Cloudflare keeps one per phase and zone`,
    })),
  );
