import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../../lib';
import { EXIT } from '../../../lib/tooling';
import { CHECK_RUN_FILE, readCheckRunRecord, type CheckRunRecord } from '../../../lib/checks/report/check-run-record';
import { checklistSummary } from '../../../lib/checks/report/checklist-summary';
import { readCloudAssemblyRun } from '../../../lib/checks/report/read-cloud-assembly';
import { readTerraformOutput } from '../../../lib/checks/report/read-terraform-output';
import { buildPolicy, extendPreset } from '../../../lib/tooling';
import { runCliCaptured } from '../../support/run-cli';

/** A synthesized app whose one resource is a log group kept a year; BulwarkChecks registered unless `withoutChecks`. */
function assembly(withoutChecks = false): string {
  const outdir = mkdtempSync(join(tmpdir(), 'bulwark-run-record-'));
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  new logs.LogGroup(new Stack(app, 'Api'), 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
  if (!withoutChecks) Validations.of(app).addPlugins(new BulwarkChecks(app));
  app.synth();
  return outdir;
}

const record = (dir: string) => JSON.parse(readFileSync(join(dir, CHECK_RUN_FILE), 'utf8')) as CheckRunRecord;

describe('BulwarkChecks as a validation plugin', () => {
  it('records that it ran: the templates it checked, by content hash, and the rules that applied to a resource', () => {
    const dir = assembly();
    const { templates, applied } = record(dir);
    expect(Object.keys(templates)).toEqual(['Api.template.json']);
    expect(templates['Api.template.json']).toMatch(/^[0-9a-f]{64}$/);
    expect(applied).toEqual({ 'Bulwark-LOG1': 1 });
    expect(readCloudAssemblyRun(dir)).toEqual({ source: 'aws', input: dir, ran: true, applied: ['Bulwark-LOG1'] });
  });
});

describe('a cloud assembly BulwarkChecks did not run on', () => {
  it('has no record when the pack is not registered: the run says so and names the fix', () => {
    const dir = assembly();
    rmSync(join(dir, CHECK_RUN_FILE));
    const run = readCloudAssemblyRun(dir);
    expect(run).toMatchObject({ ran: false, applied: [] });
    expect(run.note).toMatch(/not registered[\s\S]*Validations\.of\(app\)\.addPlugins\(new BulwarkChecks/);
  });

  it('does not count a record left by an earlier synthesis: a template changed since', () => {
    const dir = assembly();
    const template = join(dir, 'Api.template.json');
    writeFileSync(template, readFileSync(template, 'utf8').replace('365', '1'));
    expect(readCloudAssemblyRun(dir)).toMatchObject({ ran: false, note: expect.stringMatching(/another synthesis \(Api\.template\.json has changed since\)/) });
  });

  it('does not follow a record that names a template outside the assembly', () => {
    const dir = assembly();
    const outside = mkdtempSync(join(tmpdir(), 'bulwark-run-outside-'));
    writeFileSync(join(outside, 't.json'), '{}');
    writeFileSync(join(dir, CHECK_RUN_FILE), JSON.stringify({ templates: { '../t.json': 'x', [join(outside, 't.json')]: 'y' }, applied: {} }));
    expect(readCheckRunRecord(dir)).toHaveProperty('missing');
  });

  it('does not read a FIFO or a directory a record names as a template (no hang): the record does not count', () => {
    const dir = assembly();
    expect(spawnSync('mkfifo', [join(dir, 'pipe.json')]).status).toBe(0);
    mkdirSync(join(dir, 'folder.json'));
    for (const template of ['pipe.json', 'folder.json']) {
      writeFileSync(join(dir, CHECK_RUN_FILE), JSON.stringify({ templates: { [template]: 'x' }, applied: {} }));
      expect(readCheckRunRecord(dir)).toHaveProperty('missing');
    }
  });

  it('refuses a record of the wrong shape with the file and field named (exit 2), not as a pass', async () => {
    const dir = assembly();
    writeFileSync(join(dir, CHECK_RUN_FILE), JSON.stringify({ templates: [], applied: { 'Bulwark-LOG1': 'many' } }));
    const { code, stderr } = await runCliCaptured('check', '--cdk-out', dir);
    expect(code).toBe(EXIT.badInput);
    expect(stderr).toContain(join(dir, CHECK_RUN_FILE));
    expect(stderr).toMatch(/templates is an empty array, not an object; applied\.Bulwark-LOG1 is a string, not a number/);
  });
});

describe('bulwark check never says pass for what it did not see', () => {
  it('shows every AWS item as not checked, says which pack did not run, and exits 1 (INCOMPLETE) on an assembly without the pack', async () => {
    const dir = assembly();
    rmSync(join(dir, CHECK_RUN_FILE));
    const table = await runCliCaptured('check', '--cdk-out', dir);
    expect(table.code).toBe(EXIT.findings);
    expect(table.stdout).toMatch(/AWS \(BulwarkChecks\) on .*: not run: BulwarkChecks did not run/);
    expect(table.stdout).toMatch(/0 errors, 0 warnings, 0 acknowledged: INCOMPLETE/);
    expect(table.stdout).not.toMatch(/\bpass\b/);
    const json = JSON.parse((await runCliCaptured('check', '--cdk-out', dir, '--format', 'json')).stdout) as {
      packs: { source: string; ran: boolean }[];
      checklist: { status: string }[];
    };
    expect(json.packs).toEqual([expect.objectContaining({ source: 'aws', ran: false })]);
    expect(new Set(json.checklist.map((row) => row.status))).toEqual(new Set(['not checked', 'not applicable']));
  });

  it('marks the SARIF run unsuccessful, with the reason as a notification', async () => {
    const dir = assembly();
    rmSync(join(dir, CHECK_RUN_FILE));
    const sarif = JSON.parse((await runCliCaptured('check', '--cdk-out', dir, '--format', 'sarif')).stdout) as {
      runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    const [invocation] = sarif.runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      { level: 'error', message: { text: expect.stringMatching(/^aws on .*BulwarkChecks did not run/) } },
    ]);
  });

  it('passes only the items a rule that ran applied to', async () => {
    const { code, stdout } = await runCliCaptured('check', '--cdk-out', assembly(), '--format', 'json');
    expect(code).toBe(EXIT.ok);
    const { checklist } = JSON.parse(stdout) as { checklist: { item: string; status: string }[] };
    expect(checklist.filter((row) => row.status === 'pass').map((row) => row.item)).toEqual(['auditLogging']);
  });

  it('leaves the Cloudflare items not checked on a cdktf output without a zone, and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-run-cdktf-'));
    mkdirSync(join(dir, 'stacks', 'edge'), { recursive: true });
    writeFileSync(
      join(dir, 'stacks', 'edge', 'cdk.tf.json'),
      Testing.synthScope(() => undefined),
    );
    const { findings, run } = readTerraformOutput(dir, buildPolicy(extendPreset('strict', { name: 'x' })));
    expect(findings).toEqual([]);
    expect(run).toMatchObject({ ran: true, applied: [], note: expect.stringMatching(/no Cloudflare zone/) });
    expect(new Set(checklistSummary(findings, [run]).map((row) => row.status))).toEqual(new Set(['not checked', 'not applicable']));
  });
});
