import { edgeCarries, type EdgeCapabilities } from '../policy/edges/edge-capabilities';
import type { PolicyRule } from '../policy/model';
import type { ZoneProblem } from './compile-zone';

/** Reports a rate limit the zone cannot carry: why (`reason`), and what would let it (`options`). */
export type UnfitRateLimit = (rule: PolicyRule, reason: string, options: string) => void;

/**
 * Reports a rate limit the zone cannot carry: into `awsOnly` when another edge carries it, into
 * `problems` otherwise, naming what the other edge of the rule would need when there is one.
 */
export function unfitRateLimit(otherEdges: readonly EdgeCapabilities[], awsOnly: ZoneProblem[], problems: ZoneProblem[]): UnfitRateLimit {
  return (rule, reason, options) => {
    // Left to another edge of the rule only when that edge can enforce it (its constructs refuse a rate they cannot).
    const carrier = otherEdges.find((edge) => edgeCarries(edge, rule));
    const other = otherEdges.find((edge) => rule.edges.includes(edge.edge));
    if (carrier)
      awsOnly.push({
        field: rule.source,
        message: `${rule.id} is enforced on ${carrier.edge === 'aws' ? 'AWS' : carrier.label} only: ${reason}; to enforce it on Cloudflare too: ${options}`,
      });
    else if (other)
      problems.push({
        field: rule.source,
        message: `${rule.id}: ${reason}, and ${other.label} cannot enforce it either${other.rates ? ` (it needs a rate of at least ${other.rates.minLimit} requests per ${Math.max(...other.rates.windows)} s)` : ''}; options: ${options}, or a looser rate`,
      });
    else problems.push({ field: rule.source, message: `${rule.id}: ${reason}; options: ${options}, or edges: [aws]` });
  };
}
