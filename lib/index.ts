// `bulwark`: the hardening profile and the AWS constructs (aws-cdk-lib) that enforce it, with
// the BulwarkChecks cdk-nag pack. This entry is published through jsii (Python, Java, .NET,
// Go), so it exports only classes, enums, interfaces and structs. TypeScript-only tooling (profile
// data, policy, doctor, reports, CLI) is in `bulwark/tooling`, AWS compilers and rules in
// `bulwark/aws`, the Cloudflare compiler in `bulwark/cloudflare`, the cdktf constructs in
// the `bulwark-cloudflare` package.

export { Profile } from './profile/profile';
export { Preset } from './profile/preset';

export { HardenedWebAcl, type HardenedWebAclProps, type RuleCapacity } from './aws/waf/hardened-web-acl';
export { WebAclBase, type IWebAcl } from './aws/waf/web-acl-base';
export { WebAclScope } from './aws/waf/web-acl-scope';
export type { WafFinding } from './aws/waf/compile-rules';
export type { ManagedRuleGroupOptions } from './aws/waf/managed-rule-group-options';
export type { ManagedRuleGroups } from './aws/waf/managed-rule-groups-props';
export { WafRuleAction } from './aws/waf/waf-rule-action';
export { WafFindingSeverity } from './aws/waf/waf-finding-severity';
export type { RateLimitRule } from './aws/waf/rate-limit-rule';
export { FirewallManagerWafPolicy, type FirewallManagerWafPolicyProps } from './aws/organization/firewall-manager-waf-policy';

export { HardenedHttpsListener, type HardenedHttpsListenerProps } from './aws/tls/hardened-https-listener';
export { HardenedCertificate, type HardenedCertificateProps } from './aws/tls/hardened-certificate';
export { SecurityHeaders, type SecurityHeadersProps } from './aws/headers/security-headers';
export { HardenedDistribution, type HardenedDistributionProps } from './aws/headers/hardened-distribution';
export { AppTierSecurityGroup, type AppTierDependency, type AppTierSecurityGroupProps } from './aws/network/app-tier-security-group';
export { EdgeSecurityGroups, type EdgeSecurityGroupsProps } from './aws/network/edge-security-groups';
export { RequireImdsv2 } from './aws/network/require-imdsv2';
export { AuditTrail, type AuditTrailProps } from './aws/monitoring/audit-trail';
export {
  SecurityAlarms,
  type CertificateExpiryAlarms,
  type FailedLoginAlarms,
  type FailedLoginFields,
  type SecurityAlarmsProps,
} from './aws/monitoring/security-alarms';

export { HardenedSecrets, type HardenedSecretsProps, type SecretResources } from './aws/secrets/hardened-secrets';
export type { DatabaseRotationOptions } from './aws/secrets/database-rotation-options';
export { ServiceRole, type ServiceRoleProps } from './aws/secrets/service-role';

export { Harden, type HardenEntry, type HardenReport } from './aws/harden/harden';
export { HardenEntryKind } from './aws/harden/harden-entry-kind';
export type { PolicySourceProps } from './policy/policy-source';
export { BulwarkChecks, type BulwarkChecksProps } from './checks/aws/bulwark-checks';

export { BaselineStackSet, type BaselineStackSetProps } from './aws/organization/baseline-stack-set';
export { CentralSecurityTopic, type CentralSecurityTopicProps } from './aws/organization/central-security-topic';
export { SecurityBaselineStack, type SecurityBaselineStackProps } from './aws/organization/security-baseline-stack';
export { StackSetCallAs } from './aws/organization/stack-set-call-as';
