import type { ChecklistItemId } from '../../checklist/items';
import { PLAN_ORDER, type Plan } from '../../cloudflare/plans';
import type { Policy } from '../../policy/model';
import { defineCheck, type CheckDefinition, type CheckJudges } from '../check-definition';
import type { CheckPack } from '../check-pack';
import { violationFinding, type CheckFinding } from '../report/finding';
import type { Severity } from '../severity';
import type { CloudflareRule } from './cloudflare-rule';
import { corsOnlyProfileOrigins } from './rules/cors-origins';
import { oneEntryPointPerPhase } from './rules/entry-points';
import { authenticatedOriginPulls } from './rules/origin-pulls';
import { expressionsLintClean } from './rules/expressions';
import { noLiteralLogpushCredentials } from './rules/logpush';
import { noTemplateSequences } from './rules/template-sequences';
import { apiRateLimits, authRateLimit, crossSiteScriptingProtection, pathTraversalProtection, sqlInjectionProtection } from './rules/protections';
import { securityHeadersSent } from './rules/security-headers';
import { alwaysUseHttps, ciphersForwardSecret, hstsOneYear, minimumTls12, sslStrict } from './rules/zone-settings';
import { accountDeployments, withAccountRulesets } from './account-rulesets';
import { terraformZones, type TerraformJson } from './terraform-zones';

const define = (
  code: string,
  severity: Severity,
  items: ChecklistItemId[],
  judges: CheckJudges,
  rule: CloudflareRule,
  title: string,
  fix: string,
): CheckDefinition<CloudflareRule> => defineCheck('BulwarkCF', code, severity, items, judges, rule, title, fix);

/** The Cloudflare checks over Terraform JSON, in report order. */
export const BULWARK_CLOUDFLARE_RULES: readonly CheckDefinition<CloudflareRule>[] = [
  define('TLS1', 'error', ['tlsVersions'], 'value', minimumTls12, 'The zone accepts TLS below 1.2.', 'Set the min_tls_version zone setting to 1.2 or 1.3.'),
  define('TLS2', 'error', ['firewall'], 'value', alwaysUseHttps, 'The zone serves plain HTTP.', 'Turn the always_use_https zone setting on.'),
  define(
    'TLS3',
    'error',
    ['tlsVersions'],
    'value',
    sslStrict,
    'The zone does not verify the origin certificate.',
    'Set the ssl zone setting to strict (Full (strict)).',
  ),
  define(
    'TLS4',
    'error',
    ['hsts'],
    'value',
    hstsOneYear,
    "The zone sends no HSTS as the profile asks for it: max_age under the profile's (or under one year), or without the include_subdomains or preload the profile sets.",
    'Enable strict_transport_security in the security_header setting with the max_age, include_subdomains and preload of tls.hsts (CloudflareZoneHardening does).',
  ),
  define(
    'TLS5',
    'error',
    ['tlsVersions'],
    'value',
    ciphersForwardSecret,
    "The zone offers TLS 1.2 cipher suites the profile's tls.ciphers does not allow (without forward secrecy, or not AEAD under modern), or sets none where it can (cloudflare.advancedCertificateManager).",
    'Set the ciphers zone setting to the suites of tls.ciphers (CloudflareZoneHardening does with cloudflare.advancedCertificateManager), or hold the zone to TLS 1.3.',
  ),
  define(
    'WAF1',
    'error',
    ['sqlInjection'],
    'presence',
    sqlInjectionProtection,
    'Nothing stops SQL injection.',
    'Execute the OWASP Core Ruleset (Pro and up) or add a custom SQLi rule (waf.block.sqlInjection).',
  ),
  define(
    'WAF2',
    'error',
    ['crossSiteScripting'],
    'presence',
    crossSiteScriptingProtection,
    'Nothing stops cross-site scripting.',
    'Execute the OWASP Core Ruleset or add a custom XSS rule.',
  ),
  define(
    'WAF3',
    'error',
    ['pathTraversal'],
    'presence',
    pathTraversalProtection,
    'Nothing stops path traversal.',
    'Execute a managed ruleset or add a custom traversal rule.',
  ),
  define(
    'RATE1',
    'error',
    ['authRateLimit'],
    'value',
    authRateLimit,
    "A login path has no per-IP rate limit, or no rate-limit rule enforces one of the profile's login limits at its numbers (requests per period, as the plan fits them), over all its paths.",
    "Add a rate-limit rule counting by ip.src on the login paths at the profile's limit (CloudflareZoneHardening compiles rateLimits).",
  ),
  define(
    'RATE2',
    'error',
    ['apiRateLimit', 'perIdentityRateLimits'],
    'value',
    apiRateLimits,
    "One of the profile's other rate limits (an API or flood limit, per IP or per identity) that the zone's plan can carry is not enforced at its numbers: no rate-limit rule that blocks or challenges over at least its paths, counting by no finer key, at no more requests per period than the profile allows (as the plan fits it).",
    'Add the rate limit as the profile sets it (rateLimits; CloudflareZoneHardening compiles them), or tighten the rule to its limit, period, key and paths.',
  ),
  define(
    'HDR1',
    'error',
    ['securityHeaders'],
    'value',
    securityHeadersSent,
    "A response does not carry a security header the profile sets, with the profile's value: X-Content-Type-Options nosniff, X-Frame-Options, Referrer-Policy, or the profile's Content-Security-Policy (judged on a page, an API call and a login through the zone's response header transforms, in order); or a transform that removes or weakens one on any request it applies to.",
    "Set the headers in a response header transform rule matching every request, with the profile's values (CloudflareZoneHardening does; nosniff comes with the security_header setting).",
  ),
  define(
    'CORS1',
    'error',
    ['corsAllowlist', 'corsCredentialsWildcard'],
    'value',
    corsOnlyProfileOrigins,
    'A response header transform grants cross-origin access beyond the profile: "*" beside credentials, an Access-Control-Allow-Origin computed per request, or (when cors.allowedOrigins lists origins) one it does not list, or "*" without cors.allowedOrigins: ["*"].',
    'Set Access-Control-Allow-Origin only to the literal origins of cors.allowedOrigins, each in a rule matching that Origin (CloudflareZoneHardening compiles them).',
  ),
  define(
    'ZONE1',
    'error',
    ['managedRuleSets'],
    'value',
    oneEntryPointPerPhase,
    'A phase of the zone has more than one entry-point ruleset, which Cloudflare refuses when it is applied.',
    'Keep one ruleset of kind zone per phase: add your rules to it, or put them in a ruleset of kind custom that it executes.',
  ),
  define(
    'EXPR1',
    'error',
    ['managedRuleSets'],
    'value',
    expressionsLintClean,
    'An expression will be rejected or will not match as meant on this plan.',
    'Fix the expression as the finding says (field, type, plan, phase).',
  ),
  define(
    'TMPL1',
    'error',
    ['managedRuleSets'],
    'value',
    noTemplateSequences,
    'A ruleset string holds a Terraform template sequence (${…} or %{…}), which Terraform evaluates before Cloudflare sees it: what the rule matches or sets is decided at apply time.',
    'Write a literal ${ as $${ and a literal %{ as %%{ in the JSON (CloudflareZoneHardening does); pass a reference only as a whole value, e.g. "${var.csp}".',
  ),
  define(
    'LOG1',
    'error',
    ['secretsInManager'],
    'value',
    noLiteralLogpushCredentials,
    "A Logpush job's destination_conf may hold a credential (user information; a token, key, signature or header parameter; a secret path such as a Sumo Logic collector code or an HTTP endpoint's) as literal text, readable in the Terraform JSON and state: only s3://, gs:// and r2:// buckets without keys may be literal.",
    'Take the destination from a sensitive Terraform variable (CloudflareZoneHardening refuses a literal one in firewallEventsLogpush).',
  ),
  define(
    'ORIG1',
    'error',
    ['firewall'],
    'value',
    authenticatedOriginPulls,
    'The profile asks for authenticated origin pulls (network.origin.authenticatedOriginPulls) and the zone does not turn them on zone-wide, so Cloudflare presents no client certificate the origin could require.',
    'Add cloudflare_authenticated_origin_pulls_settings with enabled true (CloudflareZoneHardening does), and have the origin verify the certificate.',
  ),
];

/** The Cloudflare checks as a pack: findings are `BulwarkCF-<code>`, on Terraform resources. */
export const BULWARK_CLOUDFLARE_PACK: CheckPack<CloudflareRule> = {
  name: 'cloudflare',
  prefix: 'BulwarkCF',
  source: 'BulwarkCloudflare',
  title: 'Cloudflare',
  definitions: BULWARK_CLOUDFLARE_RULES,
};

/**
 * Runs the Cloudflare checks on a Terraform JSON document; `file` is where the document lives,
 * for locations. A zone is checked for the plan `plans` gives one of its rulesets (by Terraform
 * address), else the policy's, with the account rulesets of the document that run on it
 * (selected by the name `zoneNames` gives, or for every Enterprise zone).
 */
export function runCloudflareChecks(
  document: unknown,
  policy: Policy,
  file: string,
  plans: ReadonlyMap<string, Plan> = new Map(),
  zoneNames: ReadonlyMap<string, string> = new Map(),
): CheckFinding[] {
  const json = document as TerraformJson;
  const deployments = accountDeployments(json);
  return terraformZones(json).flatMap((ownZone) => {
    const known = <T>(map: ReadonlyMap<string, T>): T | undefined =>
      Object.values(ownZone.rulesetAddresses)
        .map((address) => map.get(address))
        .find((value) => value !== undefined);
    const zonePolicy = onPlan(policy, known(plans));
    // Account rulesets that run on the zone count as its own rules (an Enterprise zone, selected by name or for all). The
    // zone's own plan decides, never the profile's: a construct's mark or the document's cloudflare_zone plan.
    const zone = withAccountRulesets(ownZone, deployments, { name: known(zoneNames), plan: known(plans) ?? declaredPlan(json, ownZone.zoneId) });
    return BULWARK_CLOUDFLARE_RULES.flatMap((definition) =>
      definition.rule(zone, zonePolicy).map((violation) =>
        violationFinding(BULWARK_CLOUDFLARE_PACK, definition, violation, {
          kind: 'resource',
          constructPath: violation.path,
          templateFile: file,
          logicalId: violation.path,
        }),
      ),
    );
  });
}

/** The plan a document's cloudflare_zone declares for a zone_id that references it (`${cloudflare_zone.<name>.id}`), when one of Bulwark's plans. */
function declaredPlan(document: TerraformJson, zoneId: string): Plan | undefined {
  const name = /^\$\{cloudflare_zone\.([\w-]+)\.id\}$/.exec(zoneId)?.[1];
  const zones = document.resource?.cloudflare_zone;
  const plan = name !== undefined && zones !== undefined && Object.hasOwn(zones, name) ? zones[name].plan : undefined;
  return typeof plan === 'string' && (PLAN_ORDER as readonly string[]).includes(plan) ? (plan as Plan) : undefined;
}

/** The policy with its Cloudflare plan replaced, when a plan is given. */
export function onPlan(policy: Policy, plan: Plan | undefined): Policy {
  return plan === undefined ? policy : { ...policy, cloudflare: { ...policy.cloudflare, plan } };
}
