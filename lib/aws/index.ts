// `bulwark/aws`: the AWS constructs (aws-cdk-lib) and the BulwarkChecks cdk-nag pack. The
// profile, policy and reports they take and give are in `bulwark`.

export { HardenedWebAcl, type HardenedWebAclProps, type RuleCapacity } from './waf/hardened-web-acl';
export { WebAclBase, type IWebAcl } from './waf/web-acl-base';
export { WebAclScope } from './waf/web-acl-scope';
export {
  RESPONSE_BODY_FORBIDDEN,
  RESPONSE_BODY_RATE_LIMITED,
  compileWafRules,
  metricName,
  userAgentRegexes,
  type CompileWafOptions,
  type CompiledWafRule,
  type CompiledWafRules,
  type IpSetSpec,
  type RegexPatternSetSpec,
  type ManagedRuleGroupOptionsMap,
  type WafFinding,
} from './waf/compile-rules';
export { WafRuleAction } from './waf/waf-rule-action';
export type { ManagedRuleGroupOptions } from './waf/managed-rule-group-options';
export type { ManagedRuleGroups } from './waf/managed-rule-groups-props';
export type { RateLimitRule } from './waf/rate-limit-rule';
export { WCU_BASE_PRICE_LIMIT, WCU_MAXIMUM, statementCapacity, type Statement } from './waf/capacity';
export { AWS_MANAGED_RULE_GROUPS, managedRuleGroupCapacity, type AwsManagedRuleGroup } from './waf/managed-rule-groups';
export {
  FMS_CLOUDFRONT_RESOURCE_TYPE,
  FMS_REGIONAL_RESOURCE_TYPES,
  FirewallManagerWafPolicy,
  type FirewallManagerWafPolicyProps,
} from './organization/firewall-manager-waf-policy';
export { AWS_WAF_CAPABILITIES, type AwsWafCapabilities } from '../policy/edges/aws-waf-capabilities';

export { cloudFrontSecurityPolicy, loadBalancerSslPolicy, tlsProblems } from './tls/ssl-policy';
export { CLOUDFRONT_POLICY_CIPHERS, ELB_POLICY_CIPHERS } from './tls/security-policy-ciphers';
export { HardenedHttpsListener, type HardenedHttpsListenerProps } from './tls/hardened-https-listener';
export { HardenedCertificate, type HardenedCertificateProps } from './tls/hardened-certificate';
export { MAX_CLOUDFRONT_CSP_LENGTH, SecurityHeaders, type SecurityHeadersProps } from './headers/security-headers';
export { HardenedDistribution, type HardenedDistributionProps } from './headers/hardened-distribution';
export { AppTierSecurityGroup, type AppTierDependency, type AppTierSecurityGroupProps } from './network/app-tier-security-group';
export { EdgeSecurityGroups, type EdgeSecurityGroupsProps } from './network/edge-security-groups';
export { RequireImdsv2 } from './network/require-imdsv2';
export { attackRuleMetrics, type AttackRuleMetrics } from './monitoring/attack-rule-metrics';
export { AuditTrail, type AuditTrailProps } from './monitoring/audit-trail';
export {
  SecurityAlarms,
  type CertificateExpiryAlarms,
  type FailedLoginAlarms,
  type FailedLoginFields,
  type SecurityAlarmsProps,
} from './monitoring/security-alarms';

export {
  ENVIRONMENT_TAG,
  HardenedSecrets,
  ROTATION_REMINDER_TAG,
  SERVICE_TAG,
  type HardenedSecretsProps,
  type SecretResources,
} from './secrets/hardened-secrets';
export type { DatabaseRotationOptions } from './secrets/database-rotation-options';
export { ServiceRole, type ServiceRoleProps } from './secrets/service-role';
export { rotateSecret, type RotationEvent, type RotationStep, type SecretsPort } from './secrets/rotation-handler/rotate';
export { GENERATION_TAG, PINNED_SPECS_VARIABLE, readPinnedSpecs, writePinnedSpecs, type GenerationSpec } from './secrets/rotation-handler/generation-spec';
export { generateValue, valueProblem } from './secrets/rotation-handler/value-check';

export { Harden, type HardenEntry, type HardenReport } from './harden/harden';
export { HardenEntryKind } from './harden/harden-entry-kind';
export { WafFindingSeverity } from './waf/waf-finding-severity';

export { AppIndex, isDataObject, isIntrinsic, referencedResources, resolved, resolvedValue } from './core/app-index';
export {
  COMPLIANT,
  NON_COMPLIANT,
  NOT_APPLICABLE,
  UNRESOLVED,
  compliantIf,
  type AwsRule,
  type AwsRuleContext,
  type AwsRuleResult,
} from '../checks/aws/aws-rule';
export { BULWARK_AWS_PACK, BULWARK_AWS_RULES } from '../checks/aws/aws-pack';
export { BulwarkChecks, type BulwarkChecksProps } from '../checks/aws/bulwark-checks';

export { BaselineStackSet, type BaselineStackSetProps } from './organization/baseline-stack-set';
export { CENTRAL_TOPIC_NAME, CentralSecurityTopic, type CentralSecurityTopicProps } from './organization/central-security-topic';
export { SecurityBaselineStack, type SecurityBaselineStackProps } from './organization/security-baseline-stack';
export { StackSetCallAs } from './organization/stack-set-call-as';
export { STACK_SET_TEMPLATE_BODY_LIMIT } from './organization/stack-set-template';
