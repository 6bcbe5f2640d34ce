import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BULWARK_CLOUDFLARE_RULES, runCloudflareChecks } from '../../../lib/checks/cloudflare/cloudflare-checks';
import { addCloudflareChecks, CloudflareZoneHardening } from 'bulwark-cloudflare';
import { buildPolicy, loadProfile, mergeProfileInput, parseProfile, type Policy } from '../../../lib/tooling';
import { readProfileFile } from '../../../lib/profile/load';
import { MANAGED_RULESET_IDS, OWASP_SCORE_RULE_ID } from '../../../lib/cloudflare/plans';

const strictFile = join(__dirname, '..', '..', '..', 'examples', 'profiles', 'strict.yaml');
const strict = buildPolicy(loadProfile(strictFile));
type Document = { resource: Record<string, Record<string, Record<string, unknown>>> };

function synthesized(policy: Policy, plan?: 'free' | 'pro'): Document {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', policy, plan });
    }),
  ) as Document;
}

const ids = (document: unknown, policy: Policy = strict) => runCloudflareChecks(document, policy, 'cdk.tf.json').map((f) => f.id);

function edit(document: Document, change: (doc: Document) => void): Document {
  const copy = structuredClone(document);
  change(copy);
  return copy;
}

const settingOf = (doc: Document, id: string) =>
  Object.values(doc.resource.cloudflare_zone_setting).find((s) => s.setting_id === id) as Record<string, unknown>;
const rulesetOf = (doc: Document, phase: string) =>
  Object.values(doc.resource.cloudflare_ruleset).find((r) => r.phase === phase) as { rules: Record<string, unknown>[] };
/** The headers map of the CORS rule of the strict example's one origin. */
const corsHeadersOf = (doc: Document) =>
  (
    rulesetOf(doc, 'http_response_headers_transform').rules.find((r) => r.ref === 'cors-origin-1')!.action_parameters as {
      headers: Record<string, Record<string, unknown>>;
    }
  ).headers;

/** The headers map of the rule setting the profile's security headers on every response. */
const securityHeadersOf = (doc: Document) =>
  (
    rulesetOf(doc, 'http_response_headers_transform').rules.find((r) => r.ref === 'security-headers')!.action_parameters as {
      headers: Record<string, Record<string, unknown>>;
    }
  ).headers;

describe('Cloudflare checks', () => {
  const compliant = synthesized(strict);

  it("pass Bulwark's own zone on pro and on free", () => {
    expect(ids(compliant)).toEqual([]);
    const free = parseProfile(
      mergeProfileInput(readProfileFile(strictFile).data, {
        cloudflare: { plan: 'free' },
        rateLimits: [{ name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 10, windowSeconds: 10 }],
      }),
    );
    expect(ids(synthesized(buildPolicy(free)), buildPolicy(free))).toEqual([]);
  });

  const cases: [string, (doc: Document) => void][] = [
    [
      'BulwarkCF-TLS1',
      (doc) => {
        settingOf(doc, 'min_tls_version').value = '1.0';
      },
    ],
    [
      'BulwarkCF-TLS2',
      (doc) => {
        settingOf(doc, 'always_use_https').value = 'off';
      },
    ],
    [
      'BulwarkCF-TLS3',
      (doc) => {
        settingOf(doc, 'ssl').value = 'flexible';
      },
    ],
    [
      'BulwarkCF-TLS4',
      (doc) => {
        (settingOf(doc, 'security_header').value as { strict_transport_security: { max_age: number } }).strict_transport_security.max_age = 86_400;
      },
    ],
    [
      'BulwarkCF-TLS5',
      (doc) => {
        settingOf(doc, 'min_tls_version').value = '1.2';
        doc.resource.cloudflare_zone_setting.ciphers = { zone_id: 'zone-1', setting_id: 'ciphers', value: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'] };
      },
    ],
    [
      'BulwarkCF-WAF1',
      (doc) => {
        rulesetOf(doc, 'http_request_firewall_managed').rules = [];
      },
    ],
    [
      'BulwarkCF-WAF2',
      (doc) => {
        rulesetOf(doc, 'http_request_firewall_managed').rules = [];
      },
    ],
    [
      'BulwarkCF-WAF3',
      (doc) => {
        rulesetOf(doc, 'http_request_firewall_managed').rules = [];
      },
    ],
    [
      'BulwarkCF-RATE1',
      (doc) => {
        rulesetOf(doc, 'http_ratelimit').rules = rulesetOf(doc, 'http_ratelimit').rules.map((r) => ({ ...r, action: 'log' }));
      },
    ],
    [
      'BulwarkCF-EXPR1',
      (doc) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'cf.threat_score gt 10';
      },
    ],
    [
      'BulwarkCF-ZONE1',
      (doc) => {
        doc.resource.cloudflare_ruleset.mine = { zone_id: 'zone-1', kind: 'zone', phase: 'http_request_firewall_custom', rules: [] };
      },
    ],
    [
      'BulwarkCF-TMPL1',
      (doc) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'http.user_agent contains "%{if false}x%{endif}"';
      },
    ],
    [
      'BulwarkCF-RATE2',
      (doc) => {
        rulesetOf(doc, 'http_ratelimit').rules = rulesetOf(doc, 'http_ratelimit').rules.filter(
          (r) => String(r.ref).includes('login') || String(r.ref).includes('auth'),
        );
      },
    ],
    [
      'BulwarkCF-HDR1',
      (doc) => {
        securityHeadersOf(doc)['X-Frame-Options'] = { operation: 'set', value: 'ALLOWALL' };
      },
    ],
    [
      'BulwarkCF-CORS1',
      (doc) => {
        corsHeadersOf(doc)['Access-Control-Allow-Origin'].value = 'https://evil.example';
      },
    ],
    [
      'BulwarkCF-LOG1',
      (doc) => {
        doc.resource.cloudflare_logpush_job = {
          events: { zone_id: 'zone-1', dataset: 'firewall_events', destination_conf: 'https://logs.example.com/in?header_Authorization=Bearer%20abc' },
        };
      },
    ],
  ];

  cases.push(
    [
      'BulwarkCF-ORIG1',
      (doc) => {
        delete doc.resource.cloudflare_authenticated_origin_pulls_settings;
      },
    ],
    [
      'BulwarkCF-ORIG1',
      (doc) => {
        for (const pulls of Object.values(doc.resource.cloudflare_authenticated_origin_pulls_settings)) pulls.enabled = false;
      },
    ],
  );

  it('ORIG1 judges authenticated origin pulls only when the profile asks for them', () => {
    const without = edit(compliant, (doc) => {
      delete doc.resource.cloudflare_authenticated_origin_pulls_settings;
    });
    const notAsked = buildPolicy(
      parseProfile(mergeProfileInput(readProfileFile(strictFile).data, { network: { origin: { authenticatedOriginPulls: false } } })),
    );
    expect(ids(without, notAsked)).not.toContain('BulwarkCF-ORIG1');
    expect(ids(without)).toContain('BulwarkCF-ORIG1');
  });

  it("ORIG1 passes provider v4's zone-wide authenticated origin pulls, with the zone's own certificate or without, and not a per-hostname one", () => {
    const v4 = (pulls: Record<string, unknown>) =>
      edit(compliant, (doc) => {
        delete doc.resource.cloudflare_authenticated_origin_pulls_settings;
        doc.resource.cloudflare_authenticated_origin_pulls = { pulls: { zone_id: 'zone-1', enabled: true, ...pulls } };
      });
    expect(ids(v4({}))).not.toContain('BulwarkCF-ORIG1');
    expect(ids(v4({ authenticated_origin_pulls_certificate: '${cloudflare_authenticated_origin_pulls_certificate.zone.id}' }))).not.toContain(
      'BulwarkCF-ORIG1',
    );
    expect(ids(v4({ hostname: 'api.example.com', authenticated_origin_pulls_certificate: 'cert-1' }))).toContain('BulwarkCF-ORIG1');
    expect(ids(v4({ authenticated_origin_pulls_certificate: 'cert-1', enabled: false }))).toContain('BulwarkCF-ORIG1');
  });

  it('have a non-compliant case for every rule', () => {
    expect([...new Set(cases.map(([id]) => id))].sort()).toEqual(BULWARK_CLOUDFLARE_RULES.map((r) => `BulwarkCF-${r.code}`).sort());
  });

  it.each(cases)('%s fires on a weakened zone', (id, change) => {
    expect(ids(edit(compliant, change))).toContain(id);
  });

  const unmodeled = (doc: Document) => {
    rulesetOf(doc, 'http_request_firewall_managed').rules = [];
    rulesetOf(doc, 'http_request_firewall_custom').rules = [{ ref: 'x', action: 'block', expression: 'cf.waf.score lt 20' }];
  };
  const unresolved: [string, (doc: Document) => void][] = [
    [
      'BulwarkCF-TLS1',
      (doc) => {
        settingOf(doc, 'min_tls_version').value = '${var.min_tls}';
      },
    ],
    [
      'BulwarkCF-TLS2',
      (doc) => {
        settingOf(doc, 'always_use_https').value = '${var.https}';
      },
    ],
    [
      'BulwarkCF-TLS3',
      (doc) => {
        settingOf(doc, 'ssl').value = '${var.ssl_mode}';
      },
    ],
    [
      'BulwarkCF-TLS4',
      (doc) => {
        settingOf(doc, 'security_header').value = '${var.security_header}';
      },
    ],
    [
      'BulwarkCF-TLS5',
      (doc) => {
        settingOf(doc, 'min_tls_version').value = '1.2';
        doc.resource.cloudflare_zone_setting.ciphers = { zone_id: 'zone-1', setting_id: 'ciphers', value: '${var.ciphers}' };
      },
    ],
    ['BulwarkCF-WAF1', unmodeled],
    ['BulwarkCF-WAF2', unmodeled],
    ['BulwarkCF-WAF3', unmodeled],
    [
      'BulwarkCF-RATE1',
      (doc) => {
        rulesetOf(doc, 'http_ratelimit').rules = [
          { ref: 'r', action: 'block', expression: 'cf.waf.score lt 20', ratelimit: { characteristics: ['cf.colo.id', 'ip.src'] } },
        ];
      },
    ],
    [
      'BulwarkCF-EXPR1',
      (doc) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = '${var.expression}';
      },
    ],
    [
      'BulwarkCF-RATE2',
      (doc) => {
        for (const rule of rulesetOf(doc, 'http_ratelimit').rules) (rule.ratelimit as Record<string, unknown>).requests_per_period = '${var.limit}';
      },
    ],
    [
      'BulwarkCF-HDR1',
      (doc) => {
        securityHeadersOf(doc)['X-Frame-Options'] = { operation: 'set', value: '${var.frame_options}' };
      },
    ],
    [
      'BulwarkCF-CORS1',
      (doc) => {
        corsHeadersOf(doc)['Access-Control-Allow-Origin'].value = '${var.origin}';
      },
    ],
    [
      'BulwarkCF-ORIG1',
      (doc) => {
        for (const pulls of Object.values(doc.resource.cloudflare_authenticated_origin_pulls_settings)) pulls.enabled = '${var.origin_pulls}';
      },
    ],
  ];
  // Zone IDs are compared as written: a second entry point on a zone known only at apply time is not caught (documented).
  const unresolvedGivesCompliant: [string, (doc: Document) => void][] = [
    [
      'BulwarkCF-ZONE1',
      (doc) => {
        doc.resource.cloudflare_ruleset.mine = { zone_id: '${var.other_zone}', kind: 'zone', phase: 'http_request_firewall_custom', rules: [] };
      },
    ],
    // A whole value that is one reference is a value, not text with a template sequence in it.
    [
      'BulwarkCF-TMPL1',
      (doc) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].description = '${var.description}';
      },
    ],
    // A destination from a (sensitive) variable is what the rule asks for.
    [
      'BulwarkCF-LOG1',
      (doc) => {
        doc.resource.cloudflare_logpush_job = { events: { zone_id: 'zone-1', dataset: 'firewall_events', destination_conf: '${var.logpush_destination}' } };
      },
    ],
  ];

  it('have an unresolvable-value case for every rule', () => {
    expect([...unresolved, ...unresolvedGivesCompliant].map(([id]) => id).sort()).toEqual(BULWARK_CLOUDFLARE_RULES.map((r) => `BulwarkCF-${r.code}`).sort());
  });

  it.each(unresolvedGivesCompliant)('%s passes a value known only at apply time, as documented', (id, change) => {
    expect(ids(edit(compliant, change)).filter((found) => found.startsWith(id))).toEqual([]);
  });

  it.each(unresolved)('%s counts a value known only at apply time (or a field not modelled) as not proven: a finding, never a pass', (id, change) => {
    expect(ids(edit(compliant, change)).filter((found) => found === id || found === `${id}[unresolved]`).length).toBeGreaterThan(0);
  });

  it('mark a verdict on a value known only at apply time as [unresolved]: one finding, not a bogus syntax error per character', () => {
    expect(
      ids(
        edit(compliant, (doc) => {
          settingOf(doc, 'min_tls_version').value = '${var.min_tls}';
        }),
      ),
    ).toEqual(['BulwarkCF-TLS1[unresolved]']);
    expect(
      ids(
        edit(compliant, (doc) => {
          rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = '${var.expression}';
        }),
      ),
    ).toEqual(['BulwarkCF-EXPR1[unresolved]']);
    const tokenRules = edit(compliant, (doc) => {
      (rulesetOf(doc, 'http_ratelimit') as { rules: unknown }).rules = '${var.rate_limits}';
    });
    expect(ids(tokenRules)).toEqual(['BulwarkCF-RATE1[unresolved]', 'BulwarkCF-RATE2[unresolved]', 'BulwarkCF-EXPR1[unresolved]']);
  });

  it('read a security_header setting of null as no HSTS, without crashing', () => {
    expect(
      ids(
        edit(compliant, (doc) => {
          settingOf(doc, 'security_header').value = null;
        }),
      ),
      // Without the setting, nosniff is not sent either.
    ).toEqual(['BulwarkCF-TLS4', 'BulwarkCF-HDR1']);
  });

  it.each([null, [], 'on', 1])('read strict_transport_security of %j as no HSTS, without crashing', (sent) => {
    expect(
      ids(
        edit(compliant, (doc) => {
          settingOf(doc, 'security_header').value = { strict_transport_security: sent };
        }),
      ),
    ).toEqual(['BulwarkCF-TLS4', 'BulwarkCF-HDR1']);
  });

  it('count neither a disabled rule nor a managed ruleset whose overrides disarm it as protection', () => {
    const managed = (doc: Document) => rulesetOf(doc, 'http_request_firewall_managed').rules;
    const withoutCustom = (doc: Document) => {
      rulesetOf(doc, 'http_request_firewall_custom').rules = [];
    };
    const disabled = edit(compliant, (doc) => {
      withoutCustom(doc);
      managed(doc).forEach((rule) => {
        rule.enabled = false;
      });
    });
    expect(ids(disabled)).toEqual(expect.arrayContaining(['BulwarkCF-WAF1', 'BulwarkCF-WAF2', 'BulwarkCF-WAF3']));
    const owaspOf = (doc: Document) =>
      managed(doc).find((rule) => (rule.action_parameters as { id: string }).id === MANAGED_RULESET_IDS.owasp) as {
        action_parameters: { overrides?: Record<string, unknown> };
      };
    for (const overrides of [{ enabled: false }, { action: 'log' }, { rules: [{ id: OWASP_SCORE_RULE_ID, action: 'log' }] }]) {
      const disarmed = edit(compliant, (doc) => {
        withoutCustom(doc);
        owaspOf(doc).action_parameters.overrides = overrides;
      });
      expect(ids(disarmed)).toEqual(expect.arrayContaining(['BulwarkCF-WAF1', 'BulwarkCF-WAF2']));
    }
    const loginLimitOff = edit(compliant, (doc) => {
      rulesetOf(doc, 'http_ratelimit').rules.forEach((rule) => {
        rule.enabled = false;
      });
    });
    expect(ids(loginLimitOff)).toContain('BulwarkCF-RATE1');
  });

  it('read the OWASP score rule\'s own override over the ruleset\'s, a string "false" as false, and overrides known only at apply time as unresolved', () => {
    const managed = (doc: Document) => rulesetOf(doc, 'http_request_firewall_managed').rules;
    const withoutCustom = (doc: Document) => {
      rulesetOf(doc, 'http_request_firewall_custom').rules = [];
    };
    const owaspOf = (doc: Document) =>
      managed(doc).find((rule) => (rule.action_parameters as { id: string }).id === MANAGED_RULESET_IDS.owasp) as {
        action_parameters: { overrides?: unknown };
      };
    const withOverrides = (overrides: unknown) =>
      ids(
        edit(compliant, (doc) => {
          withoutCustom(doc);
          owaspOf(doc).action_parameters.overrides = overrides;
        }),
      );
    expect(withOverrides({ action: 'log', rules: [{ id: OWASP_SCORE_RULE_ID, action: 'block' }] })).not.toContain('BulwarkCF-WAF1');
    expect(withOverrides({ enabled: 'false' })).toContain('BulwarkCF-WAF1');
    for (const unknown of ['${var.overrides}', { enabled: '${var.enabled}' }, { rules: [{ id: OWASP_SCORE_RULE_ID, action: '${var.action}' }] }]) {
      expect(withOverrides(unknown)).toEqual(expect.arrayContaining(['BulwarkCF-WAF1[unresolved]', 'BulwarkCF-WAF2[unresolved]']));
    }
    expect(
      ids(
        edit(compliant, (doc) => {
          withoutCustom(doc);
          managed(doc).forEach((rule) => {
            rule.enabled = 'false';
          });
        }),
      ),
    ).toContain('BulwarkCF-WAF1');
  });

  it('count a custom ruleset that a zone entry point executes by reference', () => {
    // On Free the custom rules are what stops SQL injection (no OWASP ruleset).
    const free = buildPolicy(
      parseProfile(
        mergeProfileInput(readProfileFile(strictFile).data, {
          cloudflare: { plan: 'free' },
          rateLimits: [{ name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 10, windowSeconds: 10 }],
        }),
      ),
    );
    const freeZone = synthesized(free);
    expect(ids(freeZone, free)).toEqual([]);
    const moved = (executeIt: boolean) =>
      edit(freeZone, (doc) => {
        rulesetOf(doc, 'http_request_firewall_managed').rules = [];
        const [name, custom] = Object.entries(doc.resource.cloudflare_ruleset).find(([, r]) => r.phase === 'http_request_firewall_custom') as [
          string,
          Record<string, unknown>,
        ];
        custom.kind = 'custom';
        if (executeIt)
          doc.resource.cloudflare_ruleset.entry = {
            zone_id: 'zone-1',
            kind: 'zone',
            phase: 'http_request_firewall_custom',
            rules: [{ ref: 'run-mine', action: 'execute', expression: 'true', action_parameters: { id: `\${cloudflare_ruleset.${name}.id}` } }],
          };
      });
    expect(ids(moved(false), free)).toContain('BulwarkCF-WAF1');
    expect(ids(moved(true), free)).not.toContain('BulwarkCF-WAF1');
  });

  it('count only zone entry points: a ruleset of kind custom runs only when executed', () => {
    const custom = edit(compliant, (doc) => {
      rulesetOf(doc, 'http_request_firewall_managed').rules = [];
      Object.values(doc.resource.cloudflare_ruleset)
        .filter((r) => r.phase === 'http_request_firewall_custom')
        .forEach((r) => {
          r.kind = 'custom';
        });
    });
    expect(ids(custom)).toEqual(expect.arrayContaining(['BulwarkCF-WAF1', 'BulwarkCF-WAF2', 'BulwarkCF-WAF3']));
  });

  it('pin every rule ID and level', () => {
    expect(BULWARK_CLOUDFLARE_RULES.map((r) => `${r.code}:${r.severity}`)).toEqual([
      'TLS1:error',
      'TLS2:error',
      'TLS3:error',
      'TLS4:error',
      'TLS5:error',
      'WAF1:error',
      'WAF2:error',
      'WAF3:error',
      'RATE1:error',
      'RATE2:error',
      'HDR1:error',
      'CORS1:error',
      'ZONE1:error',
      'EXPR1:error',
      'TMPL1:error',
      'LOG1:error',
      'ORIG1:error',
    ]);
  });

  it('place each finding at its Terraform resource address', () => {
    const [finding] = runCloudflareChecks(
      edit(compliant, (doc) => {
        settingOf(doc, 'ssl').value = 'flexible';
      }),
      strict,
      'cdktf.out/stacks/edge/cdk.tf.json',
    );
    expect(finding.location).toMatchObject({
      kind: 'resource',
      templateFile: 'cdktf.out/stacks/edge/cdk.tf.json',
      constructPath: expect.stringMatching(/^cloudflare_zone_setting\./),
    });
    expect(finding.message).toContain('ssl flexible');
  });

  it("lint a zone built by CloudflareZoneHardening for the plan the construct was given, not the profile's", () => {
    const loginByMethod = buildPolicy(
      parseProfile({
        name: 'x',
        edges: ['cloudflare'],
        rateLimits: [{ name: 'login', match: { paths: ['/api/auth/login', '/api/auth/register'], methods: ['POST'] }, limit: 5, windowSeconds: 60 }],
      }),
    );
    expect(loginByMethod.cloudflare.plan).toBe('free');
    const synthOn = (checksPlan?: 'business') => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 'edge');
      new CloudflareProvider(stack, 'cloudflare', {});
      const zone = new CloudflareZoneHardening(stack, 'zone', { zoneId: 'zone-1', policy: loginByMethod, plan: 'business' });
      addCloudflareChecks(stack, { policy: loginByMethod, plan: checksPlan });
      return { synth: () => app.synth(), zone };
    };
    const { synth, zone } = synthOn();
    expect(zone.plan).toBe('business');
    expect(synth).not.toThrow();
    // The same rules judged for the Free plan (a zone not built by the construct) are refused: the method is not a Free rate-limit field.
    const document = JSON.parse(
      Testing.synthScope((scope) => {
        new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-2', policy: loginByMethod, plan: 'business' });
      }),
    );
    expect(ids(document, loginByMethod)).toContain('BulwarkCF-EXPR1');
    const addresses = Object.keys(document.resource.cloudflare_ruleset as object).map((name) => `cloudflare_ruleset.${name}`);
    expect(
      runCloudflareChecks(document, loginByMethod, 'cdk.tf.json', new Map(addresses.map((address) => [address, 'business' as const]))).map((f) => f.id),
    ).not.toContain('BulwarkCF-EXPR1');
  });

  it("find the construct's plan when its zone ID is a Terraform variable", () => {
    const loginByMethod = buildPolicy(
      parseProfile({
        name: 'x',
        edges: ['cloudflare'],
        rateLimits: [{ name: 'login', match: { paths: ['/api/auth/login', '/api/auth/register'], methods: ['POST'] }, limit: 5, windowSeconds: 60 }],
      }),
    );
    const app = Testing.app();
    const stack = new TerraformStack(app, 'edge');
    new CloudflareProvider(stack, 'cloudflare', {});
    const zoneId = new TerraformVariable(stack, 'zone_id', { type: 'string' }).stringValue;
    new CloudflareZoneHardening(stack, 'zone', { zoneId, policy: loginByMethod, plan: 'business' });
    addCloudflareChecks(stack, { policy: loginByMethod });
    expect(() => app.synth()).not.toThrow();
  });

  it('fail a cdktf synth with the rule, the resource and the fix', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'edge');
    new CloudflareProvider(stack, 'cloudflare', {});
    const withoutLimits = buildPolicy(
      parseProfile({ name: 'x', edges: ['cloudflare'], cloudflare: { plan: 'pro' }, rateLimits: [], auth: { loginPaths: ['/signin'] } }),
    );
    new CloudflareZoneHardening(stack, 'zone', { zoneId: 'zone-1', policy: withoutLimits });
    addCloudflareChecks(stack, { policy: withoutLimits });
    expect(() => app.synth()).toThrow(
      /BulwarkCF-RATE1 at zone zone-1: A login path has no per-IP rate limit, .*\/signin has no per-IP rate limit Fix: Add a rate-limit rule/,
    );
  });
});

describe('Cloudflare checks that judge the numbers against the profile', () => {
  const compliant = synthesized(strict);
  const rate1 = (doc: Document) => runCloudflareChecks(doc, strict, 'cdk.tf.json').filter((f) => f.id.startsWith('BulwarkCF-RATE1'));

  it('RATE1: a global flood limit does not stand in for the login limit', () => {
    const flood = edit(compliant, (doc) => {
      rulesetOf(doc, 'http_ratelimit').rules = [
        {
          ref: 'flood',
          action: 'block',
          expression: 'true',
          ratelimit: { characteristics: ['cf.colo.id', 'ip.src'], period: 10, requests_per_period: 1_000_000, mitigation_timeout: 10 },
        },
      ];
    });
    const found = rate1(flood);
    expect(found.map((f) => f.id)).toEqual(['BulwarkCF-RATE1']);
    expect(found[0].message).toContain('auth');
  });

  const rate2 = (doc: Document) => runCloudflareChecks(doc, strict, 'cdk.tf.json').filter((f) => f.id.startsWith('BulwarkCF-RATE2'));
  const perIp = (doc: Document) => rulesetOf(doc, 'http_ratelimit').rules.find((r) => r.ref === 'rate-per-ip')!;

  it('RATE2: the per-IP API limit at its numbers passes; looser, over fewer paths or keyed finer fails, naming the limit', () => {
    expect(rate2(compliant)).toEqual([]);
    const loosened = [
      (rule: Record<string, unknown>) => ((rule.ratelimit as Record<string, unknown>).requests_per_period = 2_000),
      (rule: Record<string, unknown>) => ((rule.ratelimit as Record<string, unknown>).period = 10),
      (rule: Record<string, unknown>) => (rule.expression = 'starts_with(http.request.uri.path, "/static/")'),
      (rule: Record<string, unknown>) =>
        ((rule.ratelimit as Record<string, unknown>).characteristics = ['cf.colo.id', 'ip.src', 'http.request.headers["x-session"]']),
      (rule: Record<string, unknown>) => (rule.action = 'log'),
    ];
    for (const loosen of loosened) {
      const found = rate2(edit(compliant, (doc) => loosen(perIp(doc))));
      expect(found.map((f) => f.id)).toEqual(['BulwarkCF-RATE2']);
      expect(found[0].message).toContain('per-ip: no rate-limit rule over its paths allows at most 200 requests per 60 s per ip');
    }
    // Stricter numbers pass: a limit of 100 per minute lets through no more than the profile's 200.
    expect(rate2(edit(compliant, (doc) => ((perIp(doc).ratelimit as Record<string, unknown>).requests_per_period = 100)))).toEqual([]);
  });

  it('RATE1: a login limit looser than the profile, or over part of its paths, fails; the compiled one passes', () => {
    const loosen = (change: (rule: Record<string, unknown>) => void) =>
      edit(compliant, (doc) => {
        const rules = rulesetOf(doc, 'http_ratelimit').rules;
        const login = rules.find((r) => String(r.ref).includes('auth'))!;
        change(login);
      });
    expect(rate1(compliant)).toEqual([]);
    expect(rate1(loosen((r) => ((r.ratelimit as Record<string, unknown>).requests_per_period = 1_000))).map((f) => f.id)).toEqual(['BulwarkCF-RATE1']);
    expect(rate1(loosen((r) => (r.expression = 'http.request.uri.path eq "/api/auth/login"'))).map((f) => f.id)).toEqual(['BulwarkCF-RATE1']);
    const unresolved = rate1(loosen((r) => ((r.ratelimit as Record<string, unknown>).requests_per_period = '${var.limit}')));
    expect(unresolved.map((f) => f.id)).toEqual(['BulwarkCF-RATE1[unresolved]']);
  });

  it('RATE1/RATE2: a counting_expression must count the limit’s requests, requests_to_origin true counts none a cache answers, a token is unresolved', () => {
    const counting = (change: (ratelimit: Record<string, unknown>, rule: Record<string, unknown>) => void) => [
      ...new Set(
        ids(
          edit(compliant, (doc) => {
            for (const rule of rulesetOf(doc, 'http_ratelimit').rules) change(rule.ratelimit as Record<string, unknown>, rule);
          }),
        ).filter((id) => id.startsWith('BulwarkCF-RATE')),
      ),
    ];
    expect(counting((ratelimit, rule) => (ratelimit.counting_expression = rule.expression))).toEqual([]);
    expect(counting((ratelimit) => (ratelimit.counting_expression = ''))).toEqual([]);
    expect(counting((ratelimit) => (ratelimit.requests_to_origin = false))).toEqual([]);
    expect(counting((ratelimit) => (ratelimit.counting_expression = 'http.request.uri.path eq "/never"'))).toEqual(['BulwarkCF-RATE1', 'BulwarkCF-RATE2']);
    expect(counting((ratelimit) => (ratelimit.counting_expression = 'http.response.code eq 401'))).toEqual(['BulwarkCF-RATE1', 'BulwarkCF-RATE2']);
    expect(counting((ratelimit) => (ratelimit.requests_to_origin = true))).toEqual(['BulwarkCF-RATE1', 'BulwarkCF-RATE2']);
    expect(counting((ratelimit) => (ratelimit.counting_expression = '${var.counting}'))).toEqual([
      'BulwarkCF-RATE1[unresolved]',
      'BulwarkCF-RATE2[unresolved]',
    ]);
    expect(counting((ratelimit) => (ratelimit.requests_to_origin = '${var.origin_only}'))).toEqual([
      'BulwarkCF-RATE1[unresolved]',
      'BulwarkCF-RATE2[unresolved]',
    ]);
  });

  it("TLS4: HSTS without the includeSubDomains the profile sets, or under the profile's max-age, fails; a token is unresolved", () => {
    const hsts = (change: Record<string, unknown>) =>
      ids(
        edit(compliant, (doc) => {
          const value = settingOf(doc, 'security_header').value as { strict_transport_security: Record<string, unknown> };
          Object.assign(value.strict_transport_security, change);
        }),
      ).filter((id) => id.startsWith('BulwarkCF-TLS4'));
    expect(strict.tls.hsts.includeSubdomains).toBe(true);
    expect(hsts({ include_subdomains: false })).toEqual(['BulwarkCF-TLS4']);
    expect(hsts({ max_age: strict.tls.hsts.maxAgeSeconds - 1 })).toEqual(['BulwarkCF-TLS4']);
    expect(hsts({ max_age: '${var.age}' })).toEqual(['BulwarkCF-TLS4[unresolved]']);
    expect(hsts({})).toEqual([]);
  });

  const hdr1 = (doc: Document) => runCloudflareChecks(doc, strict, 'cdk.tf.json').filter((f) => f.id.startsWith('BulwarkCF-HDR1'));
  const headerRules = (doc: Document) => rulesetOf(doc, 'http_response_headers_transform').rules;

  it("HDR1: judges each header's value against the profile, DENY meeting SAMEORIGIN and no-referrer any referrer policy", () => {
    expect(hdr1(compliant)).toEqual([]);
    const framed = hdr1(edit(compliant, (doc) => (securityHeadersOf(doc)['X-Frame-Options'] = { operation: 'set', value: 'SAMEORIGIN' })));
    expect(framed.map((f) => f.message)).toEqual([expect.stringContaining('X-Frame-Options: "SAMEORIGIN", short of the profile')]);
    const sameOrigin = buildPolicy(parseProfile(mergeProfileInput(readProfileFile(strictFile).data, { headers: { frameOptions: 'SAMEORIGIN' } })));
    expect(runCloudflareChecks(synthesized(sameOrigin), sameOrigin, 'cdk.tf.json').filter((f) => f.id.startsWith('BulwarkCF-HDR1'))).toEqual([]);
    const csp = hdr1(
      edit(compliant, (doc) => (securityHeadersOf(doc)['Content-Security-Policy'] = { operation: 'set', value: "default-src *; script-src 'unsafe-inline'" })),
    );
    expect(csp.map((f) => f.id)).toEqual(['BulwarkCF-HDR1']);
  });

  it('HDR1: a later rule that removes a header on some paths, or adds a weaker second value, falls short, even on paths the samples miss', () => {
    const removedOnApi = edit(compliant, (doc) =>
      headerRules(doc).push({
        ref: 'api',
        action: 'rewrite',
        expression: 'starts_with(http.request.uri.path, "/api/")',
        action_parameters: { headers: { 'Content-Security-Policy': { operation: 'remove' } } },
      }),
    );
    expect(hdr1(removedOnApi).map((f) => f.message)).toEqual([expect.stringContaining('a GET /api/items response carries no such header')]);
    const added = edit(compliant, (doc) =>
      headerRules(doc).push({
        ref: 'x',
        action: 'rewrite',
        expression: 'true',
        action_parameters: { headers: { 'X-Frame-Options': { operation: 'add', value: 'ALLOWALL' } } },
      }),
    );
    expect(hdr1(added).map((f) => f.id)).toEqual(['BulwarkCF-HDR1']);
    const adminOnly = edit(compliant, (doc) =>
      headerRules(doc).push({
        ref: 'admin',
        action: 'rewrite',
        expression: 'starts_with(http.request.uri.path, "/admin/")',
        action_parameters: { headers: { 'Content-Security-Policy': { operation: 'remove' } } },
      }),
    );
    expect(hdr1(adminOnly).map((f) => f.message)).toEqual([expect.stringContaining('rule "admin" removes Content-Security-Policy on the requests it matches')]);
    const embedFramed = edit(compliant, (doc) =>
      headerRules(doc).push({
        ref: 'embed',
        action: 'rewrite',
        expression: 'starts_with(http.request.uri.path, "/embed")',
        action_parameters: { headers: { 'X-Frame-Options': { operation: 'set', value: 'ALLOWALL' } } },
      }),
    );
    expect(hdr1(embedFramed).map((f) => f.message)).toEqual([expect.stringContaining('rule "embed" sets X-Frame-Options: "ALLOWALL"')]);
    const embedStricter = edit(
      embedFramed,
      (doc) => (headerRules(doc).at(-1)!.action_parameters = { headers: { 'X-Frame-Options': { operation: 'set', value: 'DENY' } } }),
    );
    expect(hdr1(embedStricter)).toEqual([]);
    const twoSpellings = edit(embedFramed, (doc) => {
      headerRules(doc).at(-1)!.action_parameters = {
        headers: { 'X-Frame-Options': { operation: 'remove' }, 'x-frame-options': { operation: 'set', value: 'DENY' } },
      };
    });
    expect(hdr1(twoSpellings).map((f) => f.message)).toEqual([expect.stringContaining('rule "embed" removes X-Frame-Options')]);
    const never = edit(adminOnly, (doc) => (headerRules(doc).at(-1)!.expression = 'false'));
    expect(hdr1(never)).toEqual([]);
    const embedComputed = edit(
      embedFramed,
      (doc) => (headerRules(doc).at(-1)!.action_parameters = { headers: { 'X-Frame-Options': { operation: 'set', expression: 'http.host' } } }),
    );
    expect(hdr1(embedComputed).map((f) => f.id)).toEqual(['BulwarkCF-HDR1[unresolved]']);
  });

  it('HDR1: a header operation not read (a computed value, a value not a string, an operation not known) is unresolved, never the earlier value', () => {
    const everywhere = (operation: Record<string, unknown>) =>
      hdr1(
        edit(compliant, (doc) =>
          headerRules(doc).push({
            ref: 'later',
            action: 'rewrite',
            expression: 'true',
            action_parameters: { headers: { 'Content-Security-Policy': operation } },
          }),
        ),
      ).map((f) => f.id);
    expect(everywhere({ operation: 'set', expression: 'concat("default-src *", "")' })).toEqual(['BulwarkCF-HDR1[unresolved]']);
    expect(everywhere({ operation: 'set', value: 7 })).toEqual(['BulwarkCF-HDR1[unresolved]']);
    expect(everywhere({ operation: 'replace', value: "default-src 'self'" })).toEqual(['BulwarkCF-HDR1[unresolved]']);
    expect(everywhere({ operation: 'set', value: strict.headers.values['Content-Security-Policy'] })).toEqual([]);
    expect(everywhere({ operation: 'remove' })).toEqual(['BulwarkCF-HDR1']);
  });

  it('HDR1: a response header transform phase known only at apply time makes every header not proven short unresolved', () => {
    const unknownPhase = edit(compliant, (doc) => {
      for (const rule of headerRules(doc)) rule.enabled = '${var.headers_on}';
    });
    expect(hdr1(unknownPhase).map((f) => f.id)).toEqual(Array(4).fill('BulwarkCF-HDR1[unresolved]'));
  });

  it('HDR1: nosniff comes with the security_header setting or a transform; a rule on a field not modelled is unresolved, not a pass', () => {
    const withoutNosniff = edit(compliant, (doc) => {
      (settingOf(doc, 'security_header').value as { strict_transport_security: Record<string, unknown> }).strict_transport_security.nosniff = false;
    });
    expect(hdr1(withoutNosniff).map((f) => f.message)).toEqual([
      expect.stringContaining("carries no such header, short of the profile's X-Content-Type-Options"),
    ]);
    const byTransform = edit(withoutNosniff, (doc) => (securityHeadersOf(doc)['X-Content-Type-Options'] = { operation: 'set', value: 'nosniff' }));
    expect(hdr1(byTransform)).toEqual([]);
    const unmodelled = edit(compliant, (doc) => {
      delete securityHeadersOf(doc)['X-Frame-Options'];
      headerRules(doc).push({
        ref: 'bots',
        action: 'rewrite',
        expression: 'cf.bot_management.score lt 30',
        action_parameters: { headers: { 'X-Frame-Options': { operation: 'set', value: 'DENY' } } },
      });
    });
    expect(hdr1(unmodelled).map((f) => f.id)).toEqual(['BulwarkCF-HDR1[unresolved]']);
    // Removing a header is a finding whatever requests the rule matches, modelled or not.
    const removedForBots = edit(compliant, (doc) =>
      headerRules(doc).push({
        ref: 'bots',
        action: 'rewrite',
        expression: 'cf.bot_management.score lt 30',
        action_parameters: { headers: { 'X-Frame-Options': { operation: 'remove' } } },
      }),
    );
    expect(hdr1(removedForBots).map((f) => f.id)).toEqual(['BulwarkCF-HDR1']);
  });

  it('CORS1: grants only the origins the profile lists; "*" only when it allows any, never with credentials; never an origin computed per request', () => {
    const cors1 = (change: (headers: Record<string, Record<string, unknown>>) => void, policy: Policy = strict) =>
      ids(
        edit(compliant, (doc) => change(corsHeadersOf(doc))),
        policy,
      ).filter((id) => id.startsWith('BulwarkCF-CORS1'));
    const anyOrigin = buildPolicy(
      parseProfile(mergeProfileInput(readProfileFile(strictFile).data, { cors: { allowedOrigins: ['*'], allowCredentials: false } })),
    );
    expect(cors1(() => undefined)).toEqual([]);
    expect(cors1((h) => (h['access-control-allow-origin'] = { operation: 'set', value: 'https://evil.example' }))).toEqual(['BulwarkCF-CORS1']);
    expect(
      cors1((h) => {
        h['Access-Control-Allow-Origin'] = { operation: 'set', value: '*' };
        h['Access-Control-Allow-Credentials'] = { operation: 'remove' };
      }),
    ).toEqual(['BulwarkCF-CORS1']);
    expect(
      cors1((h) => {
        h['Access-Control-Allow-Origin'] = { operation: 'set', value: '*' };
        h['Access-Control-Allow-Credentials'] = { operation: 'remove' };
      }, anyOrigin),
    ).toEqual([]);
    expect(cors1((h) => (h['Access-Control-Allow-Origin'] = { operation: 'set', value: '*' }), anyOrigin)).toEqual(['BulwarkCF-CORS1']);
    expect(cors1((h) => (h['Access-Control-Allow-Origin'] = { operation: 'set', expression: 'http.request.headers["origin"][0]' }))).toEqual([
      'BulwarkCF-CORS1',
    ]);
    expect(cors1((h) => (h['Access-Control-Allow-Origin'] = { operation: 'remove' }))).toEqual([]);
    // A profile listing no origin takes no stance on which origins: only "*" with credentials is judged.
    const noCors = buildPolicy(parseProfile(mergeProfileInput(readProfileFile(strictFile).data, { cors: { allowedOrigins: [] } })));
    expect(cors1((h) => (h['Access-Control-Allow-Origin'] = { operation: 'set', value: 'https://other.example' }), noCors)).toEqual([]);
    expect(cors1((h) => (h['Access-Control-Allow-Origin'] = { operation: 'set', value: '*' }), noCors)).toEqual(['BulwarkCF-CORS1']);
  });
});

describe('BulwarkCF-LOG1', () => {
  const compliant = synthesized(strict);
  const withDestination = (destination_conf: string) =>
    edit(compliant, (doc) => {
      doc.resource.cloudflare_logpush_job = { events: { zone_id: 'zone-1', dataset: 'firewall_events', destination_conf } };
    });

  it('passes a destination without a credential, and one whose credential comes from a variable', () => {
    expect(ids(withDestination('s3://logs/firewall?region=us-east-1'))).toEqual([]);
    expect(ids(withDestination('splunk://splunk.example.com:8088/services/collector/raw?channel=1&token=${var.splunk_token}'))).toEqual([]);
  });

  it('names the job, not the credential', () => {
    const findings = runCloudflareChecks(withDestination('splunk://splunk.example.com:8088/raw?token=s3cr3t'), strict, 'cdk.tf.json');
    expect(findings.map((f) => f.id)).toEqual(['BulwarkCF-LOG1']);
    expect(JSON.stringify(findings)).not.toContain('s3cr3t');
  });

  it('reports a literal whose path is the credential (a Sumo Logic collector code, a secret HTTPS path), without quoting it', () => {
    for (const destination of ['sumo://endpoint1.collection.us2.sumologic.com/receiver/v1/http/s3cr3t', 'https://logs.example.com/ingest/s3cr3t']) {
      const findings = runCloudflareChecks(withDestination(destination), strict, 'cdk.tf.json');
      expect(findings.map((f) => f.id)).toEqual(['BulwarkCF-LOG1']);
      expect(JSON.stringify(findings)).not.toContain('s3cr3t');
    }
    expect(ids(withDestination('${var.sumo_destination}'))).toEqual([]);
  });
});

describe('BulwarkCF-TLS5: the cipher suites of tls.ciphers', () => {
  const policyWith = (tls: Record<string, unknown>, cloudflare: Record<string, unknown> = {}) =>
    buildPolicy(parseProfile({ name: 'demo', edges: ['cloudflare'], tls, cloudflare: { plan: 'pro', ...cloudflare } }));
  const tls5 = (doc: unknown, policy: Policy) => runCloudflareChecks(doc, policy, 'cdk.tf.json').filter((f) => f.id.startsWith('BulwarkCF-TLS5'));
  const zoneWith = (minTls: string, ciphers?: unknown) => ({
    resource: {
      cloudflare_zone_setting: {
        min: { zone_id: 'z', setting_id: 'min_tls_version', value: minTls },
        ...(ciphers === undefined ? {} : { ciphers: { zone_id: 'z', setting_id: 'ciphers', value: ciphers } }),
      },
    },
  });
  const modern = policyWith({}, { advancedCertificateManager: true });
  const compatible = policyWith({ ciphers: 'compatible' }, { advancedCertificateManager: true });

  it("passes Bulwark's own zone with Advanced Certificate Manager, which sets exactly the modern suites", () => {
    const document = synthesized(modern);
    expect(settingOf(document, 'ciphers').value).toEqual([
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-ECDSA-CHACHA20-POLY1305',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'ECDHE-RSA-CHACHA20-POLY1305',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDHE-RSA-AES256-GCM-SHA384',
    ]);
    expect(tls5(document, modern)).toEqual([]);
  });

  it('fails a CBC suite under modern and passes it under compatible; fails RSA key exchange and SHA-1 under both', () => {
    expect(tls5(zoneWith('1.2', ['ECDHE-RSA-AES128-SHA256']), modern).map((f) => f.id)).toEqual(['BulwarkCF-TLS5']);
    expect(tls5(zoneWith('1.2', ['ECDHE-RSA-AES128-SHA256']), compatible)).toEqual([]);
    for (const policy of [modern, compatible]) {
      const [finding] = tls5(zoneWith('1.2', ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA']), policy);
      expect(finding.message).toContain('AES128-GCM-SHA256, ECDHE-RSA-AES128-SHA not allowed');
    }
  });

  it('passes a zone held to TLS 1.3 whatever its list, and no list where the zone cannot set one', () => {
    expect(tls5(zoneWith('1.3', ['AES128-SHA']), modern)).toEqual([]);
    expect(tls5(zoneWith('1.2'), policyWith({}))).toEqual([]);
  });

  it('fails no list, or an empty one, where the profile says the zone can set one', () => {
    expect(tls5(zoneWith('1.2'), modern).map((f) => f.message)).toEqual([expect.stringContaining("ciphers not set (Cloudflare's default suites)")]);
    expect(tls5(zoneWith('1.2', []), modern).map((f) => f.id)).toEqual(['BulwarkCF-TLS5']);
  });

  it('is unresolved on a token, and never echoes a name that is not a cipher name', () => {
    expect(tls5(zoneWith('1.2', ['${var.suite}']), modern).map((f) => f.id)).toEqual(['BulwarkCF-TLS5[unresolved]']);
    const [hostile] = tls5(zoneWith('1.2', ['secret value with spaces', 7, 'x'.repeat(100)]), modern);
    expect(hostile.message).toContain('(not a cipher name), (not a cipher name), (not a cipher name) not allowed');
    expect(hostile.message).not.toContain('secret');
    expect(tls5(zoneWith('1.2', 'AES128-SHA'), modern).map((f) => f.message)).toEqual([expect.stringContaining('ciphers is not a list')]);
  });
});
