/** The most characters of a received value quoted in an error (hostile templates can hold anything). */
const MAX_QUOTED = 80;

/**
 * A Web ACL, rule group, IP set or regex pattern set whose shape the simulator cannot read:
 * names the rule and field, quotes the value received (truncated) and says what is allowed.
 */
export class WebAclSimulationError extends Error {
  public override readonly name = 'WebAclSimulationError';

  constructor(
    /** The rule the problem is in, or null for the Web ACL itself. */
    public readonly rule: string | null,
    /** The field's path inside the rule, e.g. `Statement.ByteMatchStatement.PositionalConstraint`. */
    public readonly field: string,
    /** What was wrong and what is allowed. */
    public readonly problem: string,
  ) {
    super(`${rule === null ? 'Web ACL' : `rule "${truncate(rule)}"`}: ${field}: ${problem}`);
  }
}

/** A received value for an error message: JSON, cut to a readable length. */
export function quoteValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return truncate(text);
}

function truncate(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}
