import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seconds, table } from '../format';
import { measure, type Job, type Summary } from '../measure';
import { repositoryRoot } from '../paths';
import { mark } from '../targets';
import { writeRequestStream } from './request-stream';
import { synthesizeStrictEdges } from './synth-edges';

/**
 * The old-space cap every simulation runs under. V8 lets the heap grow lazily while garbage
 * accumulates between collections, so without a cap peak memory follows the run's length even
 * when nothing is retained (the live heap stays near 50 MiB here at any size); under the cap a
 * simulation that retained memory per request would fail, and peak memory shows what it needs.
 */
const HEAP_CAP_MIB = 96;

/** The targets of the simulate issue. */
export const SIMULATE_TARGETS = {
  /** Requests per second through both edges of the strict example, on one core. */
  requestsPerSecond: 20_000,
  /** Peak memory at the largest size over the smallest: flat, whatever the number of requests. */
  memoryGrowth: 1.5,
} as const;

/**
 * Section 4 of the results: `bulwark simulate`'s throughput and memory on the strict example
 * (both edges) at each size, against reading the same requests alone, in the same rounds.
 */
export function simulateSection(sizes: readonly number[], runs: number, progress: (line: string) => void): string {
  const work = mkdtempSync(join(tmpdir(), 'bulwark-bench-simulate-'));
  try {
    const { cdkOut, cdktfOut } = synthesizeStrictEdges(work, join(repositoryRoot(), 'examples', 'profiles', 'strict.yaml'));
    const script = join(__dirname, 'simulate-child.js');
    const results = new Map<string, Summary>();
    for (const size of sizes) {
      const file = join(work, `requests-${size}.jsonl`);
      progress(`Simulate: writing ${size} requests`);
      writeRequestStream(file, size);
      const jobs: Job[] = (['both', 'read-only'] as const).map((mode) => ({
        key: `${mode} ${size}`,
        script,
        args: [mode, file, cdkOut, cdktfOut],
        nodeOptions: [`--max-old-space-size=${HEAP_CAP_MIB}`],
      }));
      // The largest size runs minutes per round: fewer rounds there.
      const sizeRuns = size >= 1_000_000 ? Math.min(runs, 3) : runs;
      progress(`Simulate: ${jobs.length} rows x ${sizeRuns} runs at ${size} requests`);
      for (const [key, summary] of measure(jobs, sizeRuns, [jobs[0]], progress)) results.set(key, summary);
      rmSync(file, { force: true });
    }
    const get = (key: string): Summary => {
      const summary = results.get(key);
      if (!summary) throw new Error(`no measurement for ${key}`);
      return summary;
    };
    const perSecond = (summary: Summary) => summary.counts.requests / (summary.phases.simulate / 1000);
    const rows = sizes.flatMap((size) =>
      (['both', 'read-only'] as const).map((mode) => {
        const summary = get(`${mode} ${size}`);
        return [
          size.toLocaleString('en-US'),
          mode === 'both' ? 'strict example, both edges (AWS Web ACL + Cloudflare zone)' : 'reading the requests only (baseline)',
          summary.counts.edges,
          summary.counts.blocked,
          seconds(summary.phases.simulate),
          Math.round(perSecond(summary)).toLocaleString('en-US'),
          seconds(summary.wallMs),
          summary.maxRssMiB.toFixed(0),
        ];
      }),
    );
    const largest = Math.max(...sizes);
    const smallest = Math.min(...sizes);
    const rate = perSecond(get(`both ${largest}`));
    const growth = get(`both ${largest}`).maxRssMiB / get(`both ${smallest}`).maxRssMiB;
    const evaluationShare = get(`both ${largest}`).phases.simulate / get(`read-only ${largest}`).phases.simulate;
    return [
      '## 4. Simulate',
      '',
      `\`bulwark simulate\` on generated JSON Lines (bench/simulate/request-stream.ts: customers, scanners, injection attempts and a login burst, 100 requests a second) against the strict example's regional Web ACL and Cloudflare zone (Pro), synthesized as the example apps do. Every run is a fresh \`node --max-old-space-size=${HEAP_CAP_MIB}\` (a cap a simulation that kept memory per request would exceed; without it V8 lets garbage grow the heap with the run's length). "simulate s" is reading, evaluating on both edges and summarizing, timed inside the process (one thread); the baseline row reads and checks the same requests without evaluating them. Sizes over 1,000,000 run ${Math.min(runs, 3)} rounds.`,
      '',
      table(['requests', 'run', 'edges', 'blocked on some edge', 'simulate s', 'requests/s', 'wall s', 'peak MiB'], rows),
      '',
      table(
        ['measure', 'value', 'target', 'result'],
        [
          [
            `requests/s at ${largest.toLocaleString('en-US')}, both edges`,
            Math.round(rate).toLocaleString('en-US'),
            `≥ ${SIMULATE_TARGETS.requestsPerSecond.toLocaleString('en-US')}`,
            mark(rate >= SIMULATE_TARGETS.requestsPerSecond),
          ],
          [
            `peak memory at ${largest.toLocaleString('en-US')} / at ${smallest.toLocaleString('en-US')}`,
            growth.toFixed(2),
            `≤ ${SIMULATE_TARGETS.memoryGrowth}`,
            mark(growth <= SIMULATE_TARGETS.memoryGrowth),
          ],
          [
            `simulate / read-only at ${largest.toLocaleString('en-US')} (information: what evaluating costs over reading)`,
            evaluationShare.toFixed(2),
            '-',
            '-',
          ],
        ],
      ),
      '',
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
