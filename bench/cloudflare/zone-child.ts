/**
 * One measured run of a Cloudflare zone, in a fresh process:
 *   node dist-bench/bench/cloudflare/zone-child.js <added rules> <result file>
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhaseClock } from '../child-result';

function main(): void {
  const [addedArgument, resultFile] = process.argv.slice(2);
  const added = Number(addedArgument);
  if (!Number.isInteger(added) || added < 0 || !resultFile)
    throw new Error(`usage: zone-child <added rules> <result file>; got ${process.argv.slice(2).join(' ')}`);
  const clock = new PhaseClock();
  // require() rather than import: loading the modules is timed as a phase of its own.
  const cdktf = require('cdktf') as typeof import('cdktf');
  const { CloudflareProvider } = require('@cdktf/provider-cloudflare/lib/provider') as typeof import('@cdktf/provider-cloudflare/lib/provider');
  const { CloudflareZoneHardening } = require('bulwark-cloudflare') as typeof import('bulwark-cloudflare');
  const { policyWithRules } = require('./rule-fleet') as typeof import('./rule-fleet');
  clock.lap('import');

  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-bench-cf-'));
  try {
    const policy = policyWithRules(added);
    const app = new cdktf.App({ outdir });
    const stack = new cdktf.TerraformStack(app, 'zone');
    new CloudflareProvider(stack, 'cloudflare', {});
    const zone = new CloudflareZoneHardening(stack, 'zone', { zoneId: '023e105f4ecef8ad9ca31a8372d0c353', policy });
    clock.lap('construct');
    app.synth();
    clock.lap('synth');
    const written = readdirSync(join(outdir, 'stacks', 'zone')).reduce((sum, file) => sum + statSync(join(outdir, 'stacks', 'zone', file)).size, 0);
    clock.report(resultFile, {
      policyRules: policy.rules.filter((rule) => rule.edges.includes('cloudflare')).length,
      customRules: zone.compiled.rulesets.http_request_firewall_custom.length,
      rateLimitRules: zone.compiled.rulesets.http_ratelimit.length,
      terraformJsonBytes: written,
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
