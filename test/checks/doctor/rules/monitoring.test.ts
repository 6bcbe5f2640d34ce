import { describe, expect, it } from 'vitest';
import {
  attackAlarmsNoEarlierThanTotal,
  criticalReadsUnaudited,
  lateCertificateAlarms,
  lateSecurityAlarms,
  noNotificationTarget,
  shortLogRetention,
} from '../../../../lib/checks/doctor/rules/monitoring';
import { violations } from './doctor-context';

const alarms = (settings: Record<string, unknown>) => ({ monitoring: { alarms: settings } });

describe('noNotificationTarget', () => {
  it('reports no email and no SNS topic, and passes either', () => {
    expect(violations(noNotificationTarget, { monitoring: { notify: { email: [] } } })).toEqual([
      { path: 'monitoring.notify', observed: 'no email and no SNS topic' },
    ]);
    expect(violations(noNotificationTarget)).toEqual([]);
  });
});

describe('lateCertificateAlarms', () => {
  it('reports a warning under 30 days and a critical under 7, not at them', () => {
    expect(violations(lateCertificateAlarms, alarms({ certificateExpiryDays: { warning: 29, critical: 6 } }))).toEqual([
      { path: 'monitoring.alarms.certificateExpiryDays.warning', observed: '29 days' },
      { path: 'monitoring.alarms.certificateExpiryDays.critical', observed: '6 days' },
    ]);
    expect(violations(lateCertificateAlarms, alarms({ certificateExpiryDays: { warning: 30, critical: 7 } }))).toEqual([]);
  });
});

describe('lateSecurityAlarms', () => {
  it('reports each alarm above the guide threshold, naming it', () => {
    expect(violations(lateSecurityAlarms, alarms({ authFailuresPerHour: 21, rateLimitedPerMinute: 101, wafBlockedPerMinute: 101 }))).toEqual([
      { path: 'monitoring.alarms.authFailuresPerHour', observed: '21 (the guide alerts at 20)' },
      { path: 'monitoring.alarms.rateLimitedPerMinute', observed: '101 (the guide alerts at 100)' },
      { path: 'monitoring.alarms.wafBlockedPerMinute', observed: '101 (the guide alerts at 100)' },
    ]);
  });

  it('passes alarms at the guide thresholds', () => {
    expect(violations(lateSecurityAlarms, alarms({ authFailuresPerHour: 20, rateLimitedPerMinute: 100, wafBlockedPerMinute: 100 }))).toEqual([]);
  });
});

describe('shortLogRetention', () => {
  it('reports application, WAF and audit logs kept under 90 days, not 90', () => {
    const patch = { monitoring: { logRetentionDays: 89 }, waf: { logging: { retentionDays: 89 } }, application: { audit: { retentionDays: 89 } } };
    expect(violations(shortLogRetention, patch)).toEqual([
      { path: 'monitoring.logRetentionDays', observed: '89 days' },
      { path: 'waf.logging.retentionDays', observed: '89 days' },
      { path: 'application.audit.retentionDays', observed: '89 days' },
    ]);
    const at = { monitoring: { logRetentionDays: 90 }, waf: { logging: { retentionDays: 90 } }, application: { audit: { retentionDays: 90 } } };
    expect(violations(shortLogRetention, at)).toEqual([]);
  });

  it('does not judge the retention of WAF logs that are off', () => {
    expect(violations(shortLogRetention, { waf: { logging: { enabled: false, retentionDays: 30 } } })).toEqual([]);
  });
});

describe('criticalReadsUnaudited', () => {
  it('reports no audited tier, and tiers without critical, by name', () => {
    expect(violations(criticalReadsUnaudited, { monitoring: { auditSecretReads: [] } })).toEqual([
      { path: 'monitoring.auditSecretReads', observed: 'no tier' },
    ]);
    expect(violations(criticalReadsUnaudited, { monitoring: { auditSecretReads: ['standard', 'sensitive'] } })).toEqual([
      { path: 'monitoring.auditSecretReads', observed: 'standard, sensitive' },
    ]);
  });

  it('passes when reads of critical secrets are audited', () => {
    expect(violations(criticalReadsUnaudited, { monitoring: { auditSecretReads: ['critical'] } })).toEqual([]);
  });
});

describe('attackAlarmsNoEarlierThanTotal', () => {
  it('reports an attack alarm at or above the total-blocks threshold, not below it', () => {
    const found = violations(attackAlarmsNoEarlierThanTotal, alarms({ wafBlockedPerMinute: 50, attacksPerMinute: { sqlInjection: 50 } }));
    expect(found).toContainEqual({ path: 'monitoring.alarms.attacksPerMinute.sqlInjection', observed: '50 (the total-blocks alarm fires at 50)' });
    expect(violations(attackAlarmsNoEarlierThanTotal, alarms({ wafBlockedPerMinute: 50, attacksPerMinute: { sqlInjection: 49 } }))).not.toContainEqual(
      expect.objectContaining({ path: 'monitoring.alarms.attacksPerMinute.sqlInjection' }),
    );
  });

  it('passes the strict example, whose attack alarms all fire before the total', () => {
    expect(violations(attackAlarmsNoEarlierThanTotal)).toEqual([]);
  });
});
