import type { ChecklistItemId } from '../../checklist/items';
import { defineCheck, type CheckDefinition } from '../check-definition';
import type { CheckPack } from '../check-pack';
import type { Severity } from '../severity';
import type { AwsRule } from './aws-rule';
import { CloudFrontHsts } from './rules/cloudfront/CloudFrontHsts';
import { CloudFrontMinimumTls } from './rules/cloudfront/CloudFrontMinimumTls';
import { NoLiteralSecretsInEnvironment } from './rules/compute/NoLiteralSecretsInEnvironment';
import { AlbDesyncMitigation } from './rules/elb/AlbDesyncMitigation';
import { AlbDropsInvalidHeaders } from './rules/elb/AlbDropsInvalidHeaders';
import { HttpListenerRedirectsOnly } from './rules/elb/HttpListenerRedirectsOnly';
import { ListenerTlsPolicy } from './rules/elb/ListenerTlsPolicy';
import { NoWildcardSecretRead } from './rules/iam/NoWildcardSecretRead';
import { RoleSessionWithinMaximum } from './rules/iam/RoleSessionWithinMaximum';
import { AlarmHasAction } from './rules/monitoring/AlarmHasAction';
import { CertificateExpiryAlarm } from './rules/monitoring/CertificateExpiryAlarm';
import { LogGroupRetention } from './rules/monitoring/LogGroupRetention';
import { SecretCustomerManagedKey } from './rules/secrets/SecretCustomerManagedKey';
import { SecretRotatesWithinMaximum } from './rules/secrets/SecretRotatesWithinMaximum';
import { WebAclAttached } from './rules/waf/WebAclAttached';
import { WebAclLoggingRedacted } from './rules/waf/WebAclLoggingRedacted';
import { WebAclManagedProtections } from './rules/waf/WebAclManagedProtections';
import { WebAclRateBasedRule } from './rules/waf/WebAclRateBasedRule';
import { WebAclRuleMetrics } from './rules/waf/WebAclRuleMetrics';
import { WebAclWithinBasePrice } from './rules/waf/WebAclWithinBasePrice';
import { WebAclWithinMaximumCapacity } from './rules/waf/WebAclWithinMaximumCapacity';

const define = (code: string, severity: Severity, items: ChecklistItemId[], rule: AwsRule, title: string, fix: string): CheckDefinition<AwsRule> =>
  defineCheck('Bulwark', code, severity, items, rule, title, fix);

/** The Bulwark pack's rules, in report order. */
export const BULWARK_AWS_RULES: readonly CheckDefinition<AwsRule>[] = [
  define(
    'WAF1',
    'error',
    ['managedRuleSets'],
    WebAclAttached,
    'The ALB, API Gateway stage, AppSync API or CloudFront distribution has no Web ACL.',
    "Attach a HardenedWebAcl (associate…, or the distribution's webAclId).",
  ),
  define(
    'WAF2',
    'error',
    ['managedRuleSets', 'sqlInjection'],
    WebAclManagedProtections,
    'The Web ACL lacks a managed rule group (common, known bad inputs or SQL injection), or runs one that only counts.',
    'Add the missing AWSManagedRules… groups (waf.managedRules: common, knownBadInputs, sqlDatabase) with the override action none.',
  ),
  define(
    'WAF3',
    'error',
    ['apiRateLimit', 'authRateLimit'],
    WebAclRateBasedRule,
    'The Web ACL has no rate-based rule that blocks or challenges.',
    'Add a rate limit (rateLimits in the profile).',
  ),
  define(
    'WAF4',
    'error',
    ['auditLogging'],
    WebAclLoggingRedacted,
    'The Web ACL does not log, or logs the authorization or cookie header.',
    'Add a logging configuration that redacts the authorization and cookie headers.',
  ),
  define(
    'WAF5',
    'warning',
    ['securityAlerts'],
    WebAclRuleMetrics,
    'A Web ACL rule publishes no CloudWatch metrics.',
    'Set visibilityConfig.cloudWatchMetricsEnabled on every rule.',
  ),
  define(
    'WAF6',
    'warning',
    ['managedRuleSets'],
    WebAclWithinBasePrice,
    'The Web ACL needs more than the 1,500 WCU its base price covers.',
    'Drop or narrow rules, or accept the extra charge by acknowledging this finding.',
  ),
  define(
    'WAF7',
    'error',
    ['managedRuleSets'],
    WebAclWithinMaximumCapacity,
    'The Web ACL needs more than the 5,000 WCU AWS allows.',
    'Drop or narrow rules until it fits.',
  ),
  define(
    'ELB1',
    'error',
    ['tlsVersions'],
    ListenerTlsPolicy,
    'The HTTPS listener accepts TLS below 1.2.',
    'Use ELBSecurityPolicy-TLS13-1-2-2021-06 (or a TLS13-1-3 policy).',
  ),
  define(
    'ELB2',
    'error',
    ['firewall'],
    HttpListenerRedirectsOnly,
    'The HTTP listener, or one of its rules, serves content instead of only redirecting to HTTPS.',
    "Make its only action, and each of its rules' actions, a redirect to HTTPS (HardenedHttpsListener does; Harden.apply rewrites them).",
  ),
  define(
    'ELB3',
    'error',
    ['securityHeaders'],
    AlbDropsInvalidHeaders,
    'The load balancer forwards invalid header fields.',
    'Set routing.http.drop_invalid_header_fields.enabled to true.',
  ),
  define(
    'ELB4',
    'warning',
    ['securityHeaders'],
    AlbDesyncMitigation,
    'The load balancer only monitors HTTP desync.',
    'Set routing.http.desync_mitigation_mode to defensive or strictest.',
  ),
  define(
    'SEC1',
    'error',
    ['scheduledRotation', 'secretRotationReminders'],
    SecretRotatesWithinMaximum,
    'The secret does not rotate, or rotates later than the profile maximum.',
    'Add a rotation schedule within secrets.maxRotationDays (HardenedSecrets does).',
  ),
  define(
    'SEC2',
    'error',
    ['secretsInManager'],
    SecretCustomerManagedKey,
    'The secret is encrypted with the AWS-managed key.',
    'Encrypt it with a customer-managed KMS key.',
  ),
  define(
    'IAM1',
    'error',
    ['minimumScope'],
    NoWildcardSecretRead,
    'An IAM statement lets its holder read every secret.',
    "Scope secretsmanager:GetSecretValue to the service's namespace (arn:…:secret:<env>/<service>/*).",
  ),
  define(
    'IAM2',
    'warning',
    ['tokenTtl'],
    RoleSessionWithinMaximum,
    'The role allows sessions longer than the profile maximum.',
    'Lower MaxSessionDuration to secrets.access.maxSessionDuration.',
  ),
  define(
    'ENV1',
    'error',
    ['noCiSecrets', 'secretsInManager'],
    NoLiteralSecretsInEnvironment,
    'A function or container has a literal secret in its environment.',
    'Store it in Secrets Manager and reference it (ECS secrets, or read it at run time).',
  ),
  define(
    'CF1',
    'error',
    ['tlsVersions'],
    CloudFrontMinimumTls,
    'The distribution accepts TLS below 1.2 (or serves the default certificate, which does).',
    'Give it a certificate and minimumProtocolVersion TLSv1.2_2021 or later.',
  ),
  define(
    'CF2',
    'error',
    ['hsts', 'securityHeaders'],
    CloudFrontHsts,
    'The distribution (its default behavior, or the path pattern named) sends no HSTS of at least one year.',
    'Attach a response headers policy with HSTS max-age 31536000 or more (SecurityHeaders does).',
  ),
  define(
    'ACM1',
    'warning',
    ['certificateExpiry'],
    CertificateExpiryAlarm,
    'The certificate has no expiry alarm.',
    'Alarm on its DaysToExpiry (HardenedCertificate / SecurityAlarms.alarmOnCertificate).',
  ),
  define('CW1', 'error', ['securityAlerts'], AlarmHasAction, 'The alarm notifies no one.', 'Give it an alarm action (the SecurityAlarms topic).'),
  define(
    'LOG1',
    'warning',
    ['auditLogging'],
    LogGroupRetention,
    "The log group keeps events for less than the profile's log retention.",
    'Raise retention to monitoring.logRetentionDays or more.',
  ),
];

/** The BulwarkChecks pack: findings are `Bulwark-<code>` (plus `[finding]`), on CloudFormation resources. */
export const BULWARK_AWS_PACK: CheckPack<AwsRule> = {
  name: 'aws',
  prefix: 'Bulwark',
  source: 'Bulwark',
  title: 'AWS (BulwarkChecks)',
  definitions: BULWARK_AWS_RULES,
};
