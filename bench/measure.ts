import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildResult } from './child-result';

/** One row of a benchmark table: a child script and its arguments, run in a fresh process each time. */
export interface Job {
  readonly key: string;
  readonly script: string;
  readonly args: readonly string[];
  /** Node options for the child (e.g. a heap cap). */
  readonly nodeOptions?: readonly string[];
}

export interface Sample extends ChildResult {
  /** Spawn to exit, measured by the parent. */
  readonly wallMs: number;
}

/** Medians over the runs of a job (peak memory: the largest). */
export interface Summary {
  readonly runs: number;
  readonly wallMs: number;
  /** The fastest and slowest runs' wall times: the spread the medians come from. */
  readonly wallRangeMs: readonly [number, number];
  /** Each run's wall time, by round: every round runs every job once, so two jobs' runs of one round ran minutes apart at most. */
  readonly wallMsByRound: readonly number[];
  readonly phases: Readonly<Record<string, number>>;
  readonly maxRssMiB: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** A run that takes longer has hung: the largest takes about 80 s here. */
const CHILD_TIMEOUT_MS = 15 * 60_000;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The median over rounds of one job's wall time over another's in the same round. The machine's
 * speed drifts over minutes; a ratio taken within a round cancels what both runs share, where
 * a ratio of two medians can set one job's fast runs against another's slow ones.
 */
export function pairedRatio(numerator: Summary, denominator: Summary): number {
  const rounds = Math.min(numerator.wallMsByRound.length, denominator.wallMsByRound.length);
  return median(Array.from({ length: rounds }, (_, round) => numerator.wallMsByRound[round] / denominator.wallMsByRound[round]));
}

/** Runs a child once in a fresh Node process and reads what it reported. */
export function runOnce(job: Job): Sample {
  const directory = mkdtempSync(join(tmpdir(), 'bulwark-bench-result-'));
  const resultFile = join(directory, 'result.json');
  try {
    const started = performance.now();
    // The children's own output (validation reports of hundreds of findings) is not part of the result.
    const child = spawnSync(process.execPath, [...(job.nodeOptions ?? []), job.script, ...job.args, resultFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 512 * 2 ** 20,
      timeout: CHILD_TIMEOUT_MS,
    });
    const wallMs = performance.now() - started;
    if (child.error || child.status !== 0 || !existsSync(resultFile)) {
      const why = child.error?.message ?? `exit ${child.status ?? child.signal}`;
      throw new Error(`${job.key} (node ${[job.script, ...job.args].join(' ')}) failed: ${why}\n${child.stderr?.toString().slice(-4_000) ?? ''}`);
    }
    return { ...(JSON.parse(readFileSync(resultFile, 'utf8')) as ChildResult), wallMs };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Runs every job `runs` times, a round at a time in a different order each round, so that
 * drift on the machine and the after-effects of a long run spread over all rows alike; after
 * one discarded run of each warm-up job (disk cache, compilation caches).
 */
export function measure(jobs: readonly Job[], runs: number, warmUp: readonly Job[], progress: (line: string) => void = () => undefined): Map<string, Summary> {
  for (const job of warmUp) runOnce(job);
  const samples = new Map<string, Sample[]>(jobs.map((job) => [job.key, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const job of roundOrder(jobs, run)) {
      const sample = runOnce(job);
      samples.get(job.key)?.push(sample);
      progress(`run ${run + 1}/${runs} ${job.key}: ${(sample.wallMs / 1000).toFixed(2)} s`);
    }
  }
  return new Map(jobs.map((job) => [job.key, summarize(samples.get(job.key) ?? [])]));
}

/** The jobs in a fixed pseudo-random order for each round: the same rounds on every machine, so runs compare. */
function roundOrder<T>(jobs: readonly T[], round: number): T[] {
  let seed = round + 1;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const order = [...jobs];
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [order[index], order[other]] = [order[other], order[index]];
  }
  return order;
}

function summarize(samples: readonly Sample[]): Summary {
  const phaseNames = [...new Set(samples.flatMap((sample) => Object.keys(sample.phases)))];
  const countNames = [...new Set(samples.flatMap((sample) => Object.keys(sample.counts)))];
  return {
    runs: samples.length,
    wallMs: median(samples.map((sample) => sample.wallMs)),
    wallRangeMs: [Math.min(...samples.map((sample) => sample.wallMs)), Math.max(...samples.map((sample) => sample.wallMs))],
    wallMsByRound: samples.map((sample) => sample.wallMs),
    phases: Object.fromEntries(phaseNames.map((name) => [name, median(samples.map((sample) => sample.phases[name] ?? 0))])),
    maxRssMiB: Math.max(...samples.map((sample) => sample.maxRssKiB)) / 1024,
    counts: Object.fromEntries(countNames.map((name) => [name, median(samples.map((sample) => sample.counts[name] ?? 0))])),
  };
}
