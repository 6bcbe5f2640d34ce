import type { DeployedEdge } from './deployed-edges';
import { expectedOn, judgeVerdict, type ExpectationFile } from './expectations';
import type { SimulatedRequest } from './simulated-request';
import { SimulationSummary, type EdgeOutcome, type ParityDifference } from './simulation-summary';

/** One request's outcome on every edge. */
export interface RequestOutcome {
  readonly request: SimulatedRequest;
  readonly edges: readonly EdgeOutcome[];
  /** Set when the edges decide it differently. */
  readonly difference?: ParityDifference;
}

/**
 * Replays requests, in the order given, against every edge (each keeps its own rate-limit
 * counters), judging each verdict against the request's expectation: the --expect file's entry
 * for its id, else its own `expect` field. Each outcome is handed to `onOutcome` as soon as it is
 * known and not kept, so memory does not grow with the number of requests.
 */
export async function runSimulation(
  requests: AsyncIterable<SimulatedRequest>,
  edges: readonly DeployedEdge[],
  onOutcome: (outcome: RequestOutcome) => void,
  expectations?: ExpectationFile,
): Promise<SimulationSummary> {
  const summary = new SimulationSummary(edges);
  const seen = new Set<string>();
  for await (const request of requests) {
    const expectation = expectations?.get(request.id) ?? (request.expect === undefined ? undefined : { every: request.expect });
    if (expectations?.has(request.id)) seen.add(request.id);
    const outcomes = edges.map(({ edge }): EdgeOutcome => {
      const verdict = edge.evaluate(request);
      const expected = expectation === undefined ? undefined : expectedOn(expectation, edge);
      return expected === undefined ? { edge: edge.name, verdict } : { edge: edge.name, verdict, expected, outcome: judgeVerdict(expected, verdict) };
    });
    const difference = summary.add(request.id, outcomes);
    onOutcome(difference === undefined ? { request, edges: outcomes } : { request, edges: outcomes, difference });
  }
  if (expectations) summary.setMissing([...expectations.keys()].filter((id) => !seen.has(id)));
  return summary;
}
