import type { Policy } from '../../policy/model';
import type { Violation } from '../violation';
import type { TerraformZone } from './terraform-zones';

/**
 * A Cloudflare check rule: a pure function from a zone's Terraform configuration to its
 * violations, each at the resource at fault (its Terraform address, or the zone).
 */
export type CloudflareRule = (zone: TerraformZone, policy: Policy) => readonly Violation[];
