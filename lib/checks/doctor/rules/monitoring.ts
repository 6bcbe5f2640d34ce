import { ALARMED_ATTACK_NAMES } from '../../../policy/alarmed-attacks';
import { violationIf, type DoctorRule } from '../doctor-rule';

export const MIN_CERT_WARNING_DAYS = 30;
export const MIN_CERT_CRITICAL_DAYS = 7;
export const MIN_LOG_RETENTION_DAYS = 90;

export const noNotificationTarget: DoctorRule = ({ policy }) =>
  violationIf(!policy.monitoring.hasNotificationTarget, 'monitoring.notify', 'no email and no SNS topic');

export const lateCertificateAlarms: DoctorRule = ({ policy }) => {
  const { warning, critical } = policy.monitoring.certificateExpiryDays;
  return [
    ...violationIf(warning < MIN_CERT_WARNING_DAYS, 'monitoring.alarms.certificateExpiryDays.warning', `${warning} days`),
    ...violationIf(critical < MIN_CERT_CRITICAL_DAYS, 'monitoring.alarms.certificateExpiryDays.critical', `${critical} days`),
  ];
};

/** Seed 002's alert thresholds: 20 failed logins per IP an hour, 100 blocked requests a minute. */
export const GUIDE_ALARM_THRESHOLDS = { authFailuresPerHour: 20, rateLimitedPerMinute: 100, wafBlockedPerMinute: 100 } as const;

export const lateSecurityAlarms: DoctorRule = ({ policy }) =>
  (Object.keys(GUIDE_ALARM_THRESHOLDS) as (keyof typeof GUIDE_ALARM_THRESHOLDS)[]).flatMap((key) =>
    violationIf(
      policy.monitoring[key] > GUIDE_ALARM_THRESHOLDS[key],
      `monitoring.alarms.${key}`,
      `${policy.monitoring[key]} (the guide alerts at ${GUIDE_ALARM_THRESHOLDS[key]})`,
    ),
  );

export const shortLogRetention: DoctorRule = ({ profile }) => [
  ...violationIf(profile.monitoring.logRetentionDays < MIN_LOG_RETENTION_DAYS, 'monitoring.logRetentionDays', `${profile.monitoring.logRetentionDays} days`),
  ...violationIf(
    profile.waf.logging.enabled && profile.waf.logging.retentionDays < MIN_LOG_RETENTION_DAYS,
    'waf.logging.retentionDays',
    `${profile.waf.logging.retentionDays} days`,
  ),
  ...violationIf(
    profile.application.audit.retentionDays < MIN_LOG_RETENTION_DAYS,
    'application.audit.retentionDays',
    `${profile.application.audit.retentionDays} days`,
  ),
];

/** Reads of critical secrets leave no alert: the checklists want every secret read recorded, critical ones at least. */
export const criticalReadsUnaudited: DoctorRule = ({ policy }) =>
  violationIf(
    !policy.monitoring.auditSecretReads.includes('critical'),
    'monitoring.auditSecretReads',
    policy.monitoring.auditSecretReads.length === 0 ? 'no tier' : policy.monitoring.auditSecretReads.join(', '),
  );

/** An attack alarm whose threshold is not below the total-blocks one never fires first: it tells nothing the total does not. */
export const attackAlarmsNoEarlierThanTotal: DoctorRule = ({ policy }) => {
  const { attacksPerMinute, wafBlockedPerMinute } = policy.monitoring;
  return ALARMED_ATTACK_NAMES.flatMap((attack) =>
    violationIf(
      attacksPerMinute[attack] >= wafBlockedPerMinute,
      `monitoring.alarms.attacksPerMinute.${attack}`,
      `${attacksPerMinute[attack]} (the total-blocks alarm fires at ${wafBlockedPerMinute})`,
    ),
  );
};
