import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { CloudflareZoneHardening } from 'bulwark-cloudflare';
import { buildPolicy, parseProfile } from '../../lib/tooling';
import { runCliCaptured } from '../support/run-cli';

/* `bulwark check` end to end on Terraform JSON whose strings hold template sequences. */

const policy = buildPolicy(
  parseProfile({
    name: 'demo',
    edges: ['cloudflare'],
    cloudflare: { plan: 'business' },
    waf: { badBots: { userAgents: ['%{if false}x%{endif}', '${var.secret}'] } },
  }),
);
type Document = { resource: Record<string, Record<string, Record<string, unknown>>> };

async function check(document: Document): Promise<{ id: string; message: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-cdktf-template-'));
  try {
    mkdirSync(join(dir, 'stacks', 'edge'), { recursive: true });
    writeFileSync(join(dir, 'stacks', 'edge', 'cdk.tf.json'), JSON.stringify(document));
    const { stdout } = await runCliCaptured('check', '--cdktf-out', dir, '--format', 'json', '--cloudflare-plan', 'business');
    return (JSON.parse(stdout) as { findings: { id: string; message: string }[] }).findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bulwark check on template sequences', () => {
  const synthesized = JSON.parse(
    Testing.synthScope((scope) => {
      new CloudflareZoneHardening(scope, 'zone', { zoneId: 'zone-1', policy });
    }),
  ) as Document;
  const custom = () =>
    Object.values(synthesized.resource.cloudflare_ruleset).find((ruleset) => ruleset.phase === 'http_request_firewall_custom') as {
      rules: { ref: string; expression: string }[];
    };

  it('passes the zone Bulwark synthesized from hostile user agents (escaped, so literal)', async () => {
    const expression = custom().rules.find((rule) => rule.ref === 'bad-bots')?.expression;
    expect(expression).toContain('lower(http.user_agent) contains "%%{if false}x%%{endif}"');
    expect(expression).toContain('lower(http.user_agent) contains "$${var.secret}"');
    expect(
      (await check(synthesized)).map((finding) => finding.id).filter((id) => id.startsWith('BulwarkCF-TMPL1') || id.startsWith('BulwarkCF-EXPR1')),
    ).toEqual([]);
  });

  it('flags the same zone with the escaping undone: the directive that makes the rule block every request', async () => {
    const raw = structuredClone(synthesized);
    const rules = (
      Object.values(raw.resource.cloudflare_ruleset).find((ruleset) => ruleset.phase === 'http_request_firewall_custom') as {
        rules: { ref: string; expression: string }[];
      }
    ).rules;
    const badBots = rules.find((rule) => rule.ref === 'bad-bots') as { expression: string };
    badBots.expression = 'lower(http.user_agent) contains "%{if false}x%{endif}"';
    const findings = await check(raw);
    expect(findings.filter((finding) => finding.id === 'BulwarkCF-TMPL1').map((finding) => finding.message)).toEqual([
      expect.stringContaining('rules[0].expression holds the Terraform template sequence %{'),
    ]);
  });
});
