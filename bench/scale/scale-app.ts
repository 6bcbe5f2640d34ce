import { join } from 'node:path';
import { serviceProfile, stackProfile } from '../aws/fleet-profiles';
import { serviceName, serviceRateLimits } from '../aws/fleet-shape';

/** Services in each stack of a scale app: each a Web ACL, two rotating secrets and the role that reads them. */
export const SERVICES_PER_SCALE_STACK = 2;

/**
 * One app of the monorepo the scale bench checks, synthesized in this process into `outdir` with
 * BulwarkChecks reporting (not failing on) its findings: `stacks` stacks, each the fleet's
 * stack (bench/aws/bulwark-fleet.ts: security alarms, hardened secrets, a WAF log key, a Web ACL
 * per service) for SERVICES_PER_SCALE_STACK services, plus what an application team adds
 * unhardened, which the checks find: a secret without rotation and a log group kept a week.
 */
export function synthesizeScaleApp(outdir: string, stacks: number): void {
  const cdk = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const kms = require('aws-cdk-lib/aws-kms') as typeof import('aws-cdk-lib/aws-kms');
  const logs = require('aws-cdk-lib/aws-logs') as typeof import('aws-cdk-lib/aws-logs');
  const secretsmanager = require('aws-cdk-lib/aws-secretsmanager') as typeof import('aws-cdk-lib/aws-secretsmanager');
  const { SecurityAlarms } = require('../../lib/aws/monitoring/security-alarms') as typeof import('../../lib/aws/monitoring/security-alarms');
  const { HardenedSecrets } = require('../../lib/aws/secrets/hardened-secrets') as typeof import('../../lib/aws/secrets/hardened-secrets');
  const { HardenedWebAcl } = require('../../lib/aws/waf/hardened-web-acl') as typeof import('../../lib/aws/waf/hardened-web-acl');
  const { BulwarkChecks } = require('../../lib/checks/aws/bulwark-checks') as typeof import('../../lib/checks/aws/bulwark-checks');
  const { Profile } = require('../../lib/profile/profile') as typeof import('../../lib/profile/profile');
  const { Preset } = require('../../lib/profile/preset') as typeof import('../../lib/profile/preset');
  const { toProfile } = require('../../lib/profile/profile-data') as typeof import('../../lib/profile/profile-data');

  const app = new cdk.App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  for (let stackIndex = 0; stackIndex < stacks; stackIndex += 1) {
    const group = Array.from({ length: SERVICES_PER_SCALE_STACK }, (_, offset) => stackIndex * SERVICES_PER_SCALE_STACK + offset);
    const stack = new cdk.Stack(app, `Service${stackIndex}`, { env: { account: '123456789012', region: 'eu-west-1' } });
    const profile = toProfile(stackProfile(stackIndex, group));
    const alarms = new SecurityAlarms(stack, 'Alarms', { profile });
    new HardenedSecrets(stack, 'Secrets', { profile, notificationTopic: alarms.topic });
    const logEncryptionKey = new kms.Key(stack, 'WafLogKey', { enableKeyRotation: true, description: 'Encrypts the WAF logs of this stack' });
    for (const index of group) {
      alarms.alarmOnWebAcl(new HardenedWebAcl(stack, `WebAcl-${serviceName(index)}`, { profile: toProfile(serviceProfile(index)), logEncryptionKey }));
    }
    new secretsmanager.Secret(stack, 'VendorToken');
    new logs.LogGroup(stack, 'Debug', { retention: logs.RetentionDays.ONE_WEEK });
  }
  // WAF3 judges each Web ACL against the checks' one profile: the per-IP limit every service shares (as in bench/aws/synth-child.ts).
  const [perIp] = serviceRateLimits(0);
  cdk.Validations.of(app).addPlugins(new BulwarkChecks(app, { profile: Profile.fromPreset(Preset.STRICT, 'scale', { rateLimits: [perIp] }) }));
  app.synth();
}

/** Where app `index` of the monorepo keeps its synthesized output. */
export const scaleAppOutput = (root: string, index: number): string => join(root, 'apps', `app${String(index).padStart(2, '0')}`, 'cdk.out');
