import type { Policy } from '../../policy/model';
import type { TerraformZone } from './terraform-zones';

/** A failed check on a zone: the resource at fault (a Terraform address, or the zone) and what was found. */
export interface ZoneViolation {
  readonly address: string;
  readonly observed: string;
  /** The verdict depends on a value known only at apply time: reported as `<id>[unresolved]`, never a pass. */
  readonly unresolved?: boolean;
}

/** A Cloudflare check rule: a pure function from a zone's Terraform configuration to its violations. */
export type CloudflareRule = (zone: TerraformZone, policy: Policy) => readonly ZoneViolation[];
