import { BULWARK_AWS_PACK } from './aws/aws-pack';
import type { CheckPack, CheckSource } from './check-pack';
import { BULWARK_CLOUDFLARE_PACK } from './cloudflare/cloudflare-checks';
import { DOCTOR_PACK } from './doctor/doctor-pack';

/** Bulwark's three packs, by what they check: the profile, CloudFormation resources, Terraform zones. */
export const CHECK_PACKS: Readonly<Record<CheckSource, CheckPack>> = {
  doctor: DOCTOR_PACK,
  aws: BULWARK_AWS_PACK,
  cloudflare: BULWARK_CLOUDFLARE_PACK,
};
