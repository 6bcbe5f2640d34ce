import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { seconds, table } from '../format';
import { measure, pairedRatio, type Job, type Summary } from '../measure';
import { mark } from '../targets';
import { scaleAppOutput, SERVICES_PER_SCALE_STACK, synthesizeScaleApp } from './scale-app';

/** The targets of issue 24, item 4 (checks at scale). */
export const SCALE_TARGETS = {
  apps: 50,
  stacksPerApp: 20,
  /** The cores the target is set for: --jobs 2. */
  jobs: 2,
  /** Wall time of `bulwark check` over every app with --jobs 2, against --jobs 1 (one app after the other). */
  parallelOverSerial: 0.6,
  /** Peak memory checking every app over checking a fifth of them, with --jobs 2: bounded by the apps in flight, not by the apps checked. */
  memoryGrowth: 1.5,
} as const;

/** The fewer apps memory growth is judged against. */
const FEW_APPS = SCALE_TARGETS.apps / 5;

/**
 * Section 6 of the results: `bulwark check` over a monorepo of SCALE_TARGETS.apps synthesized
 * CDK apps of SCALE_TARGETS.stacksPerApp stacks each, in one process with --jobs 1 and with
 * --jobs 2, and one process per app, in the same rounds. The apps are synthesized once, before
 * anything is timed: the check is what is measured.
 */
export function scaleSection(runs: number, progress: (line: string) => void): string {
  const work = mkdtempSync(join(tmpdir(), 'bulwark-bench-scale-'));
  try {
    progress(`Scale: synthesizing an app of ${SCALE_TARGETS.stacksPerApp} stacks and copying it to ${SCALE_TARGETS.apps} apps`);
    const started = performance.now();
    const synthesized = join(work, 'synthesized');
    synthesizeScaleApp(synthesized, SCALE_TARGETS.stacksPerApp);
    const outputs = Array.from({ length: SCALE_TARGETS.apps }, (_, index) => {
      const output = scaleAppOutput(work, index);
      cpSync(synthesized, output, { recursive: true });
      return relative(work, output);
    });
    progress(`Scale: apps ready in ${seconds(performance.now() - started)} s`);
    const script = join(__dirname, 'check-child.js');
    const jobs: Job[] = [
      { key: 'jobs 1', script, args: ['1', work, ...outputs] },
      { key: `jobs ${SCALE_TARGETS.jobs}`, script, args: [String(SCALE_TARGETS.jobs), work, ...outputs] },
      { key: `jobs ${SCALE_TARGETS.jobs} few`, script, args: [String(SCALE_TARGETS.jobs), work, ...outputs.slice(0, FEW_APPS)] },
      { key: 'separate', script, args: ['separate', work, ...outputs] },
    ];
    progress(`Scale: ${jobs.length} rows x ${runs} runs`);
    const results = measure(jobs, runs, [jobs[1]], progress);
    const get = (key: string): Summary => {
      const summary = results.get(key);
      if (!summary) throw new Error(`no measurement for ${key}`);
      return summary;
    };
    const serial = get('jobs 1');
    const parallel = get(`jobs ${SCALE_TARGETS.jobs}`);
    const few = get(`jobs ${SCALE_TARGETS.jobs} few`);
    const separate = get('separate');
    const range = (summary: Summary) => `${seconds(summary.wallRangeMs[0])}–${seconds(summary.wallRangeMs[1])}`;
    const row = (label: string, summary: Summary, memory = true) => [
      label,
      summary.counts.apps,
      summary.counts.apps * SCALE_TARGETS.stacksPerApp,
      summary.counts.findings,
      seconds(summary.wallMs),
      range(summary),
      seconds(summary.counts.cpuMs),
      memory ? summary.maxRssMiB.toFixed(0) : `${summary.maxRssMiB.toFixed(0)} (largest process)`,
    ];
    const ratio = pairedRatio(parallel, serial);
    const growth = parallel.maxRssMiB / few.maxRssMiB;
    return [
      '## 6. Checks at scale',
      '',
      `\`bulwark check --cdk-out <${SCALE_TARGETS.apps} cloud assemblies> --format json\` on a monorepo of ${SCALE_TARGETS.apps} CDK apps of ${SCALE_TARGETS.stacksPerApp} stacks each (bench/scale/scale-app.ts: per stack the fleet's alarms, hardened secrets and WAF log key with ${SERVICES_PER_SCALE_STACK} services' Web ACLs, plus a secret without rotation and a log group kept a week, which the checks find). One app is synthesized with BulwarkChecks before anything is timed and copied to every app's cdk.out: reading the assemblies and placing the findings is what is timed, each run a fresh process (bench/scale/check-child.ts runs the CLI as bin/bulwark.ts does) from spawn to exit, with its CPU time (user and system) and peak memory worker threads included: on a busy machine the CPU time still shows what a run costs, where the wall time shows how much the other processes let it have. "one process per app" runs \`bulwark check --cdk-out <app>\` for each app in turn, as a CI job looping over its apps would. This machine has ${availableParallelism()} CPUs available; the target is set for ${SCALE_TARGETS.jobs}.`,
      '',
      table(
        ['run', 'apps', 'stacks', 'findings', 'wall s', 'wall range s', 'CPU s', 'peak MiB'],
        [
          row('--jobs 1 (one app after the other, in one process)', serial),
          row(`--jobs ${SCALE_TARGETS.jobs} (worker threads)`, parallel),
          row(`--jobs ${SCALE_TARGETS.jobs}, a fifth of the apps`, few),
          row('one process per app, in turn (for information)', separate, false),
        ],
      ),
      '',
      table(
        ['measure', 'value', 'target', 'result'],
        [
          [
            `wall --jobs ${SCALE_TARGETS.jobs} / --jobs 1, ${SCALE_TARGETS.apps} apps (paired by round)`,
            `${ratio.toFixed(2)} (ratio of the medians: ${(parallel.wallMs / serial.wallMs).toFixed(2)})`,
            `≤ ${SCALE_TARGETS.parallelOverSerial}`,
            mark(ratio <= SCALE_TARGETS.parallelOverSerial),
          ],
          [
            `peak memory, --jobs ${SCALE_TARGETS.jobs}: ${SCALE_TARGETS.apps} apps / ${FEW_APPS} apps`,
            growth.toFixed(2),
            `≤ ${SCALE_TARGETS.memoryGrowth}`,
            mark(growth <= SCALE_TARGETS.memoryGrowth),
          ],
          [
            `peak memory --jobs ${SCALE_TARGETS.jobs} / --jobs 1 (information: what each worker thread adds)`,
            (parallel.maxRssMiB / serial.maxRssMiB).toFixed(2),
            '-',
            '-',
          ],
          ['wall one process per app / --jobs 1 (information)', (separate.wallMs / serial.wallMs).toFixed(2), '-', '-'],
        ],
      ),
      '',
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
