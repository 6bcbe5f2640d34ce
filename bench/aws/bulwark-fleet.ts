import { type App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecurityAlarms } from '../../lib/aws/monitoring/security-alarms';
import { HardenedSecrets } from '../../lib/aws/secrets/hardened-secrets';
import { HardenedWebAcl } from '../../lib/aws/waf/hardened-web-acl';
import { extendPreset } from '../../lib/profile/load';
import { NOTIFY_EMAIL, ROTATION_DAYS, SECRETS_PER_SERVICE, serviceName, serviceRateLimits, stackGroups } from './fleet-shape';

/** The fleet written with Bulwark constructs and the strict preset (variant b). */
export function addBulwarkFleet(app: App, services: number): Stack[] {
  return stackGroups(services).map((group, stackIndex) => {
    const stack = new Stack(app, `Fleet${stackIndex}`, { env: { account: '123456789012', region: 'eu-west-1' } });
    const groupProfile = extendPreset('strict', {
      name: `fleet-${stackIndex}`,
      monitoring: { notify: { email: [NOTIFY_EMAIL] } },
      secrets: {
        items: group.flatMap((index) => SECRETS_PER_SERVICE.map((secret) => ({ name: secret, service: serviceName(index), tier: 'sensitive' as const, generate: { bytes: 32 }, rotateAfterDays: ROTATION_DAYS }))),
        services: group.map((index) => ({ name: serviceName(index), reads: [`${serviceName(index)}/*`] })),
      },
    });
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: groupProfile });
    new HardenedSecrets(stack, 'Secrets', { profile: groupProfile, notificationTopic: alarms.topic });
    const logEncryptionKey = new kms.Key(stack, 'WafLogKey', { enableKeyRotation: true, description: 'Encrypts the WAF logs of this fleet stack' });
    for (const index of group) {
      const profile = extendPreset('strict', { name: serviceName(index), rateLimits: serviceRateLimits(index) });
      const webAcl = new HardenedWebAcl(stack, `WebAcl-${serviceName(index)}`, { profile, logEncryptionKey });
      alarms.alarmOnWebAcl(webAcl);
    }
    return stack;
  });
}
