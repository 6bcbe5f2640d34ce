import type { DeployedEdge } from './deployed-edges';
import type { EdgeVerdict, SimulatedAction } from './edge-verdict';
import type { ExpectationOutcome } from './expectations';
import type { ExpectedAction } from './simulated-request';

/** How many examples a summary keeps of each kind (differences, unmet expectations): its size must not grow with the requests. */
export const MAX_SUMMARY_EXAMPLES = 100;

/** One edge's verdict on one request. */
export interface EdgeOutcome {
  readonly edge: string;
  readonly verdict: EdgeVerdict;
  /** What the request was expected to get on this edge, and whether it did. */
  readonly expected?: ExpectedAction;
  readonly outcome?: ExpectationOutcome;
}

/** A request the edges decide differently, and why, as far as the rules show. */
export interface ParityDifference {
  readonly id: string;
  /** Each edge's action and deciding rule. */
  readonly edges: Readonly<Record<string, { readonly action: SimulatedAction; readonly rule: string | null }>>;
  readonly why: readonly string[];
}

/** An expectation a verdict did not meet. */
export interface ExpectationFailure {
  readonly id: string;
  readonly edge: string;
  readonly expected: ExpectedAction;
  readonly got: SimulatedAction;
  readonly rule: string | null;
}

/** What a simulation found, in numbers and a bounded list of examples. */
export interface SimulationSummaryData {
  readonly requests: number;
  /** Per edge: where its rules were read from, and how many requests got each action. */
  readonly edges: Readonly<
    Record<string, { readonly kind: 'aws' | 'cloudflare'; readonly source: string; readonly actions: Readonly<Record<SimulatedAction, number>> }>
  >;
  /** Requests decided differently by the edges: a definite difference (one allows, another blocks), or undecided (a rule that may act was reached). */
  readonly parity: { readonly differing: number; readonly undecided: number; readonly examples: readonly ParityDifference[] };
  readonly expectations: {
    readonly met: number;
    readonly unmet: number;
    readonly unverified: number;
    readonly failures: readonly ExpectationFailure[];
    /** Request ids the --expect file names that no request had. */
    readonly missing: readonly string[];
  };
}

/** The class of outcome parity compares: count and allow both let the request through; captcha is a challenge. */
function decisionOf(action: SimulatedAction): 'allow' | 'block' | 'challenge' | 'undecided' {
  if (action === 'allow' || action === 'count') return 'allow';
  if (action === 'captcha' || action === 'challenge') return 'challenge';
  return action === 'block' ? 'block' : 'undecided';
}

/** Gathers a simulation's numbers request by request, in memory bounded by the number of edges and examples. */
export class SimulationSummary {
  private requests = 0;
  private readonly actions = new Map<string, Record<SimulatedAction, number>>();
  private differing = 0;
  private undecided = 0;
  private readonly parityExamples: ParityDifference[] = [];
  private met = 0;
  private unmet = 0;
  private unverified = 0;
  private readonly failures: ExpectationFailure[] = [];
  private missing: readonly string[] = [];

  constructor(private readonly edges: readonly DeployedEdge[]) {
    for (const { edge } of edges) this.actions.set(edge.name, { allow: 0, block: 0, count: 0, captcha: 0, challenge: 0, unknown: 0 });
  }

  /** Records one request's outcome on every edge, in the edges' order; returns the parity difference it shows, if any. */
  add(id: string, outcomes: readonly EdgeOutcome[]): ParityDifference | undefined {
    this.requests += 1;
    for (const { edge, verdict, expected, outcome } of outcomes) {
      const counts = this.actions.get(edge);
      if (counts) counts[verdict.action] += 1;
      if (outcome === 'met') this.met += 1;
      else if (outcome === 'unverified') this.unverified += 1;
      else if (outcome === 'unmet' && expected !== undefined) {
        this.unmet += 1;
        if (this.failures.length < MAX_SUMMARY_EXAMPLES) this.failures.push({ id, edge, expected, got: verdict.action, rule: verdict.rule });
      }
    }
    return this.compare(id, outcomes);
  }

  /** The ids an --expect file named that no request had (known once every request was read). */
  setMissing(ids: readonly string[]): void {
    this.missing = ids;
  }

  /** Whether every expectation that could be judged was met (and every id expected was seen). */
  get expectationsFailed(): boolean {
    return this.unmet > 0 || this.missing.length > 0;
  }

  get unverifiedCount(): number {
    return this.unverified;
  }

  toJSON(): SimulationSummaryData {
    return {
      requests: this.requests,
      edges: Object.fromEntries(
        this.edges.map(({ edge }) => [
          edge.name,
          { kind: edge.kind, source: edge.source, actions: { ...(this.actions.get(edge.name) as Record<SimulatedAction, number>) } },
        ]),
      ),
      parity: { differing: this.differing, undecided: this.undecided, examples: [...this.parityExamples] },
      expectations: {
        met: this.met,
        unmet: this.unmet,
        unverified: this.unverified,
        failures: [...this.failures],
        missing: this.missing.slice(0, MAX_SUMMARY_EXAMPLES),
      },
    };
  }

  private compare(id: string, outcomes: readonly EdgeOutcome[]): ParityDifference | undefined {
    if (outcomes.length < 2) return undefined;
    const decisions = new Set(outcomes.map(({ verdict }) => decisionOf(verdict.action)));
    if (decisions.size < 2) return undefined;
    const definite = [...decisions].filter((decision) => decision !== 'undecided');
    if (definite.length < 2) {
      this.undecided += 1;
      return undefined;
    }
    this.differing += 1;
    const difference: ParityDifference = {
      id,
      edges: Object.fromEntries(outcomes.map(({ edge, verdict }) => [edge, { action: verdict.action, rule: verdict.rule }])),
      why: this.reasons(outcomes),
    };
    if (this.parityExamples.length < MAX_SUMMARY_EXAMPLES) this.parityExamples.push(difference);
    return difference;
  }

  /** Why the edges differ: a deciding rule another edge does not have, or the same rule judging differently. */
  private reasons(outcomes: readonly EdgeOutcome[]): string[] {
    const reasons: string[] = [];
    for (const { edge, verdict } of outcomes) {
      if (verdict.rule === null) continue;
      for (const other of this.edges) {
        if (other.edge.name === edge) continue;
        const otherVerdict = outcomes.find((outcome) => outcome.edge === other.edge.name)?.verdict;
        if (otherVerdict === undefined || decisionOf(otherVerdict.action) === decisionOf(verdict.action)) continue;
        reasons.push(
          other.ruleNames.has(verdict.rule)
            ? `${verdict.rule} decides on ${edge} (${verdict.action}); ${other.edge.name} has a rule of that name that does not match the same way`
            : `${verdict.rule} decides on ${edge} (${verdict.action}); ${other.edge.name} has no rule of that name (left out: its plan cannot express it, or its app does not add it; bulwark check says which)`,
        );
      }
    }
    return reasons.length > 0 ? reasons : ['every edge fell through to its default action, yet the defaults differ'];
  }
}
