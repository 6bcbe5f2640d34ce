import { type App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SecurityAlarms } from '../../lib/aws/monitoring/security-alarms';
import { HardenedSecrets } from '../../lib/aws/secrets/hardened-secrets';
import { HardenedWebAcl } from '../../lib/aws/waf/hardened-web-acl';
import { toProfile } from '../../lib/profile/profile-data';
import { serviceProfile, stackProfile } from './fleet-profiles';
import { serviceName, stackGroups } from './fleet-shape';

/** The fleet written with Bulwark constructs and the strict preset (variant b). */
export function addBulwarkFleet(app: App, services: number): Stack[] {
  return stackGroups(services).map((group, stackIndex) => {
    const stack = new Stack(app, `Fleet${stackIndex}`, { env: { account: '123456789012', region: 'eu-west-1' } });
    const groupProfile = toProfile(stackProfile(stackIndex, group));
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile: groupProfile });
    new HardenedSecrets(stack, 'Secrets', { profile: groupProfile, notificationTopic: alarms.topic });
    const logEncryptionKey = new kms.Key(stack, 'WafLogKey', { enableKeyRotation: true, description: 'Encrypts the WAF logs of this fleet stack' });
    for (const index of group) {
      const webAcl = new HardenedWebAcl(stack, `WebAcl-${serviceName(index)}`, { profile: toProfile(serviceProfile(index)), logEncryptionKey });
      alarms.alarmOnWebAcl(webAcl);
    }
    return stack;
  });
}
