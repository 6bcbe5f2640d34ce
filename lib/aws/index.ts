// `bulwark/aws` (TypeScript only): the AWS tooling behind the constructs: the WAF rule
// compiler and capacity, TLS policies, the rotation handler, the AWS check rules and their
// pack. The constructs themselves (and BulwarkChecks) are exported from `bulwark`.

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
} from './waf/compile-rules';
export { WCU_BASE_PRICE_LIMIT, WCU_MAXIMUM, statementCapacity, type Statement } from './waf/capacity';
export { AWS_MANAGED_RULE_GROUPS, managedRuleGroupCapacity, type AwsManagedRuleGroup } from './waf/managed-rule-groups';
export { FMS_CLOUDFRONT_RESOURCE_TYPE, FMS_REGIONAL_RESOURCE_TYPES } from './organization/firewall-manager-waf-policy';
export { AWS_WAF_CAPABILITIES, type AwsWafCapabilities } from '../policy/edges/aws-waf-capabilities';

export { cloudFrontSecurityPolicy, loadBalancerSslPolicy, tlsProblems } from './tls/ssl-policy';
export { CLOUDFRONT_POLICY_CIPHERS, ELB_POLICY_CIPHERS } from './tls/security-policy-ciphers';
export { MAX_CLOUDFRONT_CSP_LENGTH } from './headers/security-headers';
export { attackRuleMetrics, type AttackRuleMetrics } from './monitoring/attack-rule-metrics';

export { ENVIRONMENT_TAG, ROTATION_REMINDER_TAG, SERVICE_TAG } from './secrets/hardened-secrets';
export { rotateSecret, type RotationEvent, type RotationStep, type SecretsPort } from './secrets/rotation-handler/rotate';
export { GENERATION_TAG, PINNED_SPECS_VARIABLE, readPinnedSpecs, writePinnedSpecs, type GenerationSpec } from './secrets/rotation-handler/generation-spec';
export { generateValue, valueProblem } from './secrets/rotation-handler/value-check';

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

export { CENTRAL_TOPIC_NAME } from './organization/central-security-topic';
export { STACK_SET_TEMPLATE_BODY_LIMIT } from './organization/stack-set-template';
