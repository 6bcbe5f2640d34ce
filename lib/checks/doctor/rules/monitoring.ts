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
