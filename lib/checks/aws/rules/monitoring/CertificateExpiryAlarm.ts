import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { certificateExpiryAlarmWarnsInTime } from '../../../../policy/invariants';

/**
 * An ACM certificate created in the app has an alarm on its DaysToExpiry (anywhere in the app)
 * that fires as the days left fall below a threshold of at least the profile's warning days
 * (monitoring.alarms.certificateExpiryDays.warning). An alarm that fires too late, or on the
 * wrong side of its threshold, is named by what it does.
 */
export const CertificateExpiryAlarm: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::CertificateManager::Certificate') return NOT_APPLICABLE;
  const alarms = index.alarmsByCertificate.get(node) ?? [];
  if (alarms.length === 0) return NON_COMPLIANT;
  const warningDays = policy.monitoring.certificateExpiryDays.warning;
  const verdicts = alarms.map((alarm) => {
    const metricName = resolved<unknown>(alarm, 'metricName');
    const comparisonOperator = resolved<unknown>(alarm, 'comparisonOperator');
    const threshold = resolved<unknown>(alarm, 'threshold');
    if ([metricName, comparisonOperator, threshold].some(isIntrinsic)) return 'unresolved';
    // An alarm on a metric math expression (metrics) is not read: it does not prove the days left are watched.
    if (metricName !== 'DaysToExpiry' || typeof comparisonOperator !== 'string' || typeof threshold !== 'number') return 'not-days-to-expiry';
    if (certificateExpiryAlarmWarnsInTime({ comparisonOperator, threshold }, warningDays)) return 'compliant';
    return comparisonOperator.startsWith('Less') ? `alarms-under-${threshold}-days` : `alarms-${comparisonOperator}`;
  });
  if (verdicts.includes('compliant')) return COMPLIANT;
  if (verdicts.includes('unresolved')) return UNRESOLVED;
  return [...new Set(verdicts)];
};
