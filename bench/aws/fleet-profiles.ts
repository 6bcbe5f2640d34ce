import { extendPreset } from '../../lib/profile/load';
import type { HardeningProfile } from '../../lib/profile/schema';
import { NOTIFY_EMAIL, ROTATION_DAYS, SECRETS_PER_SERVICE, serviceName, serviceRateLimits } from './fleet-shape';

/** The profile of one stack of the fleet: the strict preset with the secrets of its services. */
export function stackProfile(stackIndex: number, group: readonly number[]): HardeningProfile {
  return extendPreset('strict', {
    name: `fleet-${stackIndex}`,
    monitoring: { notify: { email: [NOTIFY_EMAIL] } },
    secrets: {
      items: group.flatMap((index) =>
        SECRETS_PER_SERVICE.map((secret) => ({
          name: secret,
          service: serviceName(index),
          tier: 'sensitive' as const,
          generate: { bytes: 32 },
          rotateAfterDays: ROTATION_DAYS,
        })),
      ),
      services: group.map((index) => ({ name: serviceName(index), reads: [`${serviceName(index)}/*`] })),
    },
  });
}

/** The profile of one service's Web ACL: the strict preset with the service's rate limits. */
export function serviceProfile(index: number): HardeningProfile {
  return extendPreset('strict', { name: serviceName(index), rateLimits: serviceRateLimits(index) });
}
