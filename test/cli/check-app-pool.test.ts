import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulwarkChecks } from '../../lib';
import type { AppCheckResult, AppTask } from '../../lib/cli/app-check';
import { checkAppsInPool } from '../../lib/cli/check-app-pool';

let work: string;
let large: string;
let small: string;

/** A cloud assembly of `stacks` stacks, each with a log group kept a week (a Bulwark finding). */
function assembly(outdir: string, stacks: number): string {
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  for (let index = 0; index < stacks; index += 1) new logs.LogGroup(new Stack(app, `S${index}`), 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
  Validations.of(app).addPlugins(new BulwarkChecks(app));
  app.synth();
  return outdir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bulwark-pool-'));
  large = assembly(join(work, 'large'), 40);
  small = assembly(join(work, 'small'), 1);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const task = (dir: string, app: string): AppTask => ({ kind: 'cdk', dir, app, synthesize: false });
const summary = (result: AppCheckResult) =>
  'run' in result ? `${result.run.input}: ${result.findings.length} findings of ${new Set(result.findings.map((finding) => finding.app)).size} app` : result;

describe('checkAppsInPool', () => {
  it("gives each app's result at its place, whichever finishes first, the same with one job as with three", async () => {
    const missing = join(work, 'missing');
    const tasks = [task(large, 'large'), task(small, 'small-1'), task(missing, 'missing'), task(small, 'small-2')];
    const parallel = await checkAppsInPool(tasks, 3);
    expect(parallel.map(summary)).toEqual([
      `${large}: 40 findings of 1 app`,
      `${small}: 1 findings of 1 app`,
      { problems: [`${missing} is not a cloud assembly (no manifest.json); synthesize first (npx cdk synth)`] },
      `${small}: 1 findings of 1 app`,
    ]);
    expect(await checkAppsInPool(tasks, 1)).toEqual(parallel);
  });
});
