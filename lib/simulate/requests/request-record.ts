import type { SimulatedRequest } from '../simulated-request';

/**
 * One record of a requests file: a request, or why the record could not be read (reported with
 * the others, so a user fixes every record in one pass). `location` is `file:line` or
 * `file:entry N`; `message` names the field, what was received (hidden when it may be a
 * secret), what is allowed and how to fix it.
 */
export type RequestRecord =
  { readonly kind: 'request'; readonly request: SimulatedRequest } | { readonly kind: 'problem'; readonly location: string; readonly message: string };
