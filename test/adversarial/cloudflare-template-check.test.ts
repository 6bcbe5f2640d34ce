import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { runCloudflareChecks } from '../../lib/checks/cloudflare/cloudflare-checks';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { buildPolicy, extendPreset } from '../../lib/tooling';

/* bulwark check (BulwarkCF-TMPL1, EXPR1, WAF*) on Terraform JSON whose strings hold template sequences. */

const policy = buildPolicy(extendPreset('strict', { name: 'demo', edges: ['cloudflare'], cloudflare: { plan: 'pro' } }));
type Document = { resource: Record<string, Record<string, Record<string, unknown>>> };
const compliant = JSON.parse(
  Testing.synthScope((scope) => {
    new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', policy });
  }),
) as Document;
const rulesetOf = (doc: Document, phase: string) =>
  Object.values(doc.resource.cloudflare_ruleset).find((r) => r.phase === phase) as { name: string; rules: Record<string, unknown>[] };
function edit(change: (doc: Document) => void): Document {
  const copy = structuredClone(compliant);
  change(copy);
  return copy;
}
const findings = (doc: Document) => runCloudflareChecks(doc, policy, 'cdk.tf.json');
const ids = (doc: Document) => findings(doc).map((f) => f.id);
const headersOf = (doc: Document) =>
  (rulesetOf(doc, 'http_response_headers_transform').rules[0].action_parameters as { headers: Record<string, { operation: string; value?: string }> }).headers;

describe('BulwarkCF-TMPL1: a template sequence in a ruleset string', () => {
  it("passes Bulwark's own zone", () => {
    expect(ids(compliant)).toEqual([]);
  });

  it.each([
    [
      'a %{ directive in an expression (the issue: contains "" matches every request)',
      (doc: Document) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'lower(http.user_agent) contains "%{if false}x%{endif}"';
      },
      'rules[0].expression',
    ],
    [
      'a ${ interpolation inside an expression',
      (doc: Document) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'http.host eq "${var.host}"';
      },
      'rules[0].expression',
    ],
    [
      'a header value',
      (doc: Document) => {
        headersOf(doc)['Content-Security-Policy'].value = "default-src 'self' ${var.cdn}";
      },
      'value',
    ],
    [
      'a header value with a CRLF directive',
      (doc: Document) => {
        headersOf(doc)['Referrer-Policy'].value = 'no-referrer%{ if true }\r\nX-Evil: 1%{ endif }';
      },
      'value',
    ],
    [
      'a header name (property names are templates too)',
      (doc: Document) => {
        headersOf(doc)['X-${var.name}'] = { operation: 'set', value: 'x' };
      },
      '(property name)',
    ],
    [
      'a rule description',
      (doc: Document) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].description = 'Block ${var.what}';
      },
      'rules[0].description',
    ],
    [
      'a rule ref',
      (doc: Document) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].ref = 'bad-bots-%{x}';
      },
      'rules[0].ref',
    ],
    [
      'a ruleset name',
      (doc: Document) => {
        rulesetOf(doc, 'http_ratelimit').name = 'Bulwark ${terraform.workspace}';
      },
      'name',
    ],
    [
      'a $ before %{ (only %% escapes %{)',
      (doc: Document) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].description = 'cost $%{x}';
      },
      'rules[0].description',
    ],
  ])('finds %s', (_name, change, path) => {
    const found = findings(edit(change)).filter((f) => f.id === 'BulwarkCF-TMPL1');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(path);
    expect(found[0].level).toBe('error');
  });

  it.each([
    [
      'escaped sequences ($${ and %%{) in an expression',
      (doc: Document) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'lower(http.user_agent) contains "$${x} %%{y} $$${z}"';
      },
    ],
    [
      'escaped sequences in a header value',
      (doc: Document) => {
        headersOf(doc)['Content-Security-Policy'].value = "default-src 'self' $${x}";
      },
    ],
    [
      'a header value that is one reference',
      (doc: Document) => {
        headersOf(doc)['Content-Security-Policy'].value = '${var.csp}';
      },
    ],
    [
      'a lone $ or % and braces',
      (doc: Document) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].description = '100% of $5 {x}';
      },
    ],
  ])('passes %s', (_name, change) => {
    // TMPL1 only: HDR1 rightly judges what the header then carries (a `${x}` source, a value known at apply time).
    expect(ids(edit(change)).filter((id) => id.startsWith('BulwarkCF-TMPL1'))).toEqual([]);
  });

  it('checks a custom ruleset an entry point executes', () => {
    const doc = edit((d) => {
      d.resource.cloudflare_ruleset.extra = {
        zone_id: 'zone-1',
        kind: 'custom',
        phase: 'http_request_firewall_custom',
        name: 'extra',
        rules: [{ ref: 'x', action: 'block', expression: 'http.host eq "%{x}"' }],
      };
      rulesetOf(d, 'http_request_firewall_custom').rules.push({
        ref: 'run-extra',
        action: 'execute',
        expression: 'true',
        action_parameters: { id: '${cloudflare_ruleset.extra.id}' },
      });
    });
    expect(
      findings(doc)
        .filter((f) => f.id === 'BulwarkCF-TMPL1')
        .map((f) => (f.location.kind === 'resource' ? f.location.constructPath : '')),
    ).toEqual(['cloudflare_ruleset.extra']);
  });
});

describe('expressions are read as Terraform reads them', () => {
  it('lints an expression with escaped sequences as its literal text: no finding, not [unresolved]', () => {
    expect(
      ids(
        edit((doc) => {
          rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'http.host eq "$${a}"';
        }),
      ),
    ).toEqual([]);
  });

  it("lints the unescaped text: an error Terraform's unescaping reveals is found", () => {
    // $${ reads as ${; the expression is then a plain syntax error either way, and EXPR1 says so.
    expect(
      ids(
        edit((doc) => {
          rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'http.host eq $${a}';
        }),
      ),
    ).toEqual(['BulwarkCF-EXPR1']);
  });

  it('reports an expression with a template sequence as unresolved in EXPR1, never linted character by character', () => {
    const found = ids(
      edit((doc) => {
        rulesetOf(doc, 'http_request_firewall_custom').rules[0].expression = 'http.host eq "%{x}"';
      }),
    );
    expect(found).toEqual(['BulwarkCF-EXPR1[unresolved]', 'BulwarkCF-TMPL1']);
  });

  it('does not count a rule with a template sequence as protection (WAF3 on free, where a custom rule is the only protection)', () => {
    const free = buildPolicy(
      extendPreset('strict', {
        name: 'demo',
        edges: ['cloudflare'],
        cloudflare: { plan: 'free' },
        rateLimits: [{ name: 'auth', match: { paths: ['/api/auth/login', '/api/auth/register'] }, limit: 10, windowSeconds: 10 }],
      }),
    );
    const doc = JSON.parse(
      Testing.synthScope((scope) => {
        new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', policy: free });
      }),
    ) as Document;
    const rules = rulesetOf(doc, 'http_request_firewall_custom').rules;
    const traversal = rules.find((rule) => String(rule.ref).includes('path-traversal')) as Record<string, unknown>;
    expect(runCloudflareChecks(doc, free, 'cdk.tf.json').map((f) => f.id)).not.toContain('BulwarkCF-WAF3');
    traversal.expression = `${String(traversal.expression)} and http.host ne "%{x}"`;
    expect(runCloudflareChecks(doc, free, 'cdk.tf.json').map((f) => f.id)).toEqual(expect.arrayContaining(['BulwarkCF-WAF3', 'BulwarkCF-TMPL1']));
  });
});
