import type { SimulatedRequest } from './simulated-request';

/**
 * What an edge does with a request. `unknown`: a rule the simulator cannot judge offline (an AWS
 * managed rule group, SqliMatch/XssMatch, a Cloudflare managed ruleset) was reached and may act.
 */
export type SimulatedAction = 'allow' | 'block' | 'count' | 'captcha' | 'challenge' | 'unknown';

export interface EdgeVerdict {
  /** The terminating action, or `allow` from the default action when no rule terminated. */
  readonly action: SimulatedAction;
  /** The rule that decided (or may decide, for `unknown`); null when the default action decided. */
  readonly rule: string | null;
  /** Every rule that matched on the way, in evaluation order (count rules included). */
  readonly matched: readonly string[];
  /** Cloudflare: the phase of the deciding rule. */
  readonly phase?: string;
  /** AWS: labels the request carried at the end. */
  readonly labels?: readonly string[];
  /** The status code a block answers with: the rule's custom response, else the edge's default where it has one (Cloudflare: 403, 429 for a rate limit). */
  readonly responseCode?: number;
  /** For `unknown`: what the rule that may act is, and why it cannot be judged offline. */
  readonly reason?: string;
  /**
   * For `unknown`: the verdict if every rule that may act does not, so a reader sees what the
   * rest of the rules would do.
   */
  readonly otherwise?: { readonly action: Exclude<SimulatedAction, 'unknown'>; readonly rule: string | null };
}

/** A compiled edge: rules compiled once, evaluated request by request (rate counters are its state). */
export interface SimulatedEdge {
  /** `aws`, `cloudflare`, or with several of a kind `aws:<stack>/<logical id>`, `cloudflare:<zone>`. */
  readonly name: string;
  readonly kind: 'aws' | 'cloudflare';
  /** Where the rules were read from (a template file and logical id, a stack file and zone). */
  readonly source: string;
  /** Requests must be given in time order for rate limits; evaluate is called once per request, in order. */
  evaluate(request: SimulatedRequest): EdgeVerdict;
}
