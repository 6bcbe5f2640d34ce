import { TerraformVariable, Testing } from 'cdktf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCloudflareChecks } from '../../lib/checks/cloudflare/cloudflare-checks';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { evaluateExpression, type EdgeRequest } from '../../lib/cloudflare/expression/evaluate';
import { parseExpression } from '../../lib/cloudflare/expression/parse';
import { findTemplateSequence, unescapeTemplateSequences } from '../../lib/cloudflare/terraform-template';
import { HardeningValidationError } from '../../lib/core/hardening-validation-error';
import { buildPolicy, parseProfile, type Policy } from '../../lib/tooling';

/*
 * Differential: whatever a profile string holds, the rule Terraform hands Cloudflare means what
 * the profile said. Hostile strings go into every string of the policy that reaches Cloudflare
 * (bypassing profile validation, which may refuse some of them; the escaping must not depend on
 * it); the zone is synthesized; every string of the JSON must hold no template sequence
 * Terraform would evaluate, except the zone reference; and read as Terraform reads it, each
 * expression must parse and match exactly the requests the profile meant.
 */

const ZONE_REFERENCE = '${var.zone}';
const fragment = fc.constantFrom(
  '${',
  '%{',
  '$${',
  '%%{',
  '}',
  '{',
  '$',
  '%',
  '"',
  "'",
  '\\',
  '\\"',
  'é',
  'Ä',
  '\u{1F600}',
  '~',
  'a',
  'Z',
  '/',
  'if ',
  '%{endif}',
  '${var.x}',
  '%{if false}',
  'TfToken[',
  '#',
  '*',
);
const hostile = fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
/** What a header value can hold without being refused (visible ASCII). */
const asciiHostile = hostile.map((text) => text.replace(/[^\x20-\x7e]/g, '?'));

const base = buildPolicy(
  parseProfile({
    name: 'demo',
    edges: ['cloudflare'],
    cloudflare: { plan: 'business' },
    waf: { badBots: { userAgents: ['placeholder-ua'] } },
    rateLimits: [{ name: 'rl', match: { paths: ['/placeholder'] }, limit: 100, windowSeconds: 60 }],
  }),
);

interface Hostile {
  userAgent: string;
  path: string;
  description: string;
  policyName: string;
  headerName: string;
  headerValue: string;
}

/** The base policy with the hostile strings wherever a profile string reaches Cloudflare. */
function hostilePolicy(h: Hostile): Policy {
  const policy = structuredClone(base) as { -readonly [K in keyof Policy]: Policy[K] };
  const json = JSON.stringify(policy.rules)
    .replaceAll('"placeholder-ua"', () => JSON.stringify(h.userAgent))
    .replaceAll('"/placeholder"', () => JSON.stringify(h.path));
  policy.rules = (JSON.parse(json) as Policy['rules']).map((rule) => ({ ...rule, description: `${rule.description} ${h.description}` }));
  policy.name = h.policyName;
  policy.headers = { ...policy.headers, values: { ...policy.headers.values, [h.headerName]: h.headerValue } };
  return policy;
}

type Synthesized =
  { outcome: 'refused'; error: unknown } | { outcome: 'synthesized'; document: { resource: Record<string, Record<string, Record<string, unknown>>> } };

function synthesize(policy: Policy): Synthesized {
  try {
    const json = Testing.synthScope((scope) => {
      const zone = new TerraformVariable(scope, 'zone', { type: 'string' });
      new CloudflareZoneHardening(scope, 'zone-hardening', { zoneId: zone.stringValue, policy });
    });
    return { outcome: 'synthesized', document: JSON.parse(json) as never };
  } catch (error) {
    return { outcome: 'refused', error };
  }
}

/** Every string in the document, property names included. */
function strings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      found.push(key);
      strings(item, found);
    }
  }
  return found;
}

type Rule = { ref: string; description: string; expression: string; action_parameters?: { headers?: Record<string, { value?: string }> } };
const rulesOf = (document: { resource: Record<string, Record<string, Record<string, unknown>>> }, phase: string) =>
  (Object.values(document.resource.cloudflare_ruleset).find((ruleset) => ruleset.phase === phase)?.rules ?? []) as Rule[];
const asTerraformReadsIt = unescapeTemplateSequences;
// These cases check that a profile's string reaches the rule literally, so paths are read as sent:
// Cloudflare's URL normalization (which percent-encodes characters such as `{` before rules read
// the path) is another matter, tested in test/cloudflare/expression/normalize-url.test.ts.
const asSent = { urlNormalization: 'none' } as const;

const request = (userAgent: string, path = '/'): EdgeRequest => ({ method: 'GET', host: 'example.com', path, headers: { 'user-agent': [userAgent] } });

describe('no profile string changes what a Cloudflare rule means (differential, hostile strings)', () => {
  it('synthesizes literal strings only, and each expression matches what the profile meant', () => {
    fc.assert(
      fc.property(
        fc.record({
          userAgent: hostile.filter((ua) => ua.length >= 2),
          path: hostile.map((p) => `/${p}`),
          description: hostile,
          policyName: hostile,
          headerName: hostile.map((n) => `X-${n}`),
          headerValue: asciiHostile,
        }),
        (h) => {
          const result = synthesize(hostilePolicy(h));
          if (result.outcome === 'refused') {
            // The one refusal: a cdktf token marker, which cdktf would replace before Terraform reads it.
            expect(result.error).toBeInstanceOf(HardeningValidationError);
            expect(String(result.error)).toContain('{TfToken[');
            expect(Object.values(h).some((text) => text.includes('{TfToken['))).toBe(true);
            return;
          }
          const { document } = result;
          // (a) Nothing Terraform would evaluate, but the zone reference.
          for (const text of strings(document.resource)) {
            if (text !== ZONE_REFERENCE) expect(findTemplateSequence(text), text).toBeUndefined();
          }
          // (b) Read as Terraform reads it, every expression parses…
          const phases = ['http_request_firewall_custom', 'http_ratelimit', 'http_request_firewall_managed', 'http_response_headers_transform'];
          for (const rule of phases.flatMap((phase) => rulesOf(document, phase))) {
            expect(() => parseExpression(asTerraformReadsIt(rule.expression)), rule.expression).not.toThrow();
          }
          // (the rules compiled from policy rules carry their descriptions as written)
          for (const rule of [...rulesOf(document, 'http_request_firewall_custom'), ...rulesOf(document, 'http_ratelimit')]) {
            expect(asTerraformReadsIt(rule.description)).toContain(h.description);
          }
          // …the bad-bots rule blocks the hostile user agent and nothing else…
          const badBots = rulesOf(document, 'http_request_firewall_custom').find((rule) => rule.ref === 'bad-bots') as Rule;
          expect(evaluateExpression(asTerraformReadsIt(badBots.expression), request(`Mozilla ${h.userAgent} 1.0`)), badBots.expression).toBe(true);
          if (!'mozilla/5.0 (x11; linux x86_64)'.includes(h.userAgent.toLowerCase())) {
            expect(evaluateExpression(asTerraformReadsIt(badBots.expression), request('Mozilla/5.0 (X11; Linux x86_64)'))).toBe(false);
          }
          // …the rate limit counts the hostile path and no other…
          const rate = rulesOf(document, 'http_ratelimit').find((rule) => rule.ref === 'rate-rl') as Rule;
          expect(evaluateExpression(asTerraformReadsIt(rate.expression), request('x', h.path), asSent), rate.expression).toBe(true);
          expect(evaluateExpression(asTerraformReadsIt(rate.expression), request('x', `${h.path}/other`), asSent), rate.expression).toBe(false);
          // …the header is set with the name and value the profile gave…
          const headers = rulesOf(document, 'http_response_headers_transform')[0].action_parameters?.headers ?? {};
          const read = Object.fromEntries(Object.entries(headers).map(([name, header]) => [asTerraformReadsIt(name), asTerraformReadsIt(header.value ?? '')]));
          expect(read[h.headerName]).toBe(h.headerValue);
          // …the ruleset names carry the profile name as written…
          for (const ruleset of Object.values(document.resource.cloudflare_ruleset)) expect(asTerraformReadsIt(String(ruleset.name))).toContain(h.policyName);
          // …and bulwark check, reading the same JSON, finds no template sequence.
          expect(
            runCloudflareChecks(document, { ...base, cloudflare: { ...base.cloudflare, plan: 'business' } }, 'cdk.tf.json').map((finding) => finding.id),
          ).not.toContain('BulwarkCF-TMPL1');
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);

  it('and bulwark check flags the same document when the escaping is undone', () => {
    fc.assert(
      fc.property(
        hostile.filter((ua) => ua.length >= 2 && findTemplateSequence(ua.toLowerCase()) !== undefined && !ua.includes('{TfToken[')),
        (userAgent) => {
          const result = synthesize(hostilePolicy({ userAgent, path: '/p', description: 'd', policyName: 'demo', headerName: 'X-A', headerValue: 'v' }));
          if (result.outcome !== 'synthesized') throw new Error('expected a synthesized zone');
          const raw = structuredClone(result.document);
          const badBots = rulesOf(raw, 'http_request_firewall_custom').find((rule) => rule.ref === 'bad-bots') as Rule;
          badBots.expression = asTerraformReadsIt(badBots.expression);
          expect(runCloudflareChecks(raw, base, 'cdk.tf.json').map((finding) => finding.id)).toContain('BulwarkCF-TMPL1');
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});

describe('through the profile, for the strings its validation lets through today', () => {
  it('user agents, rate-limit paths and CSP sources stay literal', () => {
    const pathText = hostile.map((p) => `/${p.replace(/\s/g, '')}`);
    fc.assert(
      fc.property(
        hostile.filter((ua) => ua.length >= 2 && ua.length <= 64),
        pathText,
        asciiHostile.map((v) => v.replace(/[ ;]/g, '')).filter((v) => v.length > 0),
        (userAgent, path, source) => {
          let profile;
          try {
            profile = parseProfile({
              name: 'demo',
              edges: ['cloudflare'],
              cloudflare: { plan: 'business' },
              waf: { badBots: { userAgents: [userAgent] } },
              rateLimits: [{ name: 'rl', match: { paths: [path] }, limit: 100, windowSeconds: 60 }],
              headers: { contentSecurityPolicy: { 'default-src': ["'self'", source] } },
            });
          } catch {
            return; // refused by profile validation: nothing reaches Cloudflare
          }
          const result = synthesize(buildPolicy(profile));
          if (result.outcome === 'refused') {
            expect(`${userAgent}${path}${source}`).toContain('{TfToken[');
            return;
          }
          for (const text of strings(result.document.resource)) if (text !== ZONE_REFERENCE) expect(findTemplateSequence(text), text).toBeUndefined();
          const badBots = rulesOf(result.document, 'http_request_firewall_custom').find((rule) => rule.ref === 'bad-bots') as Rule;
          expect(evaluateExpression(asTerraformReadsIt(badBots.expression), request(`x${userAgent}x`))).toBe(true);
          const rate = rulesOf(result.document, 'http_ratelimit').find((rule) => rule.ref === 'rate-rl') as Rule;
          expect(evaluateExpression(asTerraformReadsIt(rate.expression), request('x', path), asSent)).toBe(true);
          const csp = rulesOf(result.document, 'http_response_headers_transform')[0].action_parameters?.headers?.['Content-Security-Policy']?.value ?? '';
          expect(asTerraformReadsIt(csp)).toContain(source);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe("the issue's example, through the profile", () => {
  it('keeps a user agent of %{if false}x%{endif} a literal: the rule blocks that user agent, not every request', () => {
    const profile = parseProfile({
      name: 'demo',
      edges: ['cloudflare'],
      cloudflare: { plan: 'business' },
      waf: { badBots: { userAgents: ['%{if false}x%{endif}'] } },
    });
    const result = synthesize(buildPolicy(profile));
    if (result.outcome !== 'synthesized') throw result.error;
    const badBots = rulesOf(result.document, 'http_request_firewall_custom').find((rule) => rule.ref === 'bad-bots') as Rule;
    expect(badBots.expression).toBe('lower(http.user_agent) contains "%%{if false}x%%{endif}"');
    expect(evaluateExpression(asTerraformReadsIt(badBots.expression), request('curl/8.0'))).toBe(false);
    expect(evaluateExpression(asTerraformReadsIt(badBots.expression), request('evil %{if false}x%{endif}'))).toBe(true);
    expect(runCloudflareChecks(result.document, buildPolicy(profile), 'cdk.tf.json').map((finding) => finding.id)).not.toContain('BulwarkCF-TMPL1');
  });

  it('refuses a path holding a cdktf token marker, naming where it is', () => {
    const policy = hostilePolicy({ userAgent: 'ua', path: '/${TfToken[TOKEN.0]}', description: 'd', policyName: 'demo', headerName: 'X-A', headerValue: 'v' });
    const result = synthesize(policy);
    expect(result.outcome).toBe('refused');
    expect(String((result as { error: unknown }).error)).toMatch(/http_ratelimit\.rules\[0\]\.expression: holds "\{TfToken\["/);
  });
});
