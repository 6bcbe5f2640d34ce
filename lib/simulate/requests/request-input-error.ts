/**
 * A requests file that cannot be read as requests at all: missing, not a regular file, too
 * large, compressed, or not in the format asked for. Bad input (exit 2), never an internal
 * error; its message names the file and never quotes what the file holds.
 */
export class RequestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestInputError';
  }
}
