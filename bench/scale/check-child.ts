/**
 * One measured `bulwark check`, in a fresh process:
 *   node dist-bench/bench/scale/check-child.js <jobs|separate> <repository> <cdk out>... <result file>
 * runs the CLI (as bin/bulwark.ts does, in this process) on the outputs given, from the
 * repository, with `--jobs <jobs>` and a JSON report, which is counted and dropped. Peak memory
 * is the process's, worker threads included. `separate` runs one such process per output, one
 * after the other, as a CI job that loops over its apps would (peak memory: the largest of them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhaseClock, type ChildResult } from '../child-result';

async function main(): Promise<void> {
  const [jobs, repository, ...rest] = process.argv.slice(2);
  const resultFile = rest.pop();
  if (!jobs || !repository || !resultFile || rest.length === 0)
    throw new Error(`usage: check-child <jobs|separate> <repository> <cdk out>... <result file>; got ${process.argv.slice(2).join(' ')}`);
  if (jobs === 'separate') {
    separately(repository, rest, resultFile);
    return;
  }
  const clock = new PhaseClock();
  const { runCli } = require('../../lib/cli/main') as typeof import('../../lib/cli/main');
  clock.lap('import');
  process.chdir(repository);
  let report = '';
  const code = await runCli(['check', '--cdk-out', ...rest, '--format', 'json', '--jobs', jobs], {
    stdout: (text) => {
      report += text;
    },
    stderr: (text) => process.stderr.write(text),
  });
  clock.lap('check');
  // The apps hold findings on purpose (exit 1); anything else is a failed run.
  if (code !== 1) throw new Error(`bulwark check exited ${code}`);
  const { findings, packs } = JSON.parse(report) as { findings: unknown[]; packs: unknown[] };
  // CPU time of the whole process, worker threads included: what the run costs whatever else the machine is doing.
  const cpu = process.cpuUsage();
  clock.report(resultFile, { apps: packs.length, findings: findings.length, reportBytes: Buffer.byteLength(report), cpuMs: (cpu.user + cpu.system) / 1000 });
}

/** Each output checked by its own process, in turn; the counts summed, the peak memory the largest. */
function separately(repository: string, outputs: readonly string[], resultFile: string): void {
  const work = mkdtempSync(join(tmpdir(), 'bulwark-bench-separate-'));
  try {
    const results = outputs.map((output, index): ChildResult => {
      const file = join(work, `${index}.json`);
      const child = spawnSync(process.execPath, [__filename, '1', repository, output, file], { stdio: ['ignore', 'ignore', 'inherit'] });
      if (child.status !== 0) throw new Error(`checking ${output} on its own exited ${child.status ?? child.signal}`);
      return JSON.parse(readFileSync(file, 'utf8')) as ChildResult;
    });
    const sum = (name: string) => results.reduce((total, result) => total + (result.counts[name] ?? 0), 0);
    const result: ChildResult = {
      phases: {},
      maxRssKiB: Math.max(...results.map((one) => one.maxRssKiB)),
      counts: { apps: sum('apps'), findings: sum('findings'), reportBytes: sum('reportBytes'), cpuMs: sum('cpuMs') },
    };
    writeFileSync(resultFile, JSON.stringify(result));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
