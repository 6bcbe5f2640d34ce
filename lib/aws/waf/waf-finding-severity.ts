/** How much a Web ACL compiler finding matters. The values are those WafFinding has always given. */
export enum WafFindingSeverity {
  /** Something adjusted or skipped, reported at synth as an info message. */
  INFO = 'info',
  /** Something to look at, reported at synth as an acknowledgeable warning. */
  WARNING = 'warning',
  /** A rule the Web ACL cannot have: the construct refuses to synthesize. */
  ERROR = 'error',
}
