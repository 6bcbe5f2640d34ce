import type { ChecklistItemId } from '../../checklist/items';
import { defineCheck, type CheckDefinition, type CheckJudges } from '../check-definition';
import type { CheckPack } from '../check-pack';
import type { Severity } from '../severity';
import type { AwsRule } from './aws-rule';
import { CloudFrontHsts } from './rules/cloudfront/CloudFrontHsts';
import { CloudFrontMinimumTls } from './rules/cloudfront/CloudFrontMinimumTls';
import { CloudFrontSecurityHeaders } from './rules/cloudfront/CloudFrontSecurityHeaders';
import { CloudFrontViewerHttps } from './rules/cloudfront/CloudFrontViewerHttps';
import { NoLiteralSecretsInEnvironment } from './rules/compute/NoLiteralSecretsInEnvironment';
import { AlbDesyncMitigation } from './rules/elb/AlbDesyncMitigation';
import { AlbDropsInvalidHeaders } from './rules/elb/AlbDropsInvalidHeaders';
import { AlbListenerSecurityHeaders } from './rules/elb/AlbListenerSecurityHeaders';
import { HttpListenerRedirectsOnly } from './rules/elb/HttpListenerRedirectsOnly';
import { ListenerTlsPolicy } from './rules/elb/ListenerTlsPolicy';
import { NoWildcardSecretRead } from './rules/iam/NoWildcardSecretRead';
import { RoleSessionWithinMaximum } from './rules/iam/RoleSessionWithinMaximum';
import { AlarmHasAction } from './rules/monitoring/AlarmHasAction';
import { CertificateExpiryAlarm } from './rules/monitoring/CertificateExpiryAlarm';
import { LogGroupRetention } from './rules/monitoring/LogGroupRetention';
import { AppTierEgressRestricted } from './rules/network/AppTierEgressRestricted';
import { SecretReadAuditDelivered } from './rules/monitoring/SecretReadAuditDelivered';
import { StackSetNotifies } from './rules/monitoring/StackSetNotifies';
import { TrailProtected } from './rules/monitoring/TrailProtected';
import { NoInternetIngressBeyondWebPorts } from './rules/network/NoInternetIngressBeyondWebPorts';
import { WebIngressOnlyFromOriginProxy } from './rules/network/WebIngressOnlyFromOriginProxy';
import { SecretCustomerManagedKey } from './rules/secrets/SecretCustomerManagedKey';
import { SecretRotatesWithinMaximum } from './rules/secrets/SecretRotatesWithinMaximum';
import { FmsWafPolicyEnforcesProfile } from './rules/waf/FmsWafPolicyEnforcesProfile';
import { WebAclAttached } from './rules/waf/WebAclAttached';
import { WebAclLoggingRedacted } from './rules/waf/WebAclLoggingRedacted';
import { WebAclManagedProtections } from './rules/waf/WebAclManagedProtections';
import { WebAclRateBasedRule } from './rules/waf/WebAclRateBasedRule';
import { WebAclRuleMetrics } from './rules/waf/WebAclRuleMetrics';
import { WebAclWithinBasePrice } from './rules/waf/WebAclWithinBasePrice';
import { WebAclWithinMaximumCapacity } from './rules/waf/WebAclWithinMaximumCapacity';

const define = (
  code: string,
  severity: Severity,
  items: ChecklistItemId[],
  judges: CheckJudges,
  rule: AwsRule,
  title: string,
  fix: string,
): CheckDefinition<AwsRule> => defineCheck('Bulwark', code, severity, items, judges, rule, title, fix);

/** The Bulwark pack's rules, in report order. */
export const BULWARK_AWS_RULES: readonly CheckDefinition<AwsRule>[] = [
  define(
    'WAF1',
    'error',
    ['managedRuleSets'],
    'presence',
    WebAclAttached,
    'The internet-facing ALB, API Gateway stage, AppSync API or CloudFront distribution has no Web ACL (an internal ALB is left to the edge in front of it); an internet-facing Classic Load Balancer cannot have one.',
    "Attach a HardenedWebAcl (associate…, or the distribution's webAclId); replace a Classic Load Balancer by an ALB (no Web ACL can be attached to one, and CloudFront VPC origins take ALB, NLB or EC2, not a Classic Load Balancer).",
  ),
  define(
    'WAF2',
    'error',
    ['managedRuleSets', 'sqlInjection'],
    'presence',
    WebAclManagedProtections,
    'The Web ACL lacks a managed rule group (common, known bad inputs or SQL injection), or runs one that only counts (its override action is count, or every rule of it is counted or excluded; some rules counted still protect).',
    'Add the missing AWSManagedRules… groups (waf.managedRules: common, knownBadInputs, sqlDatabase) with the override action none.',
  ),
  define(
    'WAF3',
    'error',
    ['apiRateLimit', 'authRateLimit'],
    'value',
    WebAclRateBasedRule,
    "The Web ACL does not enforce one of the profile's rate limits (the finding names it): no rate-based rule that blocks or challenges over at least its paths, counting by no finer key, at no more requests per window than the profile allows, before any rule that allows those requests (rules read in AWS WAF's order, the app's rule groups where they are referenced).",
    'Add the rate limit as the profile sets it (rateLimits; HardenedWebAcl compiles them), or tighten the rule to its limit, window and paths.',
  ),
  define(
    'WAF4',
    'error',
    ['auditLogging'],
    'value',
    WebAclLoggingRedacted,
    'The Web ACL does not log, or logs the authorization or cookie header.',
    'Add a logging configuration that redacts the authorization and cookie headers.',
  ),
  define(
    'WAF5',
    'warning',
    ['securityAlerts'],
    'presence',
    WebAclRuleMetrics,
    'A Web ACL rule publishes no CloudWatch metrics.',
    'Set visibilityConfig.cloudWatchMetricsEnabled on every rule.',
  ),
  define(
    'WAF6',
    'warning',
    ['managedRuleSets'],
    'value',
    WebAclWithinBasePrice,
    'The Web ACL needs more than the 1,500 WCU its base price covers.',
    'Drop or narrow rules, or accept the extra charge by acknowledging this finding.',
  ),
  define(
    'WAF7',
    'error',
    ['managedRuleSets'],
    'value',
    WebAclWithinMaximumCapacity,
    'The Web ACL needs more than the 5,000 WCU AWS allows.',
    'Drop or narrow rules until it fits.',
  ),
  define(
    'FMS1',
    'error',
    ['managedRuleSets', 'sqlInjection', 'apiRateLimit', 'authRateLimit', 'auditLogging'],
    'value',
    FmsWafPolicyEnforcesProfile,
    "The Firewall Manager WAF policy does not run the profile's protections first in every account's Web ACL (the finding names the missing or count-only managed group, count-only also when every rule of it is counted or excluded, or the rate limit no first rule group enforces), does not log with the authorization and cookie headers redacted, or only reports (remediation off).",
    "Use FirewallManagerWafPolicy (its first rule groups carry the profile's managed groups and rate limits), pass logDestinationArn and keep remediationEnabled; acknowledge a deliberate exception with its reason.",
  ),
  define(
    'ELB1',
    'error',
    ['tlsVersions'],
    'value',
    ListenerTlsPolicy,
    "The HTTPS listener accepts TLS below the profile's tls.minVersion (finding tls-1.2-allowed under a TLS 1.3 floor; tls-1.3-unsupported on a Classic Load Balancer, which offers nothing above TLS 1.2), or cipher suites the profile's tls.ciphers does not allow (without forward secrecy; AES-CBC under modern).",
    'Use a TLS13-1-3 policy (required under tls.minVersion 1.3), or ELBSecurityPolicy-TLS13-1-2-Res-2021-06 (tls.ciphers modern; ELBSecurityPolicy-TLS13-1-2-2021-06 under compatible), on an ALB HTTPS or NLB TLS listener; on a Classic Load Balancer, a custom SSL negotiation policy with only TLS 1.2 and the ECDHE suites of tls.ciphers, or under a TLS 1.3 floor an ALB in its place.',
  ),
  define(
    'ELB2',
    'error',
    ['firewall'],
    'value',
    HttpListenerRedirectsOnly,
    'The HTTP listener of a load balancer that may face the internet (an internal one is left to network isolation), or one of its rules, serves content instead of only redirecting to HTTPS (a Classic Load Balancer cannot redirect: each of its HTTP listeners serves content).',
    "Make its only action, and each of its rules' actions, a redirect to HTTPS (HardenedHttpsListener does; Harden.apply rewrites them).",
  ),
  define(
    'ELB3',
    'error',
    ['securityHeaders'],
    'value',
    AlbDropsInvalidHeaders,
    'The load balancer forwards invalid header fields.',
    'Set routing.http.drop_invalid_header_fields.enabled to true.',
  ),
  define(
    'ELB4',
    'warning',
    ['securityHeaders'],
    'value',
    AlbDesyncMitigation,
    'The load balancer only monitors HTTP desync.',
    'Set routing.http.desync_mitigation_mode to defensive or strictest.',
  ),
  define(
    'ELB5',
    'error',
    ['hsts', 'securityHeaders', 'contentSecurityPolicy'],
    'value',
    AlbListenerSecurityHeaders,
    "The HTTPS listener of an internet-facing ALB does not send a security header the profile sets (the finding names it), so a request that goes around the CDN lacks it: HSTS as tls.hsts asks (max-age, includeSubDomains, preload), X-Content-Type-Options nosniff, X-Frame-Options, or the profile's Content-Security-Policy.",
    'Set the listener attributes routing.http.response.<header>.header_value to the profile values (HardenedHttpsListener does).',
  ),
  define(
    'SEC1',
    'error',
    ['scheduledRotation', 'secretRotationReminders'],
    'value',
    SecretRotatesWithinMaximum,
    'The secret does not rotate, or rotates later than the profile maximum.',
    'Add a rotation schedule within secrets.maxRotationDays (HardenedSecrets does).',
  ),
  define(
    'SEC2',
    'error',
    ['secretsInManager'],
    'value',
    SecretCustomerManagedKey,
    'The secret is encrypted with the AWS-managed key.',
    'Encrypt it with a customer-managed KMS key.',
  ),
  define(
    'IAM1',
    'error',
    ['minimumScope'],
    'value',
    NoWildcardSecretRead,
    'An IAM statement lets its holder read every secret.',
    "Scope secretsmanager:GetSecretValue to the service's namespace (arn:…:secret:<env>/<service>/*).",
  ),
  define(
    'IAM2',
    'warning',
    ['tokenTtl'],
    'value',
    RoleSessionWithinMaximum,
    'The role allows sessions longer than the profile maximum.',
    'Lower MaxSessionDuration to secrets.access.maxSessionDuration.',
  ),
  define(
    'ENV1',
    'error',
    ['noCiSecrets', 'secretsInManager'],
    'value',
    NoLiteralSecretsInEnvironment,
    'A function or container has a literal secret in its environment.',
    'Store it in Secrets Manager and reference it (ECS secrets, or read it at run time).',
  ),
  define(
    'CF1',
    'error',
    ['tlsVersions'],
    'value',
    CloudFrontMinimumTls,
    "The distribution accepts TLS below the profile's tls.minVersion (finding tls-1.2-allowed under a TLS 1.3 floor; the default certificate accepts TLS 1.0), or cipher suites the profile's tls.ciphers does not allow.",
    'Give it a certificate and minimumProtocolVersion TLSv1.3_2025 (required under tls.minVersion 1.3), TLSv1.2_2021 or TLSv1.2_2025 (TLSv1.2_2019 under tls.ciphers compatible).',
  ),
  define(
    'CF2',
    'error',
    ['hsts'],
    'value',
    CloudFrontHsts,
    "The distribution (its default behavior, or the path pattern named) sends no HSTS as the profile asks for it: max-age under the profile's (or under one year), without the includeSubDomains or preload the profile sets, or without overriding the origin's (hsts-not-overriding: viewers get the origin's HSTS whenever it sends one). A viewer-response CloudFront Function or Lambda@Edge function whose inline code sets the header is judged by the value it sets.",
    'Attach a response headers policy with the HSTS of tls.hsts and override true (SecurityHeaders renders it from the profile).',
  ),
  define(
    'CF3',
    'error',
    ['securityHeaders'],
    'value',
    CloudFrontSecurityHeaders,
    "The distribution (its default behavior, or the path pattern named) does not send a security header the profile sets, with the profile's value: X-Content-Type-Options nosniff, X-Frame-Options, Referrer-Policy, or the profile's Content-Security-Policy; <header>-not-overriding: the value does not override the origin's, so viewers get the origin's whenever it sends one. A viewer-response CloudFront Function or Lambda@Edge function whose inline code sets a header is judged by the value it sets.",
    'Attach a response headers policy with the headers of the profile, each with override true (SecurityHeaders renders them).',
  ),
  define(
    'CF4',
    'error',
    ['firewall'],
    'value',
    CloudFrontViewerHttps,
    'A behavior of the distribution (the default, or the path pattern named) serves viewers over plain HTTP (viewer protocol policy allow-all).',
    'Set its viewerProtocolPolicy to redirect-to-https or https-only (HardenedDistribution does).',
  ),
  define(
    'ACM1',
    'warning',
    ['certificateExpiry'],
    'value',
    CertificateExpiryAlarm,
    "The certificate has no expiry alarm that fires as its DaysToExpiry falls below the profile's warning days.",
    'Alarm on its DaysToExpiry below monitoring.alarms.certificateExpiryDays.warning or more (HardenedCertificate / SecurityAlarms.alarmOnCertificate).',
  ),
  define('CW1', 'error', ['securityAlerts'], 'presence', AlarmHasAction, 'The alarm notifies no one.', 'Give it an alarm action (the SecurityAlarms topic).'),
  define(
    'CW2',
    'error',
    ['securityAlerts'],
    'presence',
    StackSetNotifies,
    "The StackSet's template holds an alarm without an enabled action or an EventBridge rule without a target (the finding names which), so in every account it deploys to, what it watches notifies no one.",
    'Give each alarm an action and each rule a target: the central topic (SecurityBaselineStack notifies its CentralSecurityTopic).',
  ),
  define(
    'NET1',
    'error',
    ['firewall'],
    'value',
    NoInternetIngressBeyondWebPorts,
    "A security group lets the whole internet (0.0.0.0/0 or ::/0) reach a port other than the profile's web ports (the finding names protocol and ports): SSH, a database, every protocol.",
    'Open only network.ingressPorts (80 and 443) to the internet; reach SSH from network.adminCidrs (EdgeSecurityGroups) and other ports from security groups.',
  ),
  define(
    'NET2',
    'warning',
    ['networkIsolation'],
    'value',
    AppTierEgressRestricted,
    'A security group behind a load balancer (it admits the group of an ALB, NLB or Classic Load Balancer) may connect to the whole internet (the finding names protocol and ports; all-by-default: no egress rules, so CloudFormation allows all outbound).',
    'Give it egress rules to its dependencies only (AppTierSecurityGroup, from network.egress); open HTTPS to the internet only through network.egress.https.',
  ),
  define(
    'NET3',
    'error',
    ['firewall'],
    'value',
    WebIngressOnlyFromOriginProxy,
    "The profile puts the origin behind CloudFront or Cloudflare (network.origin.behind), or a CloudFront distribution of the app fetches from the group's load balancer (by its DNSName, same stack), and a security group lets the whole internet reach a web port (the finding names it), so the edge can be bypassed.",
    "Admit only the proxy: CloudFront's origin-facing prefix list or Cloudflare's published ranges (EdgeSecurityGroups does, with cloudFrontPrefixList behind CloudFront).",
  ),
  define(
    'LOG1',
    'warning',
    ['auditLogging'],
    'value',
    LogGroupRetention,
    "The log group keeps events for less than the profile's log retention.",
    'Raise retention to monitoring.logRetentionDays or more.',
  ),
  define(
    'LOG2',
    'error',
    ['secretReadAudit'],
    'value',
    SecretReadAuditDelivered,
    'The EventBridge rule watching secret reads (GetSecretValue) is not in the state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, so EventBridge never delivers a read to it.',
    'Set its State to ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (HardenedSecrets does, for the tiers of monitoring.auditSecretReads).',
  ),
  define(
    'LOG3',
    'error',
    ['auditLogging'],
    'value',
    TrailProtected,
    'The CloudTrail trail is not logging, is single-region, or its log files are not encrypted with a KMS key or not signed (file validation); the finding names which.',
    'Set IsLogging true and make it multi-region with a KMS key and EnableLogFileValidation (AuditTrail, or monitoring.cloudTrail: true).',
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
