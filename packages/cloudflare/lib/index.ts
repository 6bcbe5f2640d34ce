// `bulwark-cloudflare`: the Cloudflare constructs (cdktf) and the synth-time Cloudflare checks.
// A package of its own because cdktf must not become a dependency of the jsii package `bulwark`
// (jsii turns every peer dependency into a required one in Python, Java, .NET and Go). The
// compiler, the rules-language tools and the check pack they use are in `bulwark/cloudflare`.

export {
  CloudflareZoneHardening,
  type CloudflareZoneHardeningProps,
  type FirewallEventsLogpush,
  type OriginPullCertificate,
} from './cloudflare-zone-hardening';
export { CloudflareZonesHardening, type CloudflareZonesHardeningProps, type ZoneHardeningTarget } from './cloudflare-zones-hardening';
export { ACCOUNT_RULESET_MAX_RULES, CloudflareAccountRulesets, type AccountPhase, type CloudflareAccountRulesetsProps } from './cloudflare-account-rulesets';
export { addCloudflareChecks, type CloudflareChecksProps } from './add-cloudflare-checks';
