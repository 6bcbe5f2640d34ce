import { HardeningValidationError } from '../../lib/core/hardening-validation-error';

/** The HardeningValidationError a call throws; any other error is rethrown, and no error at all fails the test. */
export function thrownValidationError(fn: () => unknown): HardeningValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HardeningValidationError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}
