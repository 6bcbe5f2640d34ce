import { LogpushJob } from '@cdktf/provider-cloudflare/lib/logpush-job';
import { NotificationPolicy } from '@cdktf/provider-cloudflare/lib/notification-policy';
import { AuthenticatedOriginPullsCertificate } from '@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-certificate';
import { AuthenticatedOriginPullsSettings } from '@cdktf/provider-cloudflare/lib/authenticated-origin-pulls-settings';
import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';
import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { Annotations, Token } from 'cdktf';
import { Construct } from 'constructs';
import { HardeningValidationError, type Policy, policyFrom, type PolicyOrProfileProps } from 'bulwark/tooling';
import {
  type AddOn,
  type CompiledZone,
  compileZone,
  logpushDestinationProblems,
  markZonePlan,
  originPullCertificateProblems,
  type Plan,
  securityNotifications,
  terraformLiteral,
  zoneLiteralProblems,
  zoneLiterals,
  zoneNameProblems,
  type ZonePhase,
} from 'bulwark/cloudflare';

/*
 * The only module that touches cdktf provider classes (deep imports: the package index costs
 * about a second to load). Moving to the CDK Terrain fork is a rename here.
 */

export interface CloudflareZoneHardeningProps extends PolicyOrProfileProps {
  /** The zone to harden. */
  readonly zoneId: string;
  /**
   * The zone's name (`example.com`, lowercase, literal). With it the Cloudflare checks know which
   * account-level rulesets (CloudflareAccountRulesets) select the zone by `cf.zone.name`.
   * @default - unknown: an account ruleset deployed to named zones leaves the zone's checks unresolved
   */
  readonly zoneName?: string;
  /**
   * The zone's plan, which decides rule quotas, rate-limit periods and managed rulesets.
   * @default - the profile's cloudflare.plan
   */
  readonly plan?: Plan;
  /**
   * The zone's Enterprise add-ons (Advanced Rate Limiting raises the rate-limit quota and keys;
   * Bot Management unlocks cf.bot_management.* fields). They count only on Enterprise.
   * @default - the profile's cloudflare.addOns
   */
  readonly addOns?: readonly AddOn[];
  /**
   * The zone's Cloudflare account. Notification policies are account resources: with it, the
   * zone gets the security notifications its plan offers (HTTP DDoS attacks on every plan,
   * security event spikes on Business and Enterprise), sent to monitoring.notify.email.
   * @default - none: no notification policy is created, and a synth message says so
   */
  readonly accountId?: string;
  /**
   * Where an Enterprise zone pushes its firewall events (a Logpush job of the `firewall_events`
   * dataset). A literal destination is taken only in the forms that carry no credential
   * (`s3://` with region or sse, `gs://`, `r2://` with account-id only); any other (an HTTPS
   * endpoint, Sumo Logic, Splunk, Datadog, keys in the URL) may carry one and is refused as a
   * literal: pass a reference to a sensitive Terraform variable, so it never sits in the synthesized output.
   * @default - no Logpush job; on Enterprise, a synth message says so (Logpush is Enterprise only)
   */
  readonly firewallEventsLogpush?: FirewallEventsLogpush;
  /**
   * This zone's own client certificate for authenticated origin pulls (uploaded as
   * cloudflare_authenticated_origin_pulls_certificate, and the zone-level setting waits for it),
   * so an origin that trusts only its issuer admits this zone alone. Without it Cloudflare
   * presents a certificate shared by every Cloudflare account, which proves only that a request
   * came through some Cloudflare zone. The private key must be a reference to a sensitive
   * Terraform variable: a literal is refused. Only with network.origin.authenticatedOriginPulls.
   * @default - Cloudflare's shared origin-pull certificate (a synth message says what it proves)
   */
  readonly originPullCertificate?: OriginPullCertificate;
}

/** A zone's own authenticated-origin-pulls client certificate, from Terraform variables. */
export interface OriginPullCertificate {
  /** The PEM certificate (public; a literal is written as it is, template sequences escaped). */
  readonly certificate: string;
  /** The PEM private key: a reference to a sensitive Terraform variable, never a literal. */
  readonly privateKey: string;
}

/** A Logpush destination for the zone's firewall events. */
export interface FirewallEventsLogpush {
  /** The Logpush `destination_conf`, e.g. `s3://bucket/firewall?region=us-east-1`. */
  readonly destinationConf: string;
  /**
   * The ownership challenge token Cloudflare wrote to the destination, for destinations that need one (S3, GCS, Azure).
   * @default - none
   */
  readonly ownershipChallenge?: string;
}

/**
 * A Cloudflare zone hardened from the profile, fitted to its plan: one entry-point ruleset per
 * phase (custom rules, rate limits, managed rulesets, security response headers), every rule
 * with a stable ref, and the TLS and HSTS zone settings. A rate limit the plan cannot carry is
 * left to the AWS edge, with a warning, when the profile enforces it there too; anything else
 * that cannot fit the plan fails synth with the plan, the rule and the options. Every
 * expression is linted first. Every string from the profile reaches Terraform as a literal
 * (`${` and `%{` escaped; a cdktf token marker refused). The API token is the provider's
 * business (its environment), never a prop.
 */
export class CloudflareZoneHardening extends Construct {
  public readonly policy: Policy;
  /** The zone's plan: the `plan` prop, else the profile's cloudflare.plan. */
  public readonly plan: Plan;
  public readonly compiled: CompiledZone;
  /** The entry-point ruleset of each phase that has rules. */
  public readonly rulesets: Readonly<Partial<Record<ZonePhase, Ruleset>>>;
  /** Zone settings by setting id (min_tls_version, tls_1_3, always_use_https, ssl, security_header, and ciphers where the zone can set them). */
  public readonly zoneSettings: Readonly<Record<string, ZoneSetting>>;
  /** The account notification policies, by key (`http-ddos`, `security-events`); empty without accountId or emails. */
  public readonly notificationPolicies: Readonly<Record<string, NotificationPolicy>>;
  /** The Logpush job of the zone's firewall events, on Enterprise with firewallEventsLogpush. */
  public readonly firewallEventsLogpushJob?: LogpushJob;
  /**
   * Zone-level authenticated origin pulls (Cloudflare presents its client certificate to the
   * origin), when network.origin.authenticatedOriginPulls is on (default behind Cloudflare).
   */
  public readonly authenticatedOriginPulls?: AuthenticatedOriginPullsSettings;
  /** The zone's own origin-pull client certificate, when originPullCertificate is given. */
  public readonly originPullCertificate?: AuthenticatedOriginPullsCertificate;

  constructor(scope: Construct, id: string, props: CloudflareZoneHardeningProps) {
    super(scope, id);
    this.policy = policyFrom(props);
    this.plan = props.plan ?? this.policy.cloudflare.plan;
    if (props.zoneName !== undefined) {
      const nameProblems = Token.isUnresolved(props.zoneName)
        ? [{ field: 'zoneName', message: 'is a token; the checks compare it with zone names in expressions, so it must be literal text' }]
        : zoneNameProblems(props.zoneName, 'zoneName');
      if (nameProblems.length > 0) throw new HardeningValidationError(this, nameProblems);
    }
    // addCloudflareChecks lints this zone's expressions for this plan, not the profile's.
    markZonePlan(this, {
      plan: this.plan,
      zoneName: props.zoneName,
      rulesetAddresses: () => Object.values(this.rulesets).map((ruleset) => `cloudflare_ruleset.${ruleset.friendlyUniqueId}`),
    });
    this.compiled = compileZone(this.policy, this.plan, props.addOns ?? this.policy.cloudflare.addOns);
    if (this.compiled.problems.length > 0) throw new HardeningValidationError(this, this.compiled.problems);
    for (const note of this.compiled.notes) Annotations.of(this).addInfo(`${note.field}: ${note.message}`);
    for (const left of this.compiled.awsOnly) Annotations.of(this).addWarning(`${left.field}: ${left.message}`);

    // Every compiled value enters the provider classes as the literal Terraform reads it (see
    // zoneLiterals). Only the zoneId prop passes as it is, since a Terraform reference is what it may hold.
    const literalProblems = zoneLiteralProblems(this.policy, this.compiled);
    if (literalProblems.length > 0) throw new HardeningValidationError(this, literalProblems);
    const literal = zoneLiterals(this.policy, this.compiled);
    const rulesets: Partial<Record<ZonePhase, Ruleset>> = {};
    for (const { phase, name, description, rules } of literal.rulesets) {
      rulesets[phase] = new Ruleset(this, phase, { zoneId: props.zoneId, kind: 'zone', phase, name, description, rules: [...rules] });
    }
    this.rulesets = rulesets;
    const settings: Record<string, ZoneSetting> = {};
    for (const setting of literal.settings) {
      // The provider types `value` as a map; scalar settings are passed through as they are.
      settings[setting.settingId] = new ZoneSetting(this, `setting-${setting.settingId}`, {
        zoneId: props.zoneId,
        settingId: setting.settingId,
        value: Token.asAny(setting.value),
      });
    }
    this.zoneSettings = settings;
    this.notificationPolicies = this.createNotificationPolicies(props);
    this.firewallEventsLogpushJob = this.createFirewallEventsLogpush(props);
    const pulls = this.createAuthenticatedOriginPulls(props);
    this.authenticatedOriginPulls = pulls.settings;
    this.originPullCertificate = pulls.certificate;
  }

  /**
   * Zone-level authenticated origin pulls, with the zone's own certificate when one is given
   * (https://developers.cloudflare.com/ssl/origin-configuration/authenticated-origin-pull/set-up/zone-level/:
   * without one, the certificate is Cloudflare's, shared across all accounts).
   */
  private createAuthenticatedOriginPulls(props: CloudflareZoneHardeningProps): {
    settings?: AuthenticatedOriginPullsSettings;
    certificate?: AuthenticatedOriginPullsCertificate;
  } {
    const aop = this.policy.network.origin.authenticatedOriginPulls;
    const own = props.originPullCertificate;
    if (own !== undefined) {
      const problems = originPullCertificateProblems({ authenticatedOriginPulls: aop, privateKeyIsReference: Token.isUnresolved(own.privateKey) });
      if (problems.length > 0) throw new HardeningValidationError(this, problems);
    }
    if (!aop) return {};
    // https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/authenticated_origin_pulls_certificate
    const certificate =
      own === undefined
        ? undefined
        : new AuthenticatedOriginPullsCertificate(this, 'origin-pull-certificate', {
            zoneId: props.zoneId,
            certificate: Token.isUnresolved(own.certificate) ? own.certificate : terraformLiteral(own.certificate, 'originPullCertificate.certificate'),
            privateKey: own.privateKey,
          });
    // https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/authenticated_origin_pulls_settings
    const settings = new AuthenticatedOriginPullsSettings(this, 'authenticated-origin-pulls', {
      zoneId: props.zoneId,
      enabled: true,
      // Enabled before the zone's certificate is uploaded, pulls would present the shared one.
      ...(certificate ? { dependsOn: [certificate] } : {}),
    });
    Annotations.of(this).addInfo(
      own === undefined
        ? "network.origin.authenticatedOriginPulls: Cloudflare now presents its shared origin-pull client certificate, the same for every Cloudflare account: verifying it proves only that a request came through some Cloudflare zone, not this one (another account's zone pointed at the origin passes too). For this zone alone pass originPullCertificate (the zone's own certificate, from Terraform variables) and trust only its issuer. The origin must require and verify the certificate (on an ALB: mutual TLS in verify mode with the CA in a trust store), or anyone who reaches the origin still gets in."
        : "network.origin.authenticatedOriginPulls: Cloudflare now presents this zone's own origin-pull client certificate (originPullCertificate); the origin must require and verify it against its issuer alone (on an ALB: mutual TLS in verify mode with that CA in a trust store), or anyone who reaches the origin still gets in.",
    );
    return { settings, certificate };
  }

  private createNotificationPolicies(props: CloudflareZoneHardeningProps): Record<string, NotificationPolicy> {
    if (props.accountId === undefined) {
      Annotations.of(this).addInfo('no Cloudflare notification policy: they are account resources, and no accountId was given');
      return {};
    }
    const { policies, notes } = securityNotifications(this.policy, this.plan);
    for (const note of notes) Annotations.of(this).addInfo(`${note.field}: ${note.message}`);
    const created: Record<string, NotificationPolicy> = {};
    for (const spec of policies) {
      created[spec.key] = new NotificationPolicy(this, `notification-${spec.key}`, {
        accountId: props.accountId,
        name: spec.name,
        description: spec.description,
        alertType: spec.alertType,
        enabled: true,
        mechanisms: { email: spec.emails.map((id) => ({ id })) },
        ...(spec.zoneFilter ? { filters: { zones: [props.zoneId] } } : {}),
      });
    }
    return created;
  }

  private createFirewallEventsLogpush(props: CloudflareZoneHardeningProps): LogpushJob | undefined {
    const logpush = props.firewallEventsLogpush;
    if (this.plan !== 'enterprise') {
      if (logpush) {
        Annotations.of(this).addWarning(`firewallEventsLogpush: no Logpush job: Logpush is Enterprise only, and the plan is ${this.plan}`);
      }
      return undefined;
    }
    if (logpush === undefined) {
      Annotations.of(this).addInfo('no Logpush of firewall events: pass firewallEventsLogpush with a destination to keep them outside Cloudflare');
      return undefined;
    }
    const problems = logpushDestinationProblems(logpush.destinationConf, Token.isUnresolved(logpush.destinationConf));
    if (problems.length > 0) throw new HardeningValidationError(this, problems);
    return new LogpushJob(this, 'firewall-events-logpush', {
      zoneId: props.zoneId,
      dataset: 'firewall_events',
      destinationConf: logpush.destinationConf,
      ...(logpush.ownershipChallenge === undefined ? {} : { ownershipChallenge: logpush.ownershipChallenge }),
      enabled: true,
      name: terraformLiteral(`bulwark-firewall-events-${this.policy.name}`, 'name'),
    });
  }
}
