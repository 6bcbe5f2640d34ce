import type { AwsRule } from '../../aws-rule';
import { COMPLIANT, NOT_APPLICABLE, UNRESOLVED } from '../../aws-rule';
import { isIntrinsic, resolved } from '../../../../aws/core/app-index';
import { scheduleIntervalDays } from './rotation-schedule';

/**
 * The longest time between rotations a schedule's rules allow, in days: AutomaticallyAfterDays,
 * or a rate() or cron() ScheduleExpression (see {@link scheduleIntervalDays}); undefined when
 * there is neither, 'unresolved' when it cannot be bounded.
 */
function scheduleDays(rules: { scheduleExpression?: unknown; automaticallyAfterDays?: unknown } | undefined): number | 'unresolved' | undefined {
  if (rules === undefined) return undefined;
  if (typeof rules.automaticallyAfterDays === 'number') return rules.automaticallyAfterDays;
  if (rules.automaticallyAfterDays !== undefined) return 'unresolved';
  const expression = rules.scheduleExpression;
  if (typeof expression !== 'string') return expression === undefined ? undefined : 'unresolved';
  return scheduleIntervalDays(expression) ?? 'unresolved';
}

/** The tag HardenedSecrets puts on a secret whose value is set out of band and rotated by reminder. */
const REMINDER_TAG = 'bulwark:rotation-reminder-days';

/**
 * A secret has a rotation schedule (anywhere in the app) no longer than the policy's maximum
 * rotation days; a secret set out of band may instead carry a reminder period within it.
 */
export const SecretRotatesWithinMaximum: AwsRule = (node, { index, policy }) => {
  if (node.cfnResourceType !== 'AWS::SecretsManager::Secret') return NOT_APPLICABLE;
  const schedules = index.rotationBySecret.get(node) ?? [];
  if (schedules.length === 0) {
    const tags = (node as unknown as { tags?: { tagValues(): Record<string, string> } }).tags;
    const reminder = Number(tags?.tagValues()[REMINDER_TAG]);
    if (Number.isFinite(reminder) && reminder > 0) return reminder <= policy.secrets.maxRotationDays ? COMPLIANT : [`reminds-every-${reminder}-days`];
    return ['no-rotation'];
  }
  const days = schedules.map((schedule) => {
    const rules = resolved<{ scheduleExpression?: unknown; automaticallyAfterDays?: unknown }>(schedule, 'rotationRules');
    return isIntrinsic(rules) ? 'unresolved' : scheduleDays(rules);
  });
  if (days.includes('unresolved')) return UNRESOLVED;
  const longest = Math.max(...days.map((d) => (d === undefined ? Infinity : (d as number))));
  return longest <= policy.secrets.maxRotationDays ? COMPLIANT : [`rotates-every-${Number.isFinite(longest) ? longest : 'unknown'}-days`];
};
