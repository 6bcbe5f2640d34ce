import type { Policy } from '../policy/model';
import type { ZoneProblem } from './compile-zone';
import { planAtLeast, type Plan } from './plans';
import { terraformLiteral } from './terraform-template';

/** One account notification policy, every profile string a Terraform literal. */
export interface SecurityNotification {
  /** Stable construct id suffix. */
  readonly key: 'http-ddos' | 'security-events';
  readonly name: string;
  readonly description: string;
  /** A `cloudflare_notification_policy` alert_type (provider v5). */
  readonly alertType: string;
  /** Whether the policy must be filtered to the zone (the alert type requires a zones filter). */
  readonly zoneFilter: boolean;
  readonly emails: readonly string[];
}

/** The notification policies a zone's plan can use, and what it cannot, said once each. */
export interface SecurityNotifications {
  readonly policies: readonly SecurityNotification[];
  readonly notes: readonly ZoneProblem[];
}

/**
 * The security notifications of a zone, sent to the profile's monitoring.notify.email:
 * the HTTP DDoS Attack Alert (`dos_attack_l7`, every plan) and, on Business and Enterprise,
 * the Security Events Alert (`clickhouse_alert_fw_anomaly`: spikes of WAF, rate-limit and other
 * security events, filtered to the zone). Availability per plan from
 * https://developers.cloudflare.com/notifications/notification-available/ ; the alert type
 * names from the provider's `alert_type` values and
 * https://developers.cloudflare.com/waf/reference/alerts/ . Cloudflare's thresholds are its own
 * (a z-score over recent events), not the profile's alarm thresholds. The Advanced Security
 * Events Alert (Enterprise) needs a list of services Bulwark does not choose for you.
 */
export function securityNotifications(policy: Policy, plan: Plan): SecurityNotifications {
  const notes: ZoneProblem[] = [];
  const emails = policy.monitoring.emails;
  if (emails.length === 0) {
    notes.push({
      field: 'monitoring.notify.email',
      message: 'no Cloudflare notification policy: Cloudflare notifies email addresses, and the profile lists none',
    });
    return { policies: [], notes };
  }
  const literalEmails = terraformLiteral([...emails], 'monitoring.notify.email');
  const policies: SecurityNotification[] = [
    {
      key: 'http-ddos',
      name: terraformLiteral(`Bulwark HTTP DDoS attacks (${policy.name})`, 'name'),
      description: 'HTTP DDoS attacks Cloudflare mitigated',
      alertType: 'dos_attack_l7',
      zoneFilter: false,
      emails: literalEmails,
    },
  ];
  if (planAtLeast(plan, 'business')) {
    policies.push({
      key: 'security-events',
      name: terraformLiteral(`Bulwark security events (${policy.name})`, 'name'),
      description: 'Spikes of security events (WAF, rate limiting and other mitigations) on the zone',
      alertType: 'clickhouse_alert_fw_anomaly',
      zoneFilter: true,
      emails: literalEmails,
    });
  } else {
    notes.push({
      field: 'cloudflare.plan',
      message: `no Security Events Alert: Cloudflare offers it on Business and Enterprise, and the plan is ${plan}; the AWS WAF alarms (SecurityAlarms) alert on blocks there`,
    });
  }
  return { policies, notes };
}
