import { mayHoldRequestSecret } from '../core/secret-patterns';
import type { EdgeVerdict } from '../simulate/edge-verdict';
import type { RequestOutcome } from '../simulate/run-simulation';
import type { SimulationSummaryData } from '../simulate/simulation-summary';
import { printable } from './printable';
import { wrapped } from './text-block';

/** A simulation report written as it goes: one call per request, then the summary. */
export interface SimulationReportWriter {
  request(outcome: RequestOutcome): void;
  end(summary: SimulationSummaryData): void;
}

/**
 * The report for tools: `{"requests": [...], "summary": {...}}`, written request by request. Each
 * request carries its input's own fields (`id`, and any other such as a label) and each edge's
 * verdict; `edges` and `expectations` are the report's own keys.
 */
export function jsonReportWriter(write: (text: string) => void): SimulationReportWriter {
  let first = true;
  write('{\n  "requests": [');
  return {
    request({ request, edges }) {
      const expectations = edges.filter((edge) => edge.expected !== undefined);
      const entry = {
        ...request.extra,
        id: request.id,
        edges: Object.fromEntries(edges.map(({ edge, verdict }) => [edge, verdict])),
        ...(expectations.length > 0
          ? { expectations: Object.fromEntries(expectations.map(({ edge, expected, outcome }) => [edge, { expected, outcome }])) }
          : {}),
      };
      write(`${first ? '\n' : ',\n'}    ${JSON.stringify(entry)}`);
      first = false;
    },
    end(summary) {
      write(`${first ? '' : '\n  '}],\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
    },
  };
}

/**
 * The report for people: a block per request (the first `limit`; the JSON report has them all)
 * with each edge's action and deciding rule, then the summary: actions per edge, the requests
 * the edges decide differently and why, and the expectations not met. A path that may hold a
 * secret (a token in a reset link) is not shown.
 */
export function tableReportWriter(write: (text: string) => void, width: number, limit: number): SimulationReportWriter {
  let shown = 0;
  let total = 0;
  return {
    request({ request, edges }) {
      total += 1;
      if (shown >= limit) return;
      shown += 1;
      const nameWidth = Math.max(...edges.map(({ edge }) => edge.length));
      const lines = [`${printable(clip(request.id, 40))}  ${printable(request.method)} ${shownPath(request.path, width - 50)}`];
      for (const { edge, verdict, expected, outcome } of edges) {
        const judged = expected === undefined ? '' : `  expected ${expected}: ${outcome === 'met' ? 'met' : outcome === 'unmet' ? 'NOT MET' : 'unverified'}`;
        lines.push(
          `  ${printable(edge).padEnd(nameWidth)}  ${wrapped(printable(describeVerdict(verdict) + judged), width - nameWidth - 4, ' '.repeat(nameWidth + 4))}`,
        );
      }
      write(`${lines.join('\n')}\n`);
    },
    end(summary) {
      if (total > shown) write(`… ${total - shown} more requests not shown (--limit ${limit}); --format json lists them all\n`);
      write(`\n${formatSummary(summary, width)}`);
    },
  };
}

function describeVerdict(verdict: EdgeVerdict): string {
  const code = verdict.responseCode === undefined ? '' : ` (${verdict.responseCode})`;
  const phase = verdict.phase === undefined ? '' : ` [${verdict.phase}]`;
  if (verdict.action === 'unknown') {
    const otherwise = verdict.otherwise
      ? `; otherwise ${verdict.otherwise.action}${verdict.otherwise.rule === null ? '' : ` by ${verdict.otherwise.rule}`}`
      : '';
    // The reason is in the JSON report; the summary says once what unknown means.
    return `unknown: may be blocked by ${verdict.rule ?? 'a rule'}${phase}${otherwise}`;
  }
  return `${verdict.action}${code} ${verdict.rule === null ? 'by the default action' : `by ${verdict.rule}`}${phase}`;
}

function formatSummary(summary: SimulationSummaryData, width: number): string {
  const lines = [`Simulated ${summary.requests} request${summary.requests === 1 ? '' : 's'} on ${Object.keys(summary.edges).length} edge(s)`];
  const names = Object.keys(summary.edges);
  const nameWidth = Math.max(4, ...names.map((name) => name.length));
  const columns = ['allow', 'block', 'challenge', 'unknown'] as const;
  lines.push(`  ${'edge'.padEnd(nameWidth)}  ${columns.map((column) => column.padStart(9)).join(' ')}  from`);
  for (const [name, edge] of Object.entries(summary.edges)) {
    const counts = {
      allow: edge.actions.allow + edge.actions.count,
      block: edge.actions.block,
      challenge: edge.actions.challenge + edge.actions.captcha,
      unknown: edge.actions.unknown,
    };
    lines.push(`  ${printable(name).padEnd(nameWidth)}  ${columns.map((column) => String(counts[column]).padStart(9)).join(' ')}  ${printable(edge.source)}`);
  }
  lines.push('  unknown: reached a rule that cannot be judged offline (a managed rule group or ruleset, a proprietary detector) and may be blocked by it');
  if (names.length > 1) {
    lines.push('', `Parity: ${summary.parity.differing} request(s) decided differently, ${summary.parity.undecided} undecided on some edge`);
    for (const difference of summary.parity.examples) {
      const decided = Object.entries(difference.edges)
        .map(([edge, { action, rule }]) => `${edge} ${action}${rule === null ? '' : ` (${rule})`}`)
        .join(', ');
      lines.push(`  ${wrapped(printable(`${clip(difference.id, 40)}: ${decided}. ${difference.why.join('; ')}`), width - 4, '    ')}`);
    }
    if (summary.parity.differing > summary.parity.examples.length) lines.push(`  … ${summary.parity.differing - summary.parity.examples.length} more`);
  }
  const { met, unmet, unverified, failures, missing } = summary.expectations;
  if (met + unmet + unverified + missing.length > 0) {
    lines.push('', `Expectations: ${met} met, ${unmet} NOT MET, ${unverified} unverified (a rule that may act was reached)`);
    for (const failure of failures)
      lines.push(
        printable(
          `  NOT MET ${clip(failure.id, 40)} on ${failure.edge}: expected ${failure.expected}, got ${failure.got}${failure.rule === null ? ' (default action)' : ` by ${failure.rule}`}`,
        ),
      );
    if (unmet > failures.length) lines.push(`  … ${unmet - failures.length} more`);
    for (const id of missing) lines.push(`  NOT MET ${printable(clip(id, 40))}: expected, but no request has this id`);
  }
  return `${lines.join('\n')}\n`;
}

/** The path to show: clipped to the room there is, hidden when it may hold a secret. */
function shownPath(path: string, room: number): string {
  if (mayHoldRequestSecret(path)) return '(path hidden: it may hold a secret)';
  return printable(clip(path, Math.max(20, room)));
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
