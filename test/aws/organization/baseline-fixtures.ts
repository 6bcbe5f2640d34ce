import { App, Stack, Stage } from 'aws-cdk-lib';
import { Profile } from '../../../lib/tooling';
import { SecurityBaselineStack, type SecurityBaselineStackProps } from '../../../lib/aws/organization/security-baseline-stack';

export const SECURITY_ACCOUNT = '111111111111';
export const ORGANIZATION_ID = 'o-abcdefghij';

/** A profile with one critical secret, whose reads the baseline audits, and an alarm email. */
export const baselineProfile = () =>
  Profile.fromObject({
    name: 'demo',
    secrets: { items: [{ name: 'STRIPE_SECRET_KEY', service: 'payment', tier: 'critical' }] },
    monitoring: { notify: { email: ['security@example.com'] } },
  });

/** The management stack and a baseline stack in a Stage of its own, as the docs set them up. */
export function managementAndBaseline(
  props: Partial<SecurityBaselineStackProps> = {},
  app = new App(),
): { management: Stack; baseline: SecurityBaselineStack } {
  const management = new Stack(app, 'Management', { env: { account: '222222222222', region: 'eu-west-1' } });
  const baseline = new SecurityBaselineStack(new Stage(app, 'Members'), 'Baseline', {
    profile: baselineProfile(),
    securityAccount: SECURITY_ACCOUNT,
    ...props,
  });
  return { management, baseline };
}
