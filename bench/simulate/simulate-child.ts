/**
 * One measured simulation, in a fresh process:
 *   node dist-bench/bench/simulate/simulate-child.js <both|read-only> <requests.jsonl> <cdk out> <cdktf out> <result file>
 * `both` replays the requests against the strict example's Web ACL and Cloudflare zone;
 * `read-only` reads and checks the same requests without evaluating them (the baseline: what
 * reading JSON Lines costs on its own).
 */
import { PhaseClock } from '../child-result';

async function main(): Promise<void> {
  const [mode, requestsFile, cdkOut, cdktfOut, resultFile] = process.argv.slice(2);
  if ((mode !== 'both' && mode !== 'read-only') || !resultFile)
    throw new Error(`usage: simulate-child <both|read-only> <requests> <cdk out> <cdktf out> <result file>; got ${process.argv.slice(2).join(' ')}`);
  const clock = new PhaseClock();
  const { deployedEdges } = require('../../lib/simulate/deployed-edges') as typeof import('../../lib/simulate/deployed-edges');
  const { runSimulation } = require('../../lib/simulate/run-simulation') as typeof import('../../lib/simulate/run-simulation');
  const { readRequests } = require('../../lib/simulate/requests/read-requests') as typeof import('../../lib/simulate/requests/read-requests');
  clock.lap('import');
  const edges =
    mode === 'both'
      ? deployedEdges([
          { kind: 'cdk', dir: cdkOut, label: cdkOut },
          { kind: 'cdktf', dir: cdktfOut, label: cdktfOut },
        ])
      : [];
  clock.lap('compile');
  async function* requests() {
    for await (const record of readRequests(requestsFile, 'jsonl')) if (record.kind === 'request') yield record.request;
  }
  let blocked = 0;
  const summary = await runSimulation(requests(), edges, (outcome) => {
    if (outcome.edges.some(({ verdict }) => verdict.action === 'block')) blocked += 1;
  });
  clock.lap('simulate');
  const data = summary.toJSON();
  clock.report(resultFile, { requests: data.requests, edges: edges.length, blocked });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
