import type { ProfileValidationError } from '../profile/errors';

/** Everything wrong with the inputs of `bulwark check` or `bulwark simulate`, reported at once: outputs and files that cannot be read, and the profile's problems. */
export class CheckInputError extends Error {
  constructor(
    public readonly problems: readonly string[],
    public readonly profileError?: ProfileValidationError,
  ) {
    super([...problems, ...(profileError ? [profileError.message] : [])].join('\n'));
  }
}
