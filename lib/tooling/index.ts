// `bulwark/tooling` (TypeScript only): the edge-neutral core. Profile data and its schema,
// presets, policy, the doctor, the check model and its reports, simulate, the CLI. Nothing here
// loads aws-cdk-lib, cdk-nag or cdktf. The constructs are in `bulwark` (AWS, published through
// jsii) and `bulwark-cloudflare` (cdktf); AWS tooling in `bulwark/aws`, Cloudflare's in
// `bulwark/cloudflare`.

export {
  CHECKLIST,
  CHECKLIST_DOCUMENTS,
  describeChecklistItem,
  documentName,
  type ChecklistDocument,
  type ChecklistDocumentId,
  type ChecklistItem,
  type ChecklistItemId,
} from '../checklist/items';

export {
  CLOUDFLARE_ADD_ONS,
  CLOUDFLARE_PLANS,
  CLOUDFLARE_SSL_MODES,
  CSP_DIRECTIVES,
  EDGES,
  ENVIRONMENTS,
  HTTP_METHODS,
  JWT_ALGORITHMS,
  MANAGED_RULE_SETS,
  PRESET_NAMES,
  REFERRER_POLICIES,
  RULE_ACTIONS,
  SECRET_TIERS,
  TLS_CIPHER_POLICIES,
  TLS_VERSIONS,
  profileSchema,
  type CloudflareAddOn,
  type CloudflarePlan,
  type Edge,
  type Environment,
  type HardeningProfile,
  type HardeningProfileInput,
  type ManagedRuleSet,
  type PresetName,
  type RateKeyPart,
  type RateLimitProfile,
  type RuleAction,
  type SecretItemProfile,
  type SecretServiceProfile,
  type SecretTier,
  type TlsCipherPolicy,
  type TlsVersion,
} from '../profile/schema';
export {
  MAX_REPORTED_ISSUES,
  ProfileValidationError,
  capIssues,
  describeReceived,
  describeValue,
  displayKey,
  formatIssues,
  formatPath,
  isShownKey,
  type ProfileIssue,
} from '../profile/errors';
export { MAX_PROFILE_FILE_BYTES, defineProfile, extendPreset, loadProfile, parseProfile, readProfileFile, type ProfileSource } from '../profile/load';
export { PRESETS, type ProfilePreset } from '../profile/presets';
export { Preset } from '../profile/preset';
export { Profile } from '../profile/profile';
export { profileData, toProfile } from '../profile/profile-data';
export { defaultProfile } from '../policy/profile-policy';
export { mergeProfileInput } from '../profile/merge';
export { DURATION_PATTERN, durationSeconds, formatDuration, parseDurationSeconds, type DurationString } from '../profile/duration';
export { profileJsonSchema, renderProfileJsonSchema, type JsonSchemaNode } from '../profile/json-schema';

export type {
  AttackClass,
  AuthPolicy,
  CloudflarePolicy,
  Condition,
  CorsPolicy,
  HeadersPolicy,
  MonitoringPolicy,
  NetworkPolicy,
  Policy,
  PolicyRule,
  PolicySecret,
  PolicyService,
  RateKey,
  RateSpec,
  RequestField,
  RuleIntent,
  RuleKind,
  SecretsPolicy,
  StringOperator,
  TlsPolicy,
  WafLoggingPolicy,
  WafOptionsPolicy,
} from '../policy/model';
export { buildPolicy } from '../policy/normalize';
export { evaluateCondition, matchingRules, type PolicyRequest } from '../policy/evaluate';
export { policyFrom, policyOf, profileFrom, type PolicyOrProfileProps, type PolicySourceProps } from '../policy/policy-source';
export {
  edgeCarries,
  fitRate,
  managedProtectionsCovering,
  type EdgeCapabilities,
  type FittedRate,
  type RateCapabilities,
} from '../policy/edges/edge-capabilities';

export { severityRank, type Severity } from '../checks/severity';
export type { Violation } from '../checks/violation';
export { defineCheck, type CheckDefinition } from '../checks/check-definition';
export { definitionOf, type CheckPack, type CheckSource } from '../checks/check-pack';
export { CHECK_PACKS } from '../checks/check-packs';
export { catalogMarkdown, checklistEnforcement, securityMatrixMarkdown, type ChecklistEnforcement } from '../checks/catalog';
export { violationIf, type DoctorContext, type DoctorRule } from '../checks/doctor/doctor-rule';
export { DOCTOR_CHECKS, DOCTOR_PACK, type DoctorCheck, type DoctorSeverity } from '../checks/doctor/doctor-pack';
export { doctorFindings, runDoctor, type DoctorFinding, type DoctorReport } from '../checks/doctor/run-doctor';
export { advisoryNotes, type DoctorNote } from '../checks/doctor/advisory-notes';

export {
  checkFinding,
  isBlocking,
  ruleIdOf,
  violationFinding,
  type CheckFinding,
  type FindingLocation,
  type FindingOccurrence,
} from '../checks/report/finding';
export { MAX_ASSEMBLY_NESTING, cloudAssemblyProblem, readCloudAssemblyFindings, readCloudAssemblyRun } from '../checks/report/read-cloud-assembly';
export { doctorCheckFindings } from '../checks/report/doctor-findings';
export { toSarif, uriOf } from '../checks/report/sarif';
export { checklistSummary, incompleteRuns, type ChecklistRow, type ChecklistStatus } from '../checks/report/checklist-summary';
export type { PackRun } from '../checks/report/pack-run';
export { CHECK_RUN_FILE, readCheckRunRecord, type CheckRunReading, type CheckRunRecord } from '../checks/report/check-run-record';

export { runSimulation, type RequestOutcome } from '../simulate/run-simulation';
export { deployedEdges, type DeployedEdge, type SynthesizedOutput } from '../simulate/deployed-edges';
export { EdgeInputError } from '../simulate/edge-input-error';
export type { EdgeVerdict, SimulatedAction, SimulatedEdge } from '../simulate/edge-verdict';
export { EXPECTED_ACTIONS, type ExpectedAction, type SimulatedRequest } from '../simulate/simulated-request';
export { readRequests, detectRequestFormat, type RequestFormat, type RequestRecord } from '../simulate/requests/read-requests';
export { RequestInputError } from '../simulate/requests/request-input-error';
export {
  ExpectationFileError,
  MAX_EXPECTATION_FILE_BYTES,
  expectedOn,
  judgeVerdict,
  readExpectationFile,
  type Expectation,
  type ExpectationFile,
  type ExpectationOutcome,
} from '../simulate/expectations';
export {
  MAX_SUMMARY_EXAMPLES,
  SimulationSummary,
  type EdgeOutcome,
  type ExpectationFailure,
  type ParityDifference,
  type SimulationSummaryData,
} from '../simulate/simulation-summary';

export { EXIT, runCli, type CliIo } from '../cli/main';
export { HardeningValidationError, type ConstructAtFault, type HardeningProblem } from '../core/hardening-validation-error';
