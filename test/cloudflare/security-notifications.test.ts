import { describe, expect, it } from 'vitest';
import { securityNotifications } from '../../lib/cloudflare/security-notifications';
import { buildPolicy, parseProfile } from '../../lib/tooling';

const policy = (email: string[]) => buildPolicy(parseProfile({ name: 'demo', edges: ['cloudflare'], monitoring: { notify: { email } } }));

describe('securityNotifications', () => {
  it('gives every plan the HTTP DDoS alert, and Business and Enterprise the zone security events alert', () => {
    const alerts = (plan: 'free' | 'pro' | 'business' | 'enterprise') =>
      securityNotifications(policy(['a@example.com']), plan).policies.map((p) => p.alertType);
    expect(alerts('free')).toEqual(['dos_attack_l7']);
    expect(alerts('pro')).toEqual(['dos_attack_l7']);
    expect(alerts('business')).toEqual(['dos_attack_l7', 'clickhouse_alert_fw_anomaly']);
    expect(alerts('enterprise')).toEqual(['dos_attack_l7', 'clickhouse_alert_fw_anomaly']);
  });

  it('filters the security events alert to the zone (Cloudflare requires a zones filter for it)', () => {
    const { policies } = securityNotifications(policy(['a@example.com']), 'business');
    expect(policies.map((p) => [p.key, p.zoneFilter])).toEqual([
      ['http-ddos', false],
      ['security-events', true],
    ]);
  });

  it('creates nothing without an email, and says so', () => {
    const { policies, notes } = securityNotifications(policy([]), 'enterprise');
    expect(policies).toEqual([]);
    expect(notes.map((n) => n.field)).toEqual(['monitoring.notify.email']);
  });
});
