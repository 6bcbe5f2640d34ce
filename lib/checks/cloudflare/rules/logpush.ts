import { mayCarryCredential } from '../../../cloudflare/logpush-destination';
import type { Violation } from '../../violation';
import type { CloudflareRule } from '../cloudflare-rule';
import { isTerraformToken } from '../terraform-zones';

/**
 * No Logpush job of the zone writes a destination_conf that may carry a credential as literal
 * text (anything but an S3, GCS or R2 bucket without keys: user information, a token, key, signature
 * or header parameter, or a secret path such as a Sumo Logic collector code): it would sit in
 * plain text in the Terraform JSON and state. A destination with a reference in it (`${var.destination}`)
 * takes its value at apply time and passes. The finding never quotes the destination.
 */
export const noLiteralLogpushCredentials: CloudflareRule = (zone) =>
  Object.entries(zone.logpushJobs).flatMap(([address, job]): Violation[] => {
    const destination = job.destination_conf;
    if (typeof destination !== 'string' || isTerraformToken(destination) || !mayCarryCredential(destination)) return [];
    return [
      {
        path: address,
        observed: 'destination_conf may carry a credential (only s3://, gs:// and r2:// buckets without keys may be literal) and is literal text',
      },
    ];
  });
