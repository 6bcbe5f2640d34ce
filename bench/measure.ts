import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildResult } from './child-result';

/** One row of a benchmark table: a child script and its arguments, run in a fresh process each time. */
export interface Job {
  readonly key: string;
  readonly script: string;
  readonly args: readonly string[];
}

export interface Sample extends ChildResult {
  /** Spawn to exit, measured by the parent. */
  readonly wallMs: number;
}

/** Medians over the runs of a job (peak memory: the largest). */
export interface Summary {
  readonly runs: number;
  readonly wallMs: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly maxRssMiB: number;
  readonly counts: Readonly<Record<string, number>>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs a child once in a fresh Node process and reads what it reported. */
export function runOnce(job: Job): Sample {
  const directory = mkdtempSync(join(tmpdir(), 'bulwark-bench-result-'));
  const resultFile = join(directory, 'result.json');
  try {
    const started = performance.now();
    // The children's own output (validation reports of hundreds of findings) is not part of the result.
    const child = spawnSync(process.execPath, [job.script, ...job.args, resultFile], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 512 * 2 ** 20 });
    const wallMs = performance.now() - started;
    let result: ChildResult;
    try {
      result = JSON.parse(readFileSync(resultFile, 'utf8')) as ChildResult;
    } catch {
      throw new Error(`${job.key}: the child exited with ${child.status ?? child.signal} and reported nothing:\n${child.stderr.toString().slice(-4_000)}`);
    }
    return { ...result, wallMs };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Runs every job `runs` times, round-robin so that drift on the machine spreads over all
 * rows alike, after one discarded run of each warm-up job (disk cache, compilation caches).
 */
export function measure(jobs: readonly Job[], runs: number, warmUp: readonly Job[], progress: (line: string) => void = () => undefined): Map<string, Summary> {
  for (const job of warmUp) runOnce(job);
  const samples = new Map<string, Sample[]>(jobs.map((job) => [job.key, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const job of jobs) {
      const sample = runOnce(job);
      samples.get(job.key)?.push(sample);
      progress(`run ${run + 1}/${runs} ${job.key}: ${(sample.wallMs / 1000).toFixed(2)} s`);
    }
  }
  return new Map(jobs.map((job) => [job.key, summarize(samples.get(job.key) ?? [])]));
}

function summarize(samples: readonly Sample[]): Summary {
  const phaseNames = [...new Set(samples.flatMap((sample) => Object.keys(sample.phases)))];
  const countNames = [...new Set(samples.flatMap((sample) => Object.keys(sample.counts)))];
  return {
    runs: samples.length,
    wallMs: median(samples.map((sample) => sample.wallMs)),
    phases: Object.fromEntries(phaseNames.map((name) => [name, median(samples.map((sample) => sample.phases[name] ?? 0))])),
    maxRssMiB: Math.max(...samples.map((sample) => sample.maxRssKiB)) / 1024,
    counts: Object.fromEntries(countNames.map((name) => [name, median(samples.map((sample) => sample.counts[name] ?? 0))])),
  };
}
