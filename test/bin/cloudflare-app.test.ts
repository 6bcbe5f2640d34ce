import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

describe('bin/cloudflare-app.ts', () => {
  it('synthesizes the strict example zone as Terraform JSON, with no token or secret', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-cdktf-'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'cloudflare-app.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(join(outdir, 'stacks', 'bulwark-edge', 'cdk.tf.json'), 'utf8');
    const json = JSON.parse(text) as {
      resource: Record<string, Record<string, { zone_id: string; phase?: string }>>;
      provider: { cloudflare: Record<string, unknown>[] };
      variable: Record<string, unknown>;
    };
    const rulesets = Object.values(json.resource.cloudflare_ruleset);
    expect(rulesets.map((r) => r.phase).sort()).toEqual([
      'http_ratelimit',
      'http_request_firewall_custom',
      'http_request_firewall_managed',
      'http_response_headers_transform',
    ]);
    expect(rulesets.every((r) => r.zone_id === '${var.zone_id}')).toBe(true);
    expect(Object.keys(json.resource.cloudflare_zone_setting)).toHaveLength(5);
    expect(json.provider.cloudflare).toEqual([{}]);
    // Judged on what Terraform sends (resources, providers, variables), not the local state path, which holds the checkout's folder name.
    expect(JSON.stringify({ resource: json.resource, provider: json.provider, variable: json.variable })).not.toMatch(/api_token|api_key|password|secret/i);
  });

  it('runs through the cdktf CLI offline: `cdktf synth` writes the same stack from cdktf.json', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bulwark-cdktf-cli-'));
    const cli = join(root, 'node_modules', '.bin', 'cdktf');
    const result = spawnSync(cli, ['synth', '--output', outdir], { cwd: root, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' } });
    expect(result.status, result.stderr + result.stdout).toBe(0);
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'bulwark-edge', 'cdk.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, { phase?: string }>>;
    };
    expect(Object.values(json.resource.cloudflare_ruleset).map((r) => r.phase)).toContain('http_request_firewall_custom');
  }, 120_000);
});
