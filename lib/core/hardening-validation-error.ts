/** One problem with a construct's configuration: the field at fault and what is wrong. */
export interface HardeningProblem {
  /** The profile field or construct prop at fault, e.g. `rateLimits[1]`. */
  readonly field: string;
  readonly message: string;
}

/**
 * Thrown while building a construct whose configuration cannot be deployed. Lists every
 * problem at once and names the construct path.
 */
/** The construct at fault, as far as the error needs it: any `IConstruct` (aws-cdk-lib or cdktf) is one. */
export interface ConstructAtFault {
  readonly node: { readonly path: string };
}

export class HardeningValidationError extends Error {
  public readonly problems: readonly HardeningProblem[];
  public readonly constructPath: string;

  constructor(scope: ConstructAtFault, problems: readonly HardeningProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super([`${scope.node.path}: ${count}:`, ...problems.map((p) => `- ${p.field}: ${p.message}`)].join('\n'));
    this.name = 'HardeningValidationError';
    this.problems = problems;
    this.constructPath = scope.node.path;
  }
}
