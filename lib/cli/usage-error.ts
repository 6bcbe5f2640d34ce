/** Bad input that is not a profile problem: a missing directory, an output that cannot be written. Exit 2. */
export class UsageError extends Error {}
