// `bulwark/cloudflare` (TypeScript only): the Cloudflare zone compiler, the rules-language tools
// every expression is checked with, and the Cloudflare checks on Terraform JSON. Nothing here
// loads cdktf: the constructs are in the `bulwark-cloudflare` package; the profile, policy and
// reports in `bulwark/tooling`.
import * as build from './expression/build';

export { logpushDestinationProblems } from './logpush-destination';
export { originPullCertificateProblems } from './origin-pull-certificate';
export { securityNotifications, type SecurityNotification, type SecurityNotifications } from './security-notifications';
export { compileZone, conditionExpression, type CompiledZone, type ZonePhase, type ZoneProblem, type ZoneRule } from './compile-zone';
export { zoneTlsProblems } from './zone-tls-problems';
export {
  MANAGED_RULESET_IDS,
  OWASP_SCORE_RULE_ID,
  OWASP_SCORE_THRESHOLDS,
  PLANS,
  PLAN_ORDER,
  PLAN_SOURCES,
  planAtLeast,
  type Plan,
  type PlanLimits,
} from './plans';
export { ADD_ONS, ADD_ON_NAMES, effectiveAddOns, type AddOn, type AddOnFacts } from './add-ons';
export { CLOUDFLARE_CAPABILITIES } from './cloudflare-capabilities';
export {
  TerraformLiteralError,
  escapeTemplateSequences,
  findTemplateSequence,
  isSingleInterpolation,
  terraformLiteral,
  unescapeTemplateSequences,
  type TemplateSequence,
} from './terraform-template';

export {
  withoutSpans,
  type Argument,
  type ComparisonOperator,
  type Expression,
  type Index,
  type LogicalOperator,
  type Operand,
  type SetItem,
  type Span,
  type Value,
} from './expression/ast';
export { ExpressionSyntaxError, MAX_EXPRESSION_DEPTH, parseExpression } from './expression/parse';
export { ExpressionDepthError, MAX_TREE_DEPTH, assertExpressionDepth } from './expression/depth';
export { printExpression, printOperand, printValue, quote } from './expression/print';
export { MAX_EXPRESSION_LENGTH, lintExpression, type LintFinding, type LintOptions } from './expression/lint';
export { FIELDS, type FieldSpec, type FieldType } from './expression/fields';
export { FUNCTIONS, type FunctionSpec } from './expression/functions';
export {
  CUSTOM_ERROR_PHASES,
  CUSTOM_RULE_PHASES,
  DYNAMIC_REDIRECT_PHASES,
  HEADER_TRANSFORM_PHASES,
  MAGIC_FIREWALL_PHASES,
  RATE_LIMIT_PHASES,
  RESPONSE_HEADER_TRANSFORM_PHASES,
  TRANSFORM_PHASES,
  URL_REWRITE_PHASES,
} from './expression/phase-groups';
export { evaluateExpression, type EdgeRequest, type EvaluateOptions } from './expression/evaluate';
export { normalizeUrlPath, type UrlNormalization } from './expression/normalize-url';
export { urlDecode } from './expression/url-decode';
export { build };

export { BULWARK_CLOUDFLARE_PACK, BULWARK_CLOUDFLARE_RULES, onPlan, runCloudflareChecks } from '../checks/cloudflare/cloudflare-checks';
export {
  isTerraformFalse,
  isTerraformToken,
  terraformZones,
  type TerraformJson,
  type TerraformRule,
  type TerraformZone,
} from '../checks/cloudflare/terraform-zones';
export type { CloudflareRule } from '../checks/cloudflare/cloudflare-rule';

export { accountZoneExpressions, type AccountZoneScope } from './account-zone-expressions';
export { zoneNameProblems } from './zone-name-problems';
export { zoneLiteralProblems, zoneLiterals, type LiteralRuleset, type LiteralZone } from './zone-literals';
export { markZonePlan, zoneNamesIn, zonePlansIn, type ZonePlan } from './zone-plans';
export {
  accountCoverage,
  accountDeployments,
  withAccountRulesets,
  type AccountDeployment,
  type Coverage,
  type ZoneFacts,
} from '../checks/cloudflare/account-rulesets';
