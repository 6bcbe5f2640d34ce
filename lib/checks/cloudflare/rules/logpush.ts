import { carriesCredential } from '../../../cloudflare/logpush-destination';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { isTerraformToken } from '../terraform-zones';

/**
 * No Logpush job of the zone writes a credential into its destination_conf as literal text
 * (user information, or a token, key, signature or header parameter): it would sit in plain text
 * in the Terraform JSON and state. A destination with a reference in it (`${var.destination}`)
 * takes its value at apply time and passes. The finding never quotes the destination.
 */
export const noLiteralLogpushCredentials: CloudflareRule = (zone) =>
  Object.entries(zone.logpushJobs).flatMap(([address, job]): Violation[] => {
    const destination = job.destination_conf;
    if (typeof destination !== 'string' || isTerraformToken(destination) || !carriesCredential(destination)) return [];
    return [{ path: address, observed: 'destination_conf carries a credential as literal text' }];
  });
